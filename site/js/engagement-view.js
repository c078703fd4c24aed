/**
 * The "Engagement" section of a cohort's dashboard: how the published
 * matches are doing, from their journals (meetings per month, quiet pairs,
 * goal progress, check-in satisfaction, closures) and, when the program
 * asks for it, the self-assessed growth. Counts and means only; the API has
 * already withheld every answer count under 10.
 *
 * It loads on its own, after the rest of the dashboard, so a slow or
 * failing journal query never holds up the cohort's other numbers.
 */
import { facts, loadFailed } from "./admin-ui.js";
import { cohortEngagement, cohortGrowth } from "./api.js";
import { chartFigure } from "./charts.js";
import { h, replace } from "./dom.js";
import { checkInNotes, engagementCharts, engagementTotals, growthChart, quietDefinition } from "./engagement-data.js";

const NOT_PUBLISHED = "No matches are published in this cohort yet. Once they are, what the pairs "
  + "log here — meetings, goals, check-ins, closures — shows up as counts and charts.";

async function growthOrNull(cohortId) {
  // Self-assessment is optional: a program without it (or an older API) has no chart.
  try {
    return growthChart(await cohortGrowth(cohortId));
  } catch {
    return null;
  }
}

/**
 * The section for cohort `cohortId`; it fills itself in. `ctx`: the
 * report view's (`sessionEnded`, `stale`).
 */
export function engagementSection(cohortId, ctx) {
  const heading = h("h3", { id: "engagement-heading" }, "Engagement");
  const body = h("div", { "aria-busy": "true" }, h("p", {}, "Loading the engagement figures…"));
  const element = h("section", { class: "panel engagement", id: "engagement", "aria-labelledby": heading.id },
    heading, body);

  async function load() {
    body.setAttribute("aria-busy", "true");
    let e;
    let growth = null;
    try {
      [e, growth] = await Promise.all([cohortEngagement(cohortId), growthOrNull(cohortId)]);
    } catch (err) {
      if (ctx.sessionEnded(err) || ctx.stale()) return;
      replace(body, loadFailed(err, load));
      body.setAttribute("aria-busy", "false");
      return;
    }
    if (ctx.stale()) return;
    body.setAttribute("aria-busy", "false");
    if (!e.published) {
      replace(body, h("p", { class: "empty", id: "engagement-empty" }, NOT_PUBLISHED));
      return;
    }
    const threshold = e.suppression_threshold ?? 10;
    const charts = engagementCharts(e).map((c) => chartFigure({ ...c, level: "h4" }));
    if (growth) charts.push(chartFigure({ ...growth, level: "h4" }));
    const notes = checkInNotes(e);
    replace(body,
      h("p", {}, "From the pairs' own journals. Counts and means only: no names, no notes, no "
        + `free text. A check-in answer given by fewer than ${threshold} people, and any count that `
        + "would give one away, is withheld."),
      facts(engagementTotals(e), { class: "facts totals", id: "engagement-totals" }),
      h("p", { id: "quiet-definition" }, quietDefinition(e)),
      notes.length ? h("ul", { id: "check-in-notes" }, notes.map((n) => h("li", {}, n))) : null,
      h("div", { class: "charts" }, charts));
  }

  load();
  return element;
}
