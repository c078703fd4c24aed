/**
 * Pieces every admin view uses: links between views, a failed load with a
 * way to try again, a "Download CSV" link for numbers built on the page.
 */
import { routeUrl } from "./admin-routes.js";
import { announce, h } from "./dom.js";

/**
 * A real link to another admin view (its own URL: open in a new tab, copy,
 * bookmark); a plain click changes the view in place through `navigate`.
 */
export function viewLink(route, navigate, props, ...children) {
  const link = h("a", { href: routeUrl(route), ...props }, ...children);
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(route);
  });
  return link;
}

/** A message that something could not be loaded, with a "Try again" button. */
export function loadFailed(err, retry) {
  const again = h("button", { type: "button" }, "Try again");
  again.addEventListener("click", retry);
  const text = `This could not be loaded. ${err.message}`;
  announce(text);
  return h("div", { class: "error-text" }, h("p", {}, text), again);
}

/**
 * A link that downloads `text` as a file named `filename`. The Blob URL is
 * made when the link is followed, so nothing is held until then.
 */
export function downloadLink(label, filename, makeText, props = {}) {
  const link = h("a", { href: "#", class: "link-button", download: filename, ...props }, label);
  link.addEventListener("click", () => {
    // The byte-order mark makes Excel read the file as UTF-8, not in the computer's legacy encoding.
    const blob = new Blob(["\ufeff", makeText()], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    link.href = url;
    // Let the download start before the URL is given back.
    setTimeout(() => {
      URL.revokeObjectURL(url);
      link.href = "#";
    }, 1000);
  });
  return link;
}

/** A heading and what follows it, in a section labelled by the heading. */
export function section(id, title, ...children) {
  const heading = h("h2", { id: `${id}-heading` }, title);
  return { heading, element: h("section", { id, class: "panel", "aria-labelledby": heading.id }, heading, ...children) };
}

/** A labelled list of facts: [[term, value], …] → <dl>. */
export function facts(pairs, props = {}) {
  return h("dl", { class: "facts", ...props },
    pairs.filter(Boolean).map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))));
}
