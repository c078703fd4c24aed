/**
 * A stable-mode cohort on its admin page: whether mentees have their
 * suggestions to rank, how many have ranked so far, how many choices each
 * may rank and when rankings close; "Make suggestions" when they are not out
 * yet (a cohort whose people were imported straight into matching).
 *
 * Mounted by cohort-view.js for every cohort; it stays empty unless the
 * cohort's program matches by ranked choices.
 */
import { facts, loadFailed } from "./admin-ui.js";
import { cohortRanking, getRun, makeSuggestions } from "./api.js";
import { announce, h, replace } from "./dom.js";
import { busyAction, formAlert } from "./forms.js";
import { formatDate } from "./format.js";

function closes(view) {
  return view.deadline ? `When matching starts on ${formatDate(view.deadline)}` : "When you press “Match now”";
}

async function untilFinished(runId) {
  for (let i = 0; i < 600; i += 1) {
    const run = await getRun(runId);
    if (run.status === "complete" || run.status === "failed") return run;
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
  }
  return null;
}

function draw(section, heading, view, { cohortId, reload }) {
  if (!view.stable) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const alert = formAlert();
  let action = null;
  if (view.suggestions_running && !view.suggestions) {
    // Made when enrolment closed, a moment ago: look again shortly.
    setTimeout(() => { if (section.isConnected) reload(); }, 2000);
  } else if (!view.suggestions) {
    action = h("button", { type: "button", class: "primary", text: "Make suggestions" });
    action.addEventListener("click", () => busyAction({ button: action, busy: "Making suggestions…", alert,
      send: async () => {
        const run = await untilFinished((await makeSuggestions(cohortId)).run);
        if (run?.status === "failed") throw new Error(`The suggestions could not be made: ${run.error}`);
      },
      done: async () => { announce("Mentees can now rank their suggested mentors."); await reload(); } }));
  }
  const hint = view.suggestions_running && !view.suggestions
    ? "Making every mentee's suggestions to rank…"
    : view.suggestions
    ? "Each mentee ranks her suggested mentors. Matching then gives each the highest of her choices she can have without taking a seat from someone that mentor ranks higher; you review and publish the result."
    : "Mentees rank their suggested mentors once the suggestions are made. They are made when enrolment closes; make them now if this cohort's people were imported.";
  replace(section, heading, h("p", { class: "hint", text: hint }), alert,
    facts([
      ["Mentees who have ranked", `${view.mentees_ranked} of ${view.mentees}`],
      ["Mentors who gave their own order", String(view.mentors_ranked)],
      ["Choices each mentee ranks", `Up to ${view.n}`],
      ["Rankings close", view.open || !view.suggestions ? closes(view) : "Closed"],
    ], { id: "ranking-counts" }),
    action ? h("p", { class: "actions" }, action) : null);
}

/** A section that fills itself with the cohort's ranking; `sessionEnded(err)` as in ctx. */
export function rankingSection(cohortId, { sessionEnded }) {
  const heading = h("h3", { id: "ranking-heading" }, "Mentees' rankings");
  const section = h("section", { class: "panel", id: "cohort-ranking", "aria-labelledby": heading.id, hidden: true }, heading);
  async function load() {
    try {
      draw(section, heading, await cohortRanking(cohortId), { cohortId, reload: load });
    } catch (err) {
      if (!sessionEnded(err)) {
        section.hidden = false;
        replace(section, heading, loadFailed(err, load));
      }
    }
  }
  load();
  return Object.assign(section, { reload: load });
}
