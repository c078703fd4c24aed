/**
 * The mentor readiness check on the enrolment page: a short set of questions
 * (from `GET /api/cohorts/{id}`, `readiness`), each answer followed at once by
 * guidance written for it. Optional; shown to mentors only; nobody but the
 * mentor sees her answers (the admin sees counts).
 */
import { h, nextId } from "./dom.js";

/** `{element, answers()}` for the check's `questions`; `answers()` gives `{question: answer}`. */
export function readinessFieldset(questions, errors) {
  const form = nextId("ready");
  const groups = questions.map((q) => {
    const name = `readiness.${q.id}`;
    const guidance = h("p", { class: "guidance", id: `${form}-${q.id}-guidance`, "aria-live": "polite" });
    const error = h("p", { class: "field-error", id: `${form}-${q.id}-error`, hidden: true });
    const radios = q.options.map((o) => h("input", {
      type: "radio", name, id: `${form}-${q.id}-${o.id}`, value: o.id,
      "aria-describedby": guidance.id,
    }));
    errors?.register(name, { controls: radios, error });
    const element = h("fieldset", { class: "readiness-question" },
      h("legend", { text: q.text }), error,
      h("div", { class: "options" }, q.options.map((o, k) =>
        h("div", { class: "option" }, radios[k], h("label", { for: radios[k].id, text: o.label })))),
      guidance);
    element.addEventListener("change", () => {
      const chosen = q.options[radios.findIndex((r) => r.checked)];
      guidance.textContent = chosen ? chosen.guidance : "";
    });
    return { id: q.id, radios, element };
  });
  const hint = h("p", { class: "hint", id: `${form}-hint`,
    text: "Optional, and only you see your answers: each one is followed by a tip for "
      + "your first months as a mentor. Your program manager sees only how many mentors chose each answer." });
  const element = h("fieldset", { class: "readiness", "aria-describedby": hint.id },
    h("legend", { text: "Ready to mentor? A short check" }), hint, groups.map((g) => g.element));
  const answers = () => Object.fromEntries(groups
    .map((g) => [g.id, g.radios.find((r) => r.checked)?.value])
    .filter(([, v]) => v));
  return { element, answers };
}
