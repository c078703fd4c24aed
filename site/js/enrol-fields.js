/**
 * The enrolment form's own fields: role, name and email, consent and the
 * optional self-identification. Each registers with the form's FieldErrors.
 */
import { h } from "./dom.js";
import { AGE_RANGES } from "./enrolment.js";
import { errorMessage } from "./forms.js";
import { requiredMark } from "./question-field.js";

const ROLE_CHOICES = [
  ["mentee", "Mentee", "I'd like guidance from someone more experienced."],
  ["mentor", "Mentor", "I'd like to guide someone and share what I know."],
];

/** A labelled text-like input with its hint and error message. */
export function textField({ id, name, label, type = "text", required = false, hint, attrs = {} }) {
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const error = errorMessage(`${id}-error`);
  const input = h("input", {
    id, name, type, required, "aria-describedby": hintEl ? hintEl.id : null, ...attrs,
  });
  const element = h("div", { class: "field" },
    h("label", { for: id }, label, required ? requiredMark() : null), hintEl, error, input);
  return { element, input, error };
}

export function checkbox({ id, name, label, required = false }) {
  const error = errorMessage(`${id}-error`);
  const input = h("input", { type: "checkbox", id, name, value: "yes", required });
  const element = h("div", { class: "field checkbox" },
    error,
    h("div", { class: "option" }, input,
      h("label", { for: id }, label, required ? requiredMark() : null)));
  return { element, input, error };
}

export function roleFieldset(errors) {
  const error = errorMessage("role-error");
  const inputs = [];
  const options = ROLE_CHOICES.map(([value, label, hint]) => {
    // The hint sits inside the label, so it is already part of the name.
    const input = h("input", { type: "radio", name: "role", id: `role-${value}`, value, required: true });
    inputs.push(input);
    return h("div", { class: "option role-option" }, input,
      h("label", { for: input.id }, h("strong", {}, label),
        h("span", { class: "hint" }, hint)));
  });
  errors.register("role", { controls: inputs, error });
  return h("fieldset", { class: "roles" },
    h("legend", {}, "I want to join as", requiredMark()), error,
    h("div", { class: "options" }, options));
}

export function selfIdFieldset(errors) {
  const consent = checkbox({
    id: "selfid-consent", name: "self_id.consent",
    label: "Yes, store the answers below with my enrolment.",
  });
  const gender = textField({
    id: "selfid-gender", name: "self_id.gender", label: "Gender", hint: "In your own words.",
  });
  const ageError = errorMessage("selfid-age-error");
  const age = h("select", { id: "selfid-age", name: "self_id.age_range" },
    h("option", { value: "" }, "Choose one…"),
    AGE_RANGES.map((r) => h("option", { value: r }, r)));
  const ethnicity = textField({
    id: "selfid-ethnicity", name: "self_id.ethnicity", label: "Ethnicity", hint: "In your own words.",
  });
  errors.register("self_id", { controls: [consent.input], error: consent.error });
  errors.register("self_id.consent", { controls: [consent.input], error: consent.error });
  errors.register("self_id.gender", { controls: [gender.input], error: gender.error });
  errors.register("self_id.age_range", { controls: [age], error: ageError });
  errors.register("self_id.ethnicity", { controls: [ethnicity.input], error: ethnicity.error });
  return h("fieldset", { class: "self-id", "aria-describedby": "selfid-about" },
    h("legend", {}, "Optional: self-identification"),
    h("div", { id: "selfid-about", class: "explainer" },
      h("p", {}, "The program team uses these answers, only in aggregate, to check that "
        + "the program reaches everyone it should. They are never used for matching "
        + "and never shown to mentors or mentees."),
      h("p", {}, "Every question here is optional. Nothing in this section is sent unless "
        + "you tick the box.")),
    consent.element,
    gender.element,
    h("div", { class: "field" }, h("label", { for: "selfid-age" }, "Age range"), ageError, age),
    ethnicity.element);
}
