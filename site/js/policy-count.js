/**
 * The policy editor's live figure: how many pairs the edited policy allows.
 *
 * Counting runs in the matcher (the API never loads numpy), so each change
 * starts a count run and polls it. Changes are debounced, and only the newest
 * request may write the figure: an older run that finishes late is ignored.
 */
import { getRun, startCount } from "./api.js";
import { h } from "./dom.js";
import { countSummary } from "./matching-logic.js";

/** Quiet time after the last change before a count starts. */
export const DEBOUNCE_MS = 600;
const POLL_MS = 400;
const COMPUTING = "Allowed pairs: computing…";

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Returns `{element, changed(policy), listen(fn)}`; call `changed` with the
 * edited policy; `fn(stats)` hears each count shown (the finished run's
 * stats, with `criteria` and `best_score`).
 */
export function allowedPairs(cohortId) {
  // A polite live region of its own: the figure is announced once it settles.
  const element = h("p", { id: "allowed-pairs", role: "status", "aria-live": "polite" },
    "Change a weight, a required toggle or the minimum score to see how many pairs the policy allows.");
  let timer = null;
  let newest = 0;
  let listener = null;
  const show = (ticket, text) => {
    if (ticket === newest && element.textContent !== text) element.textContent = text;
  };

  async function count(policy, ticket) {
    try {
      let run = await startCount(cohortId, policy);
      while (run.status === "queued" || run.status === "running") {
        await wait(POLL_MS);
        if (ticket !== newest) return; // a newer change has its own run
        run = await getRun(run.run);
      }
      show(ticket, run.status === "complete" ? countSummary(run.stats)
        : `Allowed pairs could not be counted: ${run.error ?? "the run failed"}`);
      if (ticket === newest && run.status === "complete") listener?.(run.stats);
    } catch (err) {
      show(ticket, `Allowed pairs could not be counted: ${err.message}`);
    }
  }

  function changed(policy) {
    clearTimeout(timer);
    newest += 1;
    const ticket = newest;
    show(ticket, COMPUTING);
    timer = setTimeout(() => count(policy, ticket), DEBOUNCE_MS);
  }

  return { element, changed, listen: (fn) => { listener = fn; } };
}
