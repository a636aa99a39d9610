// A fill-in form (the action plan, the terms template): a heading from the kernel's templates, one labelled text
// area per field in the page's normal font, and Save. The values travel inside the save message, so a Save pressed
// right after typing never stores a shortened text.

function render({ model, el: root }) {
  const uid = nextId("cc-form");
  const section = node("section", { class: "cc-reflection cc-form", "aria-labelledby": `${uid}-heading` });
  const heading = node("div", { id: `${uid}-heading`, class: "cc-form-heading" });
  const body = node("div", { class: "cc-form-fields" });
  const actions = node("div", { class: "cc-actions" });
  const save = node("button", { type: "button", class: "cc-button cc-primary" });
  const message = node("p", { class: "cc-reflection-message" });
  const extra = node("div", { class: "cc-form-extra" });
  actions.append(save);
  section.append(heading, body, actions, message, extra);
  root.appendChild(section);
  const areas = {};

  function current() {
    const out = {};
    for (const [id, area] of Object.entries(areas)) out[id] = area.value;
    return out;
  }
  save.addEventListener("click", () => model.send({ type: "save", values: current() }));

  function drawFields() {
    body.replaceChildren();
    for (const key of Object.keys(areas)) delete areas[key];
    for (const [i, f] of (model.get("fields") || []).entries()) {
      const id = `${uid}-f${i}`;
      const label = node("label", { for: id, class: "cc-field-label" }, f.label);
      if (f.required) label.append(" ", node("span", { class: "cc-required" }, model.get("required_label")));
      body.append(label);
      const described = [];
      if (f.hint) { body.append(node("p", { id: `${id}-hint`, class: "cc-hint" }, f.hint)); described.push(`${id}-hint`); }
      const attrs = { id, rows: String(f.rows || 3), maxlength: String(model.get("max_chars")) };
      if (f.placeholder) attrs.placeholder = f.placeholder;
      if (f.required) attrs["aria-required"] = "true";
      if (described.length) attrs["aria-describedby"] = described.join(" ");
      const area = node("textarea", attrs);
      area.addEventListener("change", () => { model.set("values", current()); model.save_changes(); });
      areas[f.id] = area;
      body.append(area);
    }
    drawValues();
  }
  function drawValues() {
    const values = model.get("values") || {};
    for (const [id, area] of Object.entries(areas)) {
      const v = values[id] || "";
      if (area.value !== v) area.value = v;
    }
  }
  function draw() {
    heading.innerHTML = model.get("heading_html") || "";  // from the kernel's escaping templates
    extra.innerHTML = model.get("extra_html") || "";
    extra.hidden = !model.get("extra_html");
    save.textContent = model.get("save_label");
  }
  function drawMessage() {
    const kind = model.get("message_kind");
    message.textContent = model.get("message");
    message.setAttribute("role", kind === "alert" ? "alert" : "status");
    message.classList.toggle("cc-error", kind === "alert");
  }
  const listeners = [["change:heading_html change:extra_html change:save_label", draw],
                     ["change:fields change:required_label", drawFields], ["change:values", drawValues],
                     ["change:message change:message_kind", drawMessage]];
  for (const [events, fn] of listeners) model.on(events, fn);
  draw(); drawFields(); drawMessage();
  return () => { for (const [events, fn] of listeners) model.off(events, fn); };
}

export default { render };
