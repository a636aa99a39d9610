// The reflection box: the lesson's prompt, a labelled text area in the page's normal font, and Save. The text
// travels inside the save message, so a Save pressed right after typing never stores a shortened text.

function render({ model, el: root }) {
  const uid = nextId("cc-refl");
  const t = (key) => (model.get("labels") || {})[key] || "";
  const section = node("section", { class: "cc-reflection", "aria-labelledby": `${uid}-title` });
  const title = node("h3", { id: `${uid}-title` });
  const prompt = node("div", { id: `${uid}-prompt`, class: "cc-reflection-prompt" });
  const label = node("label", { for: `${uid}-text`, class: "cc-field-label" });
  const hint = node("p", { id: `${uid}-hint`, class: "cc-hint" });
  const area = node("textarea", { id: `${uid}-text`, rows: "6", maxlength: String(model.get("max_chars")),
                                  "aria-describedby": `${uid}-prompt ${uid}-hint` });
  const actions = node("div", { class: "cc-actions" });
  const save = node("button", { type: "button", class: "cc-button cc-primary" });
  const message = node("p", { class: "cc-reflection-message" });
  const saved = node("div", { class: "cc-saved-reflection" });
  actions.append(save);
  section.append(title, prompt, label, hint, area, actions, message, saved);
  root.appendChild(section);

  save.addEventListener("click", () => model.send({ type: "save", text: area.value }));
  area.addEventListener("change", () => { model.set("text", area.value); model.save_changes(); });

  function draw() {
    title.textContent = t("title");
    label.textContent = t("label");
    hint.textContent = t("hint");
    save.textContent = t("save");
    prompt.innerHTML = model.get("prompt_html") || "";  // from the kernel's escaping templates
    saved.innerHTML = model.get("saved_html") || "";
    saved.hidden = !model.get("saved_html");
  }
  function drawText() { if (area.value !== model.get("text")) area.value = model.get("text"); }
  function drawMessage() {
    const kind = model.get("message_kind");
    message.textContent = model.get("message");
    message.setAttribute("role", kind === "alert" ? "alert" : "status");
    message.classList.toggle("cc-error", kind === "alert");
  }
  const listeners = [["change:labels change:prompt_html change:saved_html", draw], ["change:text", drawText],
                     ["change:message change:message_kind", drawMessage]];
  for (const [events, fn] of listeners) model.on(events, fn);
  draw(); drawText(); drawMessage();
  return () => { for (const [events, fn] of listeners) model.off(events, fn); };
}

export default { render };
