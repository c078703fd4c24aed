/**
 * The matching page's next step for the proposal: "Match now", a warning
 * with "Match again" when the proposal is stale (publishing is then not
 * offered: the server would refuse it), publishing in two steps (the second
 * button says who is e-mailed, and is disabled while the request is out, so
 * a double click sends one), and on a published cohort the waiting list:
 * "Waiting: N mentees", "Match the waiting", and publishing only the new pairs.
 */
import { h } from "./dom.js";

const whole = (n) => Number(n).toLocaleString("en-US");
const plural = (n, one, many) => `${whole(n)} ${n === 1 ? one : many}`;

function button(text, props, onClick) {
  const b = h("button", { type: "button", ...props }, text);
  b.addEventListener("click", async () => {
    b.disabled = true;
    try { await onClick(); } finally { b.disabled = false; }
  });
  return b;
}

/** "Publish…" then "Yes: …": no dialog, and the second button says what will happen. */
function twoStep(label, confirmText, onPublish) {
  const confirm = h("button", { type: "button", class: "primary", id: "publish-confirm", hidden: true }, confirmText);
  const open = h("button", { type: "button", id: "publish", "aria-expanded": "false" }, label);
  open.addEventListener("click", () => {
    confirm.hidden = false;
    open.setAttribute("aria-expanded", "true");
    confirm.focus();
  });
  confirm.addEventListener("click", async () => {
    // In flight: a second click must not send a second request (nor show its answer).
    if (confirm.disabled) return;
    confirm.disabled = open.disabled = true;
    confirm.textContent = "Publishing…";
    try {
      await onPublish();
    } finally {
      confirm.disabled = open.disabled = false;
      confirm.textContent = confirmText;
    }
  });
  return [open, " ", confirm];
}

/** The warning a stale proposal shows, with the one step that helps. */
export function staleWarning(proposal, onMatchAgain) {
  return h("div", { class: "message warning", role: "status", id: "stale-warning" },
    h("p", { text: `This proposal is out of date: ${proposal.stale_reason ?? "it was made before the latest changes"}. `
      + "Match again before publishing." }),
    button("Match again", { class: "primary", id: "match-again" }, onMatchAgain));
}

/**
 * The controls above the proposal. `waiting`: the mentees waiting on a
 * published cohort (null otherwise). Handlers return promises; each button
 * is disabled until its own finishes.
 */
export function publishControls(cohort, proposal, waiting, { onMatch, onMatchWaiting, onPublish }) {
  const published = cohort.status === "published";
  const stale = proposal && proposal.stale && !proposal.published;
  const parts = [];
  if (!published) {
    // Stale: the warning's "Match again" is the one way on (no second "Match now").
    if (stale) return h("div", { class: "publishing" }, staleWarning(proposal, onMatch));
    parts.push(h("p", {}, button("Match now", { class: "primary", id: "match-now" }, onMatch),
      ...(cohort.status === "review" && proposal && proposal.kind !== "waiting"
        ? [" ", ...twoStep("Publish these matches…", "Yes: publish every match and e-mail every participant",
          onPublish)] : [])));
    return h("div", { class: "publishing" }, ...parts);
  }
  const newPairs = proposal && proposal.kind === "waiting" && !proposal.published;
  const count = waiting?.length ?? 0;
  parts.push(h("p", { class: "waiting", id: "waiting-count" },
    h("strong", { text: count ? `Waiting: ${plural(count, "mentee", "mentees")}` : "Nobody is waiting" }),
    count ? " without a published match (unmatched, or added after publishing)." : ": every active mentee has a published match."));
  if (count) {
    parts.push(h("p", {}, button("Match the waiting", { class: newPairs ? "" : "primary", id: "match-waiting" }, onMatchWaiting),
      h("span", { class: "hint", text: " Matches them against the seats still free; every published pair stays as it is." })));
  }
  if (newPairs && stale) parts.push(staleWarning(proposal, onMatchWaiting));
  else if (newPairs && proposal.matches.length) {
    const people = new Set(proposal.matches.flatMap((m) => [m.mentee, m.mentor])).size;
    parts.push(h("p", {}, ...twoStep("Publish these new pairs…",
      `Yes: publish ${plural(proposal.matches.length, "new pair", "new pairs")} and e-mail only their ${plural(people, "person", "people")}`,
      onPublish)));
  } else if (newPairs) {
    parts.push(h("p", { class: "hint", text: "The waiting list's match found no new pair: no waiting mentee fits a free seat." }));
  }
  return h("div", { class: "publishing" }, ...parts);
}
