/**
 * Build DOM nodes from plain data without ever parsing HTML.
 *
 * `h("p", {class: "hint", id: "x"}, "text", child)` creates the element,
 * sets attributes with setAttribute, and appends children as nodes or as
 * text nodes. User text therefore always lands in the page as text.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") {
      el.className = value;
    } else if (key === "text") {
      el.textContent = String(value);
    } else if (key.startsWith("on")) {
      // Only real listeners: an "on…" attribute string would be inline script.
      if (typeof value !== "function") throw new TypeError(`${key} must be a function`);
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append nodes and strings (as text); skips null, undefined and false. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace all of an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Text only screen readers announce (for example a row's context on a button). */
export function srOnly(text) {
  return h("span", { class: "visually-hidden" }, text);
}

/** Move focus to an element that is not focusable by default (a heading, a message). */
export function focusElement(el) {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}
