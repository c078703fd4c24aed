/**
 * A partner's profile as the match pages and choice cards show it: her job
 * title, her bio and her answers to the questions her program shows to
 * partners. Text only (DOM nodes and textContent), whatever she typed.
 */
import { h } from "./dom.js";

/**
 * The nodes for `person`'s profile (`{job_title, bio, answers: [{label,
 * answer}]}` as the API gives it), or an empty list when she gave none.
 */
export function profileParts(person) {
  const answers = person?.answers ?? [];
  return [
    person?.job_title ? h("p", { class: "job-title", text: person.job_title }) : null,
    person?.bio ? h("p", { class: "bio", text: person.bio }) : null,
    answers.length
      ? h("dl", { class: "shared-answers" }, ...answers.flatMap((a) => [
        h("dt", { text: a.label }), h("dd", { text: a.answer })]))
      : null,
  ].filter(Boolean);
}
