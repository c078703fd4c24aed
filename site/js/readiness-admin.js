/**
 * The cohort page's "Mentor readiness": how many mentors chose each answer of
 * the readiness check they take at enrolment. Counts only: what one mentor
 * answered is hers (her tips came with her answers).
 */
import { loadFailed } from "./admin-ui.js";
import { cohortReadiness } from "./api.js";
import { h, replace } from "./dom.js";

function questionTable(q) {
  return h("table", { class: "readiness-counts" },
    h("caption", {}, q.text),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Answer"), h("th", { scope: "col" }, "Mentors"))),
    h("tbody", {}, q.options.map((o) => h("tr", {},
      h("th", { scope: "row" }, o.label), h("td", {}, String(o.count))))));
}

function draw(section, heading, view) {
  const summary = view.answered
    ? `${view.answered} of ${view.mentors} mentors took the check.`
    : view.mentors
      ? `None of the ${view.mentors} mentors has taken the check yet: mentors take it when they enrol on the public page.`
      : "No mentor has enrolled yet. Mentors take the check when they enrol on the public page.";
  const withheld = view.answered && view.suppressed
    ? h("p", { class: "hint", id: "readiness-withheld" }, `The counts show once ${view.threshold} mentors `
      + "have taken the check, so no one's answers can be told from them.")
    : null;
  replace(section, heading, h("p", { id: "readiness-summary" }, summary), withheld,
    view.answered && !view.suppressed
      ? h("details", {}, h("summary", {}, "Answers, counted"), view.questions.map(questionTable))
      : null);
}

/** `{section, reload}` for cohort `id`; the section fills itself in when the
 * counts arrive, and again on `reload()` (after an import adds mentors). */
export function readinessSection(id) {
  const heading = h("h3", { id: "readiness-heading" }, "Mentor readiness");
  const section = h("section", { class: "panel", id: "cohort-readiness", "aria-labelledby": heading.id },
    heading, h("p", { class: "hint" }, "Loading…"));
  const load = () => cohortReadiness(id).then((view) => draw(section, heading, view),
    (err) => replace(section, heading, loadFailed(err, load)));
  load();
  return { section, reload: load };
}
