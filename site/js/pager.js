/**
 * Previous / "Rows 51–100 of 10,000" / Next for a long list shown a page at
 * a time. `pager(what, onPage)` → `{element, show(slice, noun)}`: the caller
 * draws its page and hands `show` the slice (`pageOf` in matching-logic.js).
 */
import { announce, h } from "./dom.js";
import { rangeLabel } from "./matching-logic.js";

export function pager(what, onPage) {
  let current = { page: 0, pages: 1 };
  const label = h("span", { class: "range" });
  const prev = h("button", { type: "button", class: "small secondary", "aria-label": `Previous page of ${what}` }, "Previous");
  const next = h("button", { type: "button", class: "small secondary", "aria-label": `Next page of ${what}` }, "Next");
  const go = (step, other) => {
    onPage(current.page + step);
    announce(label.textContent);
    // The last (or first) page disables the button just pressed: keep the keyboard on the pager.
    if (document.activeElement === document.body || document.activeElement?.disabled) other.focus();
  };
  prev.addEventListener("click", () => go(-1, next));
  next.addEventListener("click", () => go(1, prev));
  const element = h("p", { class: "pager" }, prev, " ", label, " ", next);
  return {
    element,
    show(slice, noun = "Rows") {
      current = slice;
      label.textContent = rangeLabel(slice, noun);
      prev.disabled = slice.page <= 0;
      next.disabled = slice.page >= slice.pages - 1;
      prev.hidden = next.hidden = slice.pages <= 1;
    },
  };
}
