// The learner's identity in this browser: a random token kept in localStorage (and a cookie, for browsers that
// refuse localStorage) is handed to the kernel, which knows the name this browser gave before or asks for one.
// Learner text is always set with textContent, never parsed as HTML.

const KEY = "clientcraft.browser";
const COOKIE = "clientcraft_browser";
const TOKEN = /^[0-9a-f]{32}$/;

function readToken() {
  try {
    const saved = window.localStorage.getItem(KEY);
    if (saved && TOKEN.test(saved)) return saved;
  } catch (e) { /* storage refused (private mode): fall back to the cookie */ }
  const m = document.cookie.match(new RegExp("(?:^|;\\s*)" + COOKIE + "=([0-9a-f]{32})"));
  return m ? m[1] : null;
}

function storeToken(token) {
  try { window.localStorage.setItem(KEY, token); } catch (e) { /* the cookie below still keeps it */ }
  document.cookie = `${COOKIE}=${token}; path=/; max-age=31536000; SameSite=Lax`;
}

function browserToken() {
  let token = readToken();
  if (!token) {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);  // works on plain http in a room, unlike crypto.randomUUID
    token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  storeToken(token);
  return token;
}

function timeZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
}

// JupyterLab's Run All makes the last cell active and scrolls to it (jupyterlab/jupyterlab#16402); the lesson's
// identity line sits at the top, so when it appears right after a Run All it brings the view back to the start.
function backToTop(el, frames = 0) {
  if (!el.isConnected) {  // the view is attached to the page after render returns
    if (frames < 120) window.requestAnimationFrame(() => backToTop(el, frames + 1));
    return;
  }
  const notebook = el.closest(".jp-Notebook");
  const scroller = el.closest(".jp-WindowedPanel-outer");
  if (!notebook || !scroller) return;
  const cells = notebook.querySelectorAll(".jp-Cell");
  const last = cells[cells.length - 1];
  if (!last || !last.classList.contains("jp-mod-active")) return;
  scroller.scrollTo({ top: 0 });
}

function render({ model, el: root }) {
  const t = (key) => (model.get("text") || {})[key] || "";
  const id = nextId("cc-identity");
  const box = node("div", { class: "cc-identity" });
  root.appendChild(box);

  function field(name, label, hint, value) {
    const wrap = node("div", { class: "cc-field" });
    const input = node("input", { id: `${id}-${name}`, name, type: "text", autocomplete: name === "name" ? "name" : "off",
                                maxlength: "64", spellcheck: "false" });
    input.value = value || "";
    wrap.appendChild(node("label", { for: input.id }, label));
    if (hint) {
      const h = node("span", { id: `${input.id}-hint`, class: "cc-hint" }, hint);
      input.setAttribute("aria-describedby", h.id);
      wrap.appendChild(h);
    }
    wrap.appendChild(input);
    return [wrap, input];
  }

  function draw(focusAfter) {
    box.replaceChildren();
    const state = model.get("state");
    if (state === "ask") {
      const form = node("form", { class: "cc-identity-form", "aria-labelledby": `${id}-title`, novalidate: "" });
      form.appendChild(node("h2", { id: `${id}-title`, class: "cc-identity-title" }, t("ask_title")));
      form.appendChild(node("p", {}, t("ask_intro")));
      const [nameRow, name] = field("name", t("name_label"), t("name_hint"), model.get("learner"));
      const [groupRow, group] = field("cohort", t("group_label"), t("group_hint"), model.get("cohort"));
      form.append(nameRow, groupRow);
      const error = model.get("error");
      const alert = node("p", { id: `${id}-error`, class: "cc-error", role: "alert" }, error);
      if (error) {
        const bad = model.get("error_field") === "group" ? group : name;
        bad.setAttribute("aria-invalid", "true");
        bad.setAttribute("aria-errormessage", alert.id);
      }
      const actions = node("div", { class: "cc-actions" });
      actions.appendChild(node("button", { type: "submit", class: "cc-button cc-primary" }, t("save")));
      if (model.get("previous")) {
        const cancel = node("button", { type: "button", class: "cc-button" }, t("cancel"));
        cancel.addEventListener("click", () => model.send({ type: "cancel" }));
        actions.appendChild(cancel);
      }
      form.append(actions, alert);
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        model.send({ type: "save", name: name.value, cohort: group.value });
      });
      box.appendChild(form);
      if (focusAfter) (error ? (model.get("error_field") === "group" ? group : name) : name).focus();
    } else if (state === "known" || state === "fixed") {
      const line = node("p", { class: "cc-learner", tabindex: "-1", role: "status" });
      line.append(t("saved_as") + " ");
      line.appendChild(node("strong", {}, model.get("learner")));
      if (model.get("cohort")) line.append(` (${t("group").replace("{group}", model.get("cohort"))})`);
      line.append(".");
      box.appendChild(line);
      if (model.get("shared")) box.appendChild(node("p", { class: "cc-note" }, t("shared")));
      if (state === "known") {
        const change = node("button", { type: "button", class: "cc-button cc-link" }, t("change"));
        change.addEventListener("click", () => model.send({ type: "change" }));
        box.appendChild(change);
      }
      if (focusAfter) line.focus();
    }
  }

  let last = model.get("state");
  const redraw = () => {
    const now = model.get("state");
    // after the learner saves or cancels, focus goes to the confirmation; after a refused name, to the field
    const focus = box.contains(document.activeElement) && (now !== last || now === "ask");
    last = now;
    draw(focus);
  };
  model.on("change:state", redraw);
  model.on("change:error", redraw);
  model.on("change:learner", redraw);
  model.on("change:shared", redraw);
  draw(false);
  model.send({ type: "hello", token: browserToken(), timezone: timeZone() });
  backToTop(root);
  return () => {
    model.off("change:state", redraw);
    model.off("change:error", redraw);
    model.off("change:learner", redraw);
    model.off("change:shared", redraw);
  };
}

export default { render };
