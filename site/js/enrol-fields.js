/**
 * The enrolment form's own fields: role, name and email, the optional
 * profile, consent and the optional self-identification. Each registers with
 * the form's FieldErrors.
 */
import { h } from "./dom.js";
import { AGE_RANGES, PROFILE } from "./enrolment.js";
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

/** "12 characters left" / "3 characters too many" for a text of `length` under `limit`. */
export function charactersLeft(length, limit) {
  const left = limit - length;
  const n = Math.abs(left);
  return `${n} ${n === 1 ? "character" : "characters"} ${left >= 0 ? "left" : "too many"}`;
}

/**
 * The optional job title and bio, each with its limit shown; the bio counts
 * its characters as they are typed. No maxlength: a pasted text stays whole
 * and the count and the error say how much to cut.
 */
export function profileFieldset(errors) {
  const jobTitle = textField({
    id: "job_title", name: "job_title", label: "Job title",
    hint: `Optional, up to ${PROFILE.job_title} characters.`,
    attrs: { autocomplete: "organization-title" },
  });
  errors.register("job_title", { controls: [jobTitle.input], error: jobTitle.error });
  const bioError = errorMessage("bio-error");
  const count = h("p", { class: "hint char-count", id: "bio-count" },
    charactersLeft(0, PROFILE.bio));
  const bio = h("textarea", {
    id: "bio", name: "bio", rows: 5, "aria-describedby": "bio-hint bio-count",
  });
  bio.addEventListener("input", () => {
    const length = bio.value.trim().length;
    count.textContent = charactersLeft(length, PROFILE.bio);
    count.classList.toggle("over", length > PROFILE.bio);
  });
  errors.register("bio", { controls: [bio], error: bioError });
  return h("fieldset", { class: "profile-fields", "aria-describedby": "profile-about" },
    h("legend", {}, "Optional: your profile"),
    h("p", { class: "hint", id: "profile-about" },
      "The people you may be matched with see these once matching is done."),
    jobTitle.element,
    h("div", { class: "field" },
      h("label", { for: "bio" }, "A short bio (what you do, what you enjoy)"),
      h("p", { class: "hint", id: "bio-hint" }, `Optional, up to ${PROFILE.bio} characters.`),
      bioError, bio, count));
}

/**
 * `forGoals`: the program uses these answers for its diversity goals (a
 * setting of the program); the wording says so, and a hidden field tells the
 * API that this is the wording her consent was given to.
 */
export function selfIdFieldset(errors, { forGoals = false } = {}) {
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
      forGoals
        ? h("p", {}, "The program team uses these answers, only in aggregate, to check that "
          + "the program reaches everyone it should, to measure the program's diversity goals "
          + "and, where a goal is binding, to meet it when matching (for example, every group "
          + "matched at a similar rate). They are never shown to mentors or mentees, and no "
          + "figure from fewer than 10 people is shown to the program team.")
        : h("p", {}, "The program team uses these answers, only in aggregate, to check that "
          + "the program reaches everyone it should. They are never used for matching "
          + "and never shown to mentors or mentees."),
      h("p", {}, "Every question here is optional. Nothing in this section is sent unless "
        + "you tick the box.")),
    forGoals ? h("input", { type: "hidden", name: "self_id.for_goals", value: "yes" }) : null,
    consent.element,
    gender.element,
    h("div", { class: "field" }, h("label", { for: "selfid-age" }, "Age range"), ageError, age),
    ethnicity.element);
}
