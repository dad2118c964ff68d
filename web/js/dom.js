// DOM helpers. Data is only ever put into the page as text (textContent, attribute values,
// createTextNode): nothing here parses HTML, so a guest named `<img src=x onerror=alert(1)>`
// shows as those characters.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Appends children: strings and numbers become text nodes, null/undefined/false are skipped, arrays are flattened. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function applyAttributes(node, attributes) {
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'testid') node.setAttribute('data-testid', String(value));
    else if (key === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value));
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key === 'dataset') for (const [name, data] of Object.entries(value)) node.dataset[name] = String(data);
    else if (key === 'value' && 'value' in node) node.value = String(value);
    else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'hidden' || key === 'open') node[key] = Boolean(value);
    else if (/^on/i.test(key) || key === 'innerHTML' || key === 'outerHTML' || key === 'style') throw new Error(`dom.js: refusing attribute ${key}`);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return node;
}

/**
 * Creates an element: `el('button', {class: 'primary', testid: 'login-submit', on: {click}}, 'Log in')`.
 * `testid` sets `data-testid`; `text` sets textContent; `on` adds listeners; children are appended as nodes or text.
 */
export function el(tag, attributes, ...children) {
  return append(applyAttributes(document.createElement(tag), attributes), ...children);
}

/** Creates an SVG element with attributes and children, as `el` does for HTML. */
export function svg(tag, attributes, ...children) {
  return append(applyAttributes(document.createElementNS(SVG_NS, tag), attributes), ...children);
}

/** Sets a node's text. */
export function setText(node, text) {
  node.textContent = text === null || text === undefined ? '' : String(text);
  return node;
}

/** Removes every child. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Replaces every child of `node` with `children`. */
export function replaceChildren(node, ...children) {
  clear(node);
  return append(node, ...children);
}

/** Sets a bar's fill as a percentage (CSSOM, allowed by the style-src policy). */
export function setWidth(node, pct) {
  const value = Math.max(0, Math.min(100, Number(pct) || 0));
  node.style.width = `${value}%`;
  return node;
}

/** The element with `data-testid` = `id` within `root` (document by default). */
export function byTestId(id, root = document) {
  return root.querySelector(`[data-testid="${CSS.escape(id)}"]`);
}
