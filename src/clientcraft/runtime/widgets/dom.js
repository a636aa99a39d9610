// Shared by clientcraft's widget front ends (prepended to each module by clientcraft.runtime.widgets.front_end):
// build an element with attributes and plain text (never parsed as HTML), and number the ids of each view.

let serial = 0;

function node(tag, attrs = {}, text = null) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  return el;
}

function nextId(prefix) {
  serial += 1;
  return `${prefix}-${serial}`;
}
