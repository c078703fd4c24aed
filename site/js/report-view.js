/**
 * The dashboard of a cohort (`?cohort=ID&view=report`) or of a program
 * (`?program=ID&view=report`): the report's numbers as charts, each with
 * its table and CSV, and the diversity figures (aggregate only; the API
 * suppresses every cell under 10).
 */
import { facts, loadFailed, viewLink } from "./admin-ui.js";
import { adminCohort, adminProgram, cohortReport, programReport } from "./api.js";
import { chartFigure } from "./charts.js";
import { h, replace } from "./dom.js";
import { engagementSection } from "./engagement-view.js";
import { reportCharts, reportTotals } from "./report-data.js";

/** `?cohort=ID&view=report` and `?program=ID&view=report`. */
export async function renderReport(root, ctx) {
  const { cohort: cohortId, program: programId } = ctx.route;
  const owner = cohortId ? { cohort: cohortId } : { program: programId };
  const back = (name) => h("p", { class: "breadcrumb" },
    viewLink({}, ctx.navigate, {}, "All programs"), " › ",
    viewLink(owner, ctx.navigate, {}, name ?? (cohortId ? "The cohort" : "The program")));
  replace(root, back(null), h("p", {}, "Loading the dashboard…"));
  let report;
  let subject;
  try {
    [report, subject] = await Promise.all(cohortId
      ? [cohortReport(cohortId), adminCohort(cohortId)]
      : [programReport(programId), adminProgram(programId)]);
  } catch (err) {
    if (ctx.sessionEnded(err)) return null;
    const heading = h("h2", { id: "report-heading" }, "Dashboard");
    replace(root, back(null), heading, loadFailed(err, () => renderReport(root, ctx)));
    ctx.setTitle("Dashboard");
    return heading;
  }
  if (ctx.stale()) return null;

  const heading = h("h2", { id: "report-heading" }, `Dashboard: ${subject.name}`);
  const specs = reportCharts(report);
  const charts = specs.charts.map(chartFigure);
  const diversity = specs.diversity.map((c) => chartFigure({ ...c, level: "h4" }));
  const threshold = report?.suppression_threshold ?? 10;
  const totals = reportTotals(report);
  replace(root, back(subject.name), heading,
    h("p", { class: "lead" }, cohortId
      ? "This cohort's numbers. Each chart has its numbers in a table and as a CSV file."
      : "The numbers of every cohort in this program together."),
    totals.length ? facts(totals, { class: "facts totals", id: "report-totals" }) : null,
    charts.length ? h("div", { class: "charts" }, charts) : h("p", { class: "empty" }, "There are no numbers to show yet."),
    h("section", { class: "panel diversity", "aria-labelledby": "diversity-heading" },
      h("h3", { id: "diversity-heading" }, "Diversity"),
      h("p", {}, `From the self-identification answers people chose to give. Aggregate only: a count under ${threshold}, `
        + "and any count that would give one away, is hidden, so no one can be picked out."),
      diversity.length ? h("div", { class: "charts" }, diversity)
        : h("p", { class: "empty" }, "No self-identification answers to show.")),
    cohortId ? engagementSection(cohortId, ctx) : null);
  ctx.setTitle(`Dashboard: ${subject.name}`);
  return heading;
}
