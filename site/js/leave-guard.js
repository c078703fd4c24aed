/**
 * Unsaved edits are not lost silently. A form that has them registers a
 * check here. Closing or reloading the tab asks through the browser's own
 * prompt; moving within the admin app (its links, Back and Forward) asks in
 * the page: a warning with "Stay and keep editing" and "Leave without saving".
 */
import { h } from "./dom.js";

let check = null;
let listening = false;

/** `isUnsaved()` says whether the page's form holds edits not yet saved. */
export function guardLeaving(isUnsaved) {
  if (!listening) {
    listening = true;
    window.addEventListener("beforeunload", (event) => {
      if (check?.()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
  check = isUnsaved;
}

/** Whether some form on the page holds unsaved edits. */
export const unsaved = () => Boolean(check?.());

/**
 * Ask in the page before leaving: `leave()` runs only if the person says so.
 * The question goes at the top of `root` and takes the focus.
 */
export function askToLeave(root, leave) {
  root.querySelector(".leave-guard")?.remove();
  const stay = h("button", { type: "button", class: "primary" }, "Stay and keep editing");
  const go = h("button", { type: "button" }, "Leave without saving");
  const box = h("div", { class: "message warning leave-guard", role: "alert" },
    h("p", { text: "You have changes that are not saved. Leave this page and lose them?" }),
    h("p", {}, stay, " ", go));
  stay.addEventListener("click", () => box.remove());
  go.addEventListener("click", () => {
    box.remove();
    check = null;
    leave();
  });
  root.prepend(box);
  stay.focus();
}
