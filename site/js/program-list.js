/** The admin's programs, each with a table of its cohorts. */
import { h, srOnly } from "./dom.js";
import { formatDate, programTypeLabel, statusLabel } from "./format.js";

function cohortRow(cohort, program, onSelect) {
  const counts = cohort.counts ?? {};
  const button = h("button", {
    type: "button", class: "link-button", "data-cohort": cohort.id,
    "aria-controls": "participants",
  }, "View participants", srOnly(` in ${cohort.name}`));
  button.addEventListener("click", () => onSelect(cohort, program, button));
  return h("tr", {},
    h("th", { scope: "row" }, cohort.name),
    h("td", {}, statusLabel(cohort.status)),
    h("td", {}, cohort.enrollment_closes ? formatDate(cohort.enrollment_closes) : "Not set"),
    h("td", { class: "num" }, String(counts.mentor ?? 0)),
    h("td", { class: "num" }, String(counts.mentee ?? 0)),
    h("td", {}, button));
}

function programArticle(program, index, onSelect) {
  const cohorts = program.cohorts ?? [];
  const headingId = `program-${index}-heading`;
  const body = cohorts.length === 0
    ? h("p", { class: "empty" }, "No cohorts in this program yet.")
    : h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": headingId },
      h("table", {},
        h("caption", { class: "visually-hidden" }, `Cohorts of ${program.name}`),
        h("thead", {}, h("tr", {},
          ["Cohort", "Status", "Enrolment closes", "Mentors", "Mentees", "Participants"]
            .map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, cohorts.map((c) => cohortRow(c, program, onSelect)))));
  const meta = [programTypeLabel(program.type), cohorts.length === 1 ? "1 cohort" : `${cohorts.length} cohorts`]
    .filter(Boolean).join(" · ");
  return h("article", { class: "program card" },
    h("h3", { id: headingId }, program.name),
    h("p", { class: "meta" }, meta),
    program.description ? h("p", {}, program.description) : null,
    body);
}

/** Render `programs` into `root`; `onSelect(cohort, program, button)` on "View participants". */
export function renderProgramList(root, programs, onSelect) {
  root.replaceChildren();
  if (!programs.length) {
    root.append(h("p", { class: "empty" }, "There are no programs yet."));
    return;
  }
  programs.forEach((program, i) => root.append(programArticle(program, i, onSelect)));
}

/** Mark which cohort's participants are showing. */
export function markSelected(root, cohortId) {
  for (const button of root.querySelectorAll("button[data-cohort]")) {
    if (button.dataset.cohort === cohortId) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
}
