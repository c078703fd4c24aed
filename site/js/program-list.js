/** The admin's programs, each with a table of its cohorts. */
import { routeUrl } from "./admin-routes.js";
import { h, srOnly } from "./dom.js";
import { formatDate, programTypeLabel, statusLabel } from "./format.js";

function cohortRow(cohort, program, onSelect) {
  const counts = cohort.counts ?? {};
  // A real link (its own URL: open in a new tab, copy, bookmark); a plain
  // click changes the view in place.
  const link = h("a", {
    href: routeUrl({ cohort: cohort.id }), class: "link-button", "data-cohort": cohort.id,
    "aria-controls": "participants",
  }, "View participants", srOnly(` in ${cohort.name}`));
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onSelect(cohort, program, link);
  });
  return h("tr", {},
    h("th", { scope: "row" }, cohort.name),
    h("td", {}, statusLabel(cohort.status)),
    h("td", {}, cohort.enrollment_closes ? formatDate(cohort.enrollment_closes) : "Not set"),
    h("td", { class: "num" }, String(counts.mentor ?? 0)),
    h("td", { class: "num" }, String(counts.mentee ?? 0)),
    h("td", {}, link));
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

/** Render `programs` into `root`; `onSelect(cohort, program, link)` on "View participants". */
export function renderProgramList(root, programs, onSelect) {
  root.replaceChildren();
  if (!programs.length) {
    root.append(h("p", { class: "empty" }, "There are no programs yet."));
    return;
  }
  programs.forEach((program, i) => root.append(programArticle(program, i, onSelect)));
}

/** Mark which cohort's participants are showing (null: none). */
export function markSelected(root, cohortId) {
  for (const link of root.querySelectorAll("a[data-cohort]")) {
    if (link.dataset.cohort === cohortId) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}
