/**
 * "Training before matching" on My mentoring: the required training of each
 * program she enrolled in as a mentor (`GET /api/me`'s `training`), shown
 * from the day she enrols, each marked done here (on her enrolment, so it
 * counts before she has a match).
 */
import { getMe } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { resourceItem } from "./my-resources.js";

function draw(section, training) {
  const open = training.filter((t) => !t.done).length;
  const cohorts = [...new Map(training.map((t) => [t.cohort.id, t])).values()];
  const reload = async (focusId, message) => {
    const me = await getMe();
    draw(section, me.training ?? []);
    const target = document.getElementById(focusId);
    if (target) focusElement(target);
    announce(message);
  };
  replace(section,
    h("h2", { id: "training-heading", text: "Training before matching" }),
    h("p", { class: "hint", text: open
      ? `Your program asks mentors to do this before they are matched: ${open} left to do.`
      : "All done: thank you. Your program team can see that you have done it." }),
    cohorts.map((c) => [
      cohorts.length > 1 ? h("h3", { text: `${c.program}, ${c.cohort.name}` }) : null,
      h("ul", { class: "resources" }, training.filter((t) => t.cohort.id === c.cohort.id)
        .map((t) => resourceItem({ ...t, required: false }, reload, `training-${c.cohort.id}`)))]));
}

/** The section, or null when she has no required training. */
export function trainingSection(training) {
  if (!training?.length) return null;
  const section = h("section", { class: "panel", id: "my-training", "aria-labelledby": "training-heading" });
  draw(section, training);
  return section;
}
