/**
 * A live preview of the enrolment form's questions as one role sees them,
 * drawn with the same code as the real form (question-field.js). It is not
 * a form: nothing in it is sent.
 */
import { h } from "./dom.js";
import { roleLabel } from "./format.js";
import { renderQuestion } from "./question-field.js";
import { withIds } from "./questionnaire-edit.js";
import { ROLES, questionsForRole } from "./questionnaire.js";

/** Returns `{element, update(questions)}`. */
export function enrolPreview(questions) {
  let current = questions;
  const radios = ROLES.map((role, i) => h("input", {
    type: "radio", name: "preview-role", id: `preview-role-${role}`, value: role, checked: i === 1,
  }));
  const body = h("div", { class: "preview-body" });
  const heading = h("h3", { id: "preview-heading" }, "Preview of the enrolment form");

  function draw() {
    const role = radios.find((r) => r.checked)?.value ?? "mentee";
    // Questions not named yet get their id from the label, as saving does.
    const shown = questionsForRole(withIds(current), role);
    if (!shown.length) {
      body.replaceChildren(h("p", { class: "empty" }, `${roleLabel(role)}s are asked no questions.`));
      return;
    }
    body.replaceChildren(...shown.map((q, i) =>
      renderQuestion({ ...q, label: q.label.trim() || "(question not written yet)" }, i, "pv").root));
  }
  for (const radio of radios) radio.addEventListener("change", draw);

  const element = h("section", { class: "preview panel", "aria-labelledby": heading.id },
    heading,
    h("p", { class: "hint" }, "What each role is asked when enrolling; it follows your changes as you type."),
    h("fieldset", { class: "preview-roles" }, h("legend", {}, "Show the form as"),
      h("div", { class: "options scale" }, radios.map((r) =>
        h("div", { class: "option" }, r, h("label", { for: r.id }, `a ${roleLabel(r.value).toLowerCase()}`))))),
    body);
  draw();
  return {
    element,
    update(questions) {
      current = questions;
      draw();
    },
  };
}
