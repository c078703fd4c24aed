/**
 * The cohort page's "Required training": which active mentors have not done
 * the program's required training, by name, with what is left to each; and
 * a warning beside "Match now" naming how many. A warning, not a block: the
 * admin may match anyway.
 */
import { loadFailed, viewLink } from "./admin-ui.js";
import { cohortTraining } from "./api.js";
import { h, replace } from "./dom.js";

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function draw(section, heading, warning, view, { program, navigate, beforeMatching }) {
  const titles = view.required.map((r) => `“${r.title}”`).join(", ");
  const left = view.not_done.length;
  warning.hidden = !(beforeMatching && view.required.length && left);
  warning.textContent = left
    ? `${plural(left, "mentor has", "mentors have")} not done the required training yet (see “Required training” below). You can still match.`
    : "";
  const resources = viewLink({ program }, navigate, {}, "the program page");
  if (!view.required.length) {
    replace(section, heading, h("p", { id: "training-summary" },
      "This program has no required training. To ask mentors to do a resource before matching, tick “Required training for mentors before matching” on it on ", resources, "."));
    return;
  }
  replace(section, heading,
    h("p", { id: "training-summary" }, `Required for mentors before matching: ${titles}. `
      + (view.mentors
        ? `${view.done} of ${view.mentors} ${view.mentors === 1 ? "mentor" : "mentors"} ${view.done === 1 ? "has" : "have"} done it all.`
        : "No mentor has enrolled yet.")),
    left
      // A long list stays folded; a short one is open.
      ? h("details", { id: "training-not-done", open: left <= 10 },
        h("summary", {}, `Not done yet: ${plural(left, "mentor", "mentors")}`),
        h("p", { class: "hint" }, "Mentors see it on My mentoring as soon as they enrol, and mark it done there."),
        h("ul", {}, view.not_done.map((m) => h("li", {}, m.name,
          view.required.length > 1 ? ` — left: ${m.missing.join(", ")}` : ""))))
      : view.mentors ? h("p", { text: "Every mentor has done it." }) : null);
}

/**
 * `{warning, section}` for cohort `id` of program `program`: the warning goes
 * beside "Match now" (shown while `beforeMatching`); both fill themselves in
 * when the list arrives.
 */
export function trainingParts(id, { program, navigate, beforeMatching }) {
  const heading = h("h3", { id: "training-heading" }, "Required training");
  const warning = h("p", { class: "message warning", id: "training-warning", hidden: true });
  const section = h("section", { class: "panel", id: "cohort-training", "aria-labelledby": heading.id },
    heading, h("p", { class: "hint" }, "Loading…"));
  const load = () => cohortTraining(id).then((view) => draw(section, heading, warning, view, { program, navigate, beforeMatching }),
    (err) => replace(section, heading, loadFailed(err, load)));
  load();
  return { warning, section, reload: load };
}
