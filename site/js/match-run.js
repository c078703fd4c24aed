/**
 * "Match now": starts a matching run for a cohort and shows its progress
 * until it is complete or has failed. The run is the API's: when the API
 * refuses (a cohort still open for enrolment, no endpoint), its message shows.
 */
import { ApiError, getRun, startRun } from "./api.js";
import { announce, h } from "./dom.js";
import { setBusy } from "./forms.js";

const POLL_MS = 1000;
const STATUS_TEXT = {
  queued: "Waiting for the matcher to start…",
  running: "Matching…",
  complete: "Matching is complete.",
  failed: "Matching failed.",
};

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A sentence about a finished run's numbers, from whichever the run reports. */
export function runSummary(stats) {
  if (!stats || typeof stats !== "object") return "";
  const parts = [];
  const n = (key) => (typeof stats[key] === "number" ? stats[key] : null);
  const matched = n("matched") ?? n("matches") ?? n("pairs");
  if (matched !== null) parts.push(`${matched} ${matched === 1 ? "match" : "matches"}`);
  const unmatched = n("unmatched") ?? n("unmatched_mentees");
  if (unmatched !== null) parts.push(`${unmatched} unmatched`);
  const mean = n("mean_score") ?? n("average_score");
  if (mean !== null) parts.push(`average score ${Math.round(mean * 10) / 10}`);
  return parts.length ? `${parts.join(", ")}.` : "";
}

/**
 * Returns `{element}`. `onFinished(run)` when a run completes (the cohort's
 * state may have moved); `sessionEnded(err)` as the views have it.
 */
export function matchNow(cohortId, { onFinished, sessionEnded, stale }) {
  const button = h("button", { type: "button", class: "primary", id: "match-now" }, "Match now");
  // Filled as the run goes; announced through the page's live region.
  const progress = h("p", { class: "progress", id: "run-progress" });
  const bar = h("progress", { id: "run-bar", "aria-labelledby": "run-progress", hidden: true });
  const error = h("p", { class: "error-text", id: "run-error", hidden: true });

  function say(text) {
    progress.textContent = text;
    announce(text);
  }

  async function follow(run) {
    let last = null;
    for (;;) {
      if (run.status !== last) {
        last = run.status;
        say(STATUS_TEXT[run.status] ?? `Run ${run.status}.`);
      }
      if (run.status === "complete" || run.status === "failed") return run;
      await wait(POLL_MS);
      if (stale()) return null;
      run = await getRun(run.run);
    }
  }

  button.addEventListener("click", async () => {
    error.hidden = true;
    setBusy(button, true, "Matching…");
    bar.hidden = false;
    say("Starting a matching run…");
    try {
      const run = await follow(await startRun(cohortId));
      if (!run) return;
      if (run.status === "failed") {
        error.textContent = `Matching failed. ${run.error ?? ""}`.trim();
        error.hidden = false;
      } else {
        say(`Matching is complete. ${runSummary(run.stats)}`.trim());
        onFinished(run);
      }
    } catch (err) {
      if (sessionEnded(err)) return;
      progress.textContent = "";
      error.textContent = err instanceof ApiError && err.status === 404
        ? `Matching could not start: ${err.message}`
        : `Matching could not start. ${err.message}`;
      error.hidden = false;
      announce(error.textContent);
    } finally {
      bar.hidden = true;
      setBusy(button, false);
    }
  });

  return { element: h("div", { class: "match-now" }, h("div", { class: "actions" }, button, bar), progress, error) };
}
