/**
 * Build DOM nodes from plain data without ever parsing HTML.
 *
 * `h("p", {class: "hint", id: "x"}, "text", child)` creates the element,
 * sets attributes with setAttribute, and appends children as nodes or as
 * text nodes. User text therefore always lands in the page as text.
 */
export function h(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * The same builder for SVG: `svg("svg", {viewBox: "0 0 10 10"}, svg("rect", {width: 4}))`.
 * Elements are created in the SVG namespace (createElement would make inert
 * HTML elements that draw nothing); attributes keep their case (viewBox).
 */
export function svg(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") {
      el.setAttribute("class", value);
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
let uid = 0;
/** An id no other element of the page has, for a label or an aria link: `BASE-N`. */
export const nextId = (base) => `${base}-${++uid}`;

export function srOnly(text) {
  return h("span", { class: "visually-hidden" }, text);
}

/** Move focus to an element that is not focusable by default (a heading, a message). */
export function focusElement(el) {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}

/**
 * Say `message` through the page's live region (#announcer, in every page's
 * static shell, so it exists before anything is put in it and screen readers
 * listen to it from the start). Repeating a message announces it again.
 */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  const text = String(message ?? "");
  // A changed text node is what screen readers announce: make a repeat differ.
  region.textContent = region.textContent === text ? `${text}\u00a0` : text;
}
