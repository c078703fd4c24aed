/**
 * The controls on a cohort's "State and dates" panel (cohort-view.js): the
 * life-cycle moves, the public enrolment link to share, and sending again
 * the e-mails that failed every try.
 */
import { retryNotifications, updateCohort } from "./api.js";
import { announce, h } from "./dom.js";
import { nextStates, plural, statusLabel, transitionLabel } from "./format.js";
import { setBusy } from "./forms.js";

/** What a move does, on its confirming button; null for moves that need no second step. */
function confirmText(cohort, target) {
  if (target === "enrolling") return `Yes: open enrolment for ${cohort.name}: its public link takes enrolments from now`;
  if (target === "matching" && cohort.status === "enrolling") {
    return `Yes: close enrolment for ${cohort.name}: nobody else can enrol, and matching can start`;
  }
  if (target === "matching" && cohort.status === "draft") {
    return `Yes: start matching ${cohort.name} with the people imported, without public enrolment`;
  }
  return null;
}


export function lifecycleControls(cohort, ctx, reload) {
  const message = h("p", { class: "error-text", id: "lifecycle-error", hidden: true });
  const move = async (button, target) => {
    message.hidden = true;
    setBusy(button, true, "Working…");
    try {
      await updateCohort(cohort.id, { status: target });
      await reload();
      announce(`${cohort.name} is now ${statusLabel(target)}.`);
    } catch (err) {
      if (ctx.sessionEnded(err)) return;
      setBusy(button, false);
      message.textContent = `${transitionLabel(cohort.status, target)} did not work. ${err.message}`;
      message.hidden = false;
      announce(message.textContent);
    }
  };
  const buttons = nextStates(cohort.status).flatMap((target) => {
    const button = h("button", { type: "button", class: "secondary", "data-status": target },
      transitionLabel(cohort.status, target));
    const asked = confirmText(cohort, target);
    if (!asked) {
      button.addEventListener("click", () => move(button, target));
      return [button];
    }
    // Two steps, like publishing: the second button says what will happen.
    const confirm = h("button", { type: "button", class: "primary", hidden: true }, asked);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", () => {
      confirm.hidden = false;
      button.setAttribute("aria-expanded", "true");
      confirm.focus();
    });
    confirm.addEventListener("click", () => move(confirm, target));
    return [button, confirm];
  });
  return h("div", { class: "lifecycle" },
    buttons.length
      ? h("div", { class: "actions" }, buttons)
      : h("p", { class: "meta" }, "This cohort has reached the end of its life cycle."),
    message);
}

export function publicLink(cohort) {
  // The API's link names the site's public address; without one configured it is a bare path.
  const given = typeof cohort.public_link === "string" ? cohort.public_link : "";
  const url = /^https?:\/\//.test(given)
    ? given
    : `${window.location.origin}/enrol.html?cohort=${encodeURIComponent(cohort.id)}`;
  const input = h("input", { type: "text", id: "public-link", readonly: true, value: url });
  const copy = h("button", { type: "button", class: "secondary" }, "Copy link");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url);
      announce("The enrolment link is copied.");
    } catch {
      // No clipboard (permissions, an old browser): select it for Ctrl+C.
      input.select();
      announce("Copying was not allowed: the link is selected, press Ctrl+C to copy it.");
    }
  });
  return h("div", { class: "field" },
    h("label", { for: input.id }, "Enrolment link to share"),
    h("div", { class: "actions" }, input, copy),
    cohort.status === "draft" ? h("p", { class: "hint" }, "The link works once enrolment opens.") : null);
}

/** `{ actions, message }`: the button (hidden until the counts show a
 * failure) and what it did. */
export function mailRetryControls(id, ctx) {
  // Messages that failed every try: sent again, to those not told only.
  const retryButton = h("button", { type: "button", class: "secondary", id: "mail-retry" },
    "Send the failed e-mails again");
  const retryMessage = h("p", { id: "mail-retry-message", hidden: true });
  const mailRetry = h("div", { class: "actions", hidden: true }, retryButton);
  retryButton.addEventListener("click", async () => {
    retryMessage.hidden = true;
    setBusy(retryButton, true, "Sending…");
    try {
      const answer = await retryNotifications(id);
      retryMessage.textContent = answer.untold
        ? `Sending the ${plural(answer.untold, "message")} that did not go. `
          + "Reload the page in a minute for the counts."
        : "Everyone has been told already: nothing to send.";
    } catch (err) {
      if (ctx.sessionEnded(err)) return;
      retryMessage.textContent = `The e-mails could not be sent again. ${err.message}`;
    }
    setBusy(retryButton, false);
    retryMessage.hidden = false;
    announce(retryMessage.textContent);
  });
  return { actions: mailRetry, message: retryMessage };
}
