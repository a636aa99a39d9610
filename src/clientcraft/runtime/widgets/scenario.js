// The scenario view: the situation, one decision at a time as a native radio group (one Tab stop, arrow keys move
// the choice, named by its question through the legend), Submit, then the feedback, which receives focus.
// HTML traits (head_html, feedback_html, ...) come from the kernel's escaping templates; option labels and other
// plain strings are always set with textContent.

function render({ model, el: root }) {
  const uid = nextId("cc-sc");
  const t = (key) => (model.get("labels") || {})[key] || "";

  const section = node("section", { class: "cc-scenario-view", "aria-labelledby": `${uid}-title` });
  const title = node("h3", { id: `${uid}-title`, class: "cc-scenario-title" });
  const head = node("div", { class: "cc-scenario-head" });
  const history = node("div", { class: "cc-history" });
  const step = node("div", { class: "cc-step", tabindex: "-1" });
  const narrative = node("div", { class: "cc-narrative" });
  const fieldset = node("fieldset", { class: "cc-choice" });
  const legend = node("legend", { id: `${uid}-q`, class: "cc-prompt" });
  const options = node("div", { class: "cc-options" });
  const submitRow = node("div", { class: "cc-actions" });
  const submit = node("button", { type: "button", class: "cc-button cc-primary" });
  const notice = node("p", { class: "cc-notice", role: "alert" });
  const feedback = node("div", { class: "cc-feedback-region", tabindex: "-1", role: "region",
                                 "aria-labelledby": `${uid}-fb` });
  const feedbackLabel = node("h4", { id: `${uid}-fb`, class: "cc-visually-hidden" });
  const feedbackBody = node("div", { "aria-live": "polite" });
  const actions = node("div", { class: "cc-actions cc-after" });
  const summary = node("div", { class: "cc-summary-region" });

  fieldset.append(legend, options);
  submitRow.append(submit);
  step.append(narrative, fieldset, submitRow, notice);
  feedback.append(feedbackLabel, feedbackBody);
  section.append(title, head, history, step, feedback, actions, summary);
  root.appendChild(section);

  submit.addEventListener("click", () => {
    if (model.get("locked")) return;
    if (!model.get("value")) {
      notice.textContent = t("choose_first");
      const first = options.querySelector("input");
      if (first) first.focus();
      return;
    }
    notice.textContent = "";
    // the choice travels with the message: a state update may still wait in the widget manager's queue
    model.send({ type: "submit", value: model.get("value") });
  });

  function html(target, value) {
    if (target.dataset.html !== value) {  // unchanged HTML is left alone (no flicker, no lost selection)
      target.innerHTML = value || "";
      target.dataset.html = value || "";
    }
    target.hidden = !value;
  }

  function drawOptions() {
    options.replaceChildren();
    const chosen = model.get("value");
    for (const [i, opt] of (model.get("options") || []).entries()) {
      const label = node("label", { class: "cc-option" });
      const input = node("input", { type: "radio", name: uid, value: opt.id, id: `${uid}-o${i}` });
      input.checked = opt.id === chosen;
      input.addEventListener("change", () => {
        if (input.checked) {
          notice.textContent = "";
          model.set("value", opt.id);
          model.save_changes();
        }
      });
      label.append(input, node("span", { class: "cc-option-text" }, opt.label));
      options.appendChild(label);
    }
    drawLock();
  }

  function drawValue() {
    const chosen = model.get("value");
    for (const input of options.querySelectorAll("input")) input.checked = input.value === chosen;
  }

  function drawLock() {
    const locked = model.get("locked");
    for (const input of options.querySelectorAll("input")) input.disabled = locked;
    fieldset.classList.toggle("cc-locked", locked);
    submitRow.hidden = locked;
  }

  function drawActions() {
    actions.replaceChildren();
    for (const name of model.get("actions") || []) {
      const b = node("button", { type: "button", class: "cc-button" + (name === "continue" ? " cc-primary" : "") },
                     t(name));
      b.addEventListener("click", () => model.send({ type: "action", name }));
      actions.appendChild(b);
    }
    actions.hidden = !actions.children.length;
  }

  function drawText() {
    title.textContent = model.get("title");
    submit.textContent = t("submit");
    feedbackLabel.textContent = t("feedback");
    html(head, model.get("head_html"));
    html(history, model.get("history_html"));
    html(narrative, model.get("narrative_html"));
    legend.innerHTML = model.get("prompt_html") || "";
    html(feedbackBody, model.get("feedback_html"));
    feedback.hidden = !model.get("feedback_html");
    html(summary, model.get("summary_html"));
  }

  function moveFocus() {
    const where = model.get("focus");
    if (where === "feedback" && !feedback.hidden) feedback.focus();
    else if (where === "step") step.focus();
    else if (where === "choice") {
      const target = options.querySelector("input:checked") || options.querySelector("input");
      if (target) target.focus();
    }
  }

  const onText = () => drawText();
  const onOptions = () => drawOptions();
  const onFocus = () => window.requestAnimationFrame(moveFocus);
  const listeners = [
    ["change:title change:head_html change:history_html change:narrative_html change:prompt_html " +
     "change:feedback_html change:summary_html change:labels", onText],
    ["change:options change:step_key", onOptions],
    ["change:value", drawValue],
    ["change:locked", drawLock],
    ["change:actions", drawActions],
    ["change:focus_seq", onFocus],
  ];
  for (const [events, fn] of listeners) model.on(events, fn);
  drawText();
  drawOptions();
  drawActions();
  return () => { for (const [events, fn] of listeners) model.off(events, fn); };
}

export default { render };
