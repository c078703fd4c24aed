/** The landing page's list of cohorts open for enrolment. */
import { getOpenCohorts } from "./api.js";
import { announce, h, replace, srOnly } from "./dom.js";
import { closesText, plural, programTypeLabel } from "./format.js";
import { loadLifecycle } from "./lifecycle.js";

function cohortCard(cohort) {
  const program = cohort.program ?? {};
  const href = `/enrol.html?cohort=${encodeURIComponent(cohort.id)}`;
  const meta = [programTypeLabel(program.type), closesText(cohort.enrollment_closes)]
    .filter(Boolean).join(" · ");
  return h("li", { class: "card cohort", "data-cohort": cohort.id },
    h("h3", {}, program.name ? `${program.name}: ${cohort.name}` : cohort.name),
    program.description ? h("p", {}, program.description) : null,
    h("p", { class: "meta" }, meta),
    h("a", { class: "button", href },
      `Enrol in ${cohort.name}`, program.name ? srOnly(` (${program.name})`) : null));
}

/** Mount on the element that should hold the list (it says "Loading…" until then). */
export async function mountCohortList(root) {
  let cohorts;
  try {
    // The labels load alongside; without them the cards show raw ids.
    [cohorts] = await Promise.all([getOpenCohorts(), loadLifecycle()]);
  } catch (err) {
    const message = `The open cohorts could not be loaded. ${err.message}`;
    replace(root, h("p", { class: "error-text" }, message));
    announce(message);
    return;
  }
  if (!Array.isArray(cohorts) || cohorts.length === 0) {
    replace(root, h("div", { class: "empty" },
      h("p", {}, "No cohorts are open for enrolment right now."),
      h("p", {}, "Programs open new cohorts a few times a year; please check back soon.")));
    announce("No cohorts are open for enrolment right now.");
    return;
  }
  replace(root, h("ul", { class: "cards", role: "list" }, cohorts.map(cohortCard)));
  announce(`${plural(cohorts.length, "cohort")} open for enrolment.`);
}
