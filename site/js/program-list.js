/** The admin home: every program, each with a table of its cohorts. */
import { loadFailed, viewLink } from "./admin-ui.js";
import { adminPrograms } from "./api.js";
import { announce, h, replace, srOnly } from "./dom.js";
import { formatDate, programTypeLabel, statusLabel } from "./format.js";

function cohortRow(cohort, navigate) {
  const counts = cohort.counts ?? {};
  const link = viewLink({ cohort: cohort.id }, navigate, { class: "link-button", "data-cohort": cohort.id },
    "Manage", srOnly(` ${cohort.name}`));
  return h("tr", {},
    h("th", { scope: "row" }, cohort.name),
    h("td", {}, statusLabel(cohort.status)),
    h("td", {}, cohort.enrollment_closes ? formatDate(cohort.enrollment_closes) : "Not set"),
    h("td", { class: "num" }, String(counts.mentor ?? 0)),
    h("td", { class: "num" }, String(counts.mentee ?? 0)),
    h("td", {}, link));
}

/** A table of `cohorts` labelled by the element `headingId`; an empty state when there are none. */
export function cohortTable(cohorts, headingId, caption, navigate) {
  if (!cohorts.length) return h("p", { class: "empty" }, "No cohorts in this program yet.");
  return h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": headingId },
    h("table", {},
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {},
        ["Cohort", "Status", "Enrolment closes", "Mentors", "Mentees", "Manage"]
          .map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, cohorts.map((c) => cohortRow(c, navigate)))));
}

function programArticle(program, index, navigate) {
  const cohorts = program.cohorts ?? [];
  const headingId = `program-${index}-heading`;
  const meta = [programTypeLabel(program.type), cohorts.length === 1 ? "1 cohort" : `${cohorts.length} cohorts`]
    .filter(Boolean).join(" · ");
  return h("article", { class: "program card", "data-program": program.id },
    h("h3", { id: headingId }, program.name),
    h("p", { class: "meta" }, meta),
    program.description ? h("p", {}, program.description) : null,
    h("p", { class: "actions" },
      viewLink({ program: program.id }, navigate, { class: "link-button" },
        "Settings and questionnaire", srOnly(` of ${program.name}`)),
      viewLink({ program: program.id, view: "report" }, navigate, { class: "link-button" },
        "Dashboard", srOnly(` of ${program.name}`))),
    cohortTable(cohorts, headingId, `Cohorts of ${program.name}`, navigate));
}

/** The home view. Returns its heading. */
export async function renderHome(root, ctx) {
  const heading = h("h2", { id: "programs-heading" }, "Programs and cohorts");
  const list = h("div", { class: "programs" }, h("p", {}, "Loading programs…"));
  const create = viewLink({ program: "new" }, ctx.navigate, { class: "button", id: "new-program" }, "New program");
  replace(root, h("section", { class: "programs-panel", "aria-labelledby": heading.id },
    h("div", { class: "panel-head" }, heading, create), list));
  ctx.setTitle("Programs");
  let programs;
  try {
    programs = await adminPrograms();
  } catch (err) {
    if (!ctx.sessionEnded(err)) replace(list, loadFailed(err, () => renderHome(root, ctx)));
    return heading;
  }
  if (ctx.stale()) return heading;
  if (!programs.length) {
    replace(list, h("div", { class: "empty" },
      h("p", {}, "There are no programs yet."),
      h("p", {}, "Start with “New program”: it comes with a questionnaire that works, which you can change.")));
    announce("There are no programs yet.");
  } else {
    replace(list, programs.map((p, i) => programArticle(p, i, ctx.navigate)));
  }
  return heading;
}
