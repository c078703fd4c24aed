/**
 * A cohort's goals on its admin page: each goal met or not on this cohort,
 * what meeting the binding ones cost the proposal, and each goal across the
 * program's cohorts (a chart with its sentence and table, charts.js).
 */
import { adminPrograms, cohortGoals, getProposal } from "./api.js";
import { chartFigure } from "./charts.js";
import { h, replace } from "./dom.js";

const unit = (g) => (g.kind === "parity" ? " points" : "%");

function shown(g) {
  if (g.suppressed) return "withheld (fewer than 10 people)";
  if (g.value === null || g.value === undefined) return "not measured yet";
  return `${g.value}${unit(g)}`;
}

function verdict(g) {
  if (g.met === true) return "Met";
  if (g.met === false) return "Not met";
  return g.suppressed ? "Withheld" : "Not yet";
}

/** "Meeting your goals cost 2 matches and 75 score points", or null. */
export function priceSentence(stats) {
  const price = stats?.price;
  if (!price) return null;
  const matches = price.matched === 0 ? "no matches" : price.matched === 1 ? "1 match" : `${price.matched} matches`;
  const points = Number(price.total_score).toLocaleString("en-GB", { maximumFractionDigits: 2 });
  if (!price.matched && !price.total_score) return "Meeting your goals cost nothing: the best proposal already met them.";
  return `Meeting your goals cost ${matches} and ${points} score points.`;
}

function thisCohort(goals) {
  return h("div", { class: "table-scroll" },
    h("table", { class: "goal-table" },
      h("caption", { class: "visually-hidden", text: "Goals on this cohort" }),
      h("thead", {}, h("tr", {}, ["Goal", "This cohort", "Target", "Met?"].map((c) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, goals.map((g) => h("tr", {},
        h("th", { scope: "row" }, g.goal, g.binding ? h("span", { class: "hint", text: " (the matcher must meet it)" }) : null),
        h("td", { class: "num", text: shown(g) }),
        h("td", { class: "num", text: g.kind === "parity" ? `within ${g.target} points` : `at least ${g.target}%` }),
        h("td", { class: g.met === false ? "goal-missed" : "", text: verdict(g) }))))));
}

/** Each goal across `cohorts` (`byCohort[i]`: cohort i's goals, or null). */
export function trend(cohorts, byCohort, goals) {
  const rows = cohorts.map((c, i) => [c.name, ...goals.map((_, j) => {
    const g = byCohort[i]?.[j];
    return g && !g.suppressed && typeof g.value === "number" ? g.value : null;
  })]);
  const met = goals.map((_, j) => byCohort.filter((list) => list?.[j]?.met === true).length);
  const sentence = goals.map((g, j) => `${g.goal}: met in ${met[j]} of ${cohorts.length} cohorts`).join(". ");
  return chartFigure({
    id: "goal-trend", title: "Goals across the program's cohorts", level: "h4",
    description: `${sentence}. Values are % (reach, mix) or points from the cohort's matched rate (parity); a cohort with fewer than 10 people in a figure shows it hidden.`,
    columns: ["Cohort", ...goals.map((g) => g.goal)], rows, kind: "bar",
  });
}

/** The section; loads its own numbers. */
export function goalsSection(cohort) {
  const heading = h("h3", { id: "cohort-goals-heading", text: "Goals" });
  const body = h("div", {}, h("p", { text: "Loading the goals…" }));
  const section = h("section", { class: "panel", id: "cohort-goals", "aria-labelledby": heading.id }, heading, body);
  (async () => {
    const [goals, proposal] = await Promise.all([
      cohortGoals(cohort.id), getProposal(cohort.id).catch(() => null)]);
    if (!goals.length) {
      replace(body, h("p", { text: "The program has no goals yet. Add them on the program's page, under Goals." }));
      return;
    }
    const price = priceSentence(proposal?.stats);
    const overview = await adminPrograms();
    const cohorts = overview.find((p) => p.id === cohort.program?.id)?.cohorts ?? [];
    const byCohort = await Promise.all(cohorts.map((c) => (c.id === cohort.id ? goals
      : cohortGoals(c.id).catch(() => null))));
    replace(body, price ? h("p", { class: "notice", id: "goal-price", text: price }) : null,
      thisCohort(goals), cohorts.length > 1 ? trend(cohorts, byCohort, goals) : null);
  })().catch((err) => replace(body, h("p", { class: "error", text: `The goals could not be loaded: ${err.message}. Reload the page to try again.` })));
  return section;
}
