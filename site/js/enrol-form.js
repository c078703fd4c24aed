/**
 * The enrolment page: loads the cohort named in `?cohort=`, renders its
 * questionnaire with the role choice, and submits the enrolment.
 */
import { ApiError, enrol, getCohort } from "./api.js";
import { focusElement, h, replace } from "./dom.js";
import { AGE_RANGES, CAPACITY, buildEnrollment, successMessage } from "./enrolment.js";
import { closesText } from "./format.js";
import {
  FieldErrors, errorMessage, formAlert, formValues, hideAlert, setBusy, showAlert,
} from "./forms.js";
import { renderQuestion, requiredMark } from "./question-field.js";

const ROLE_CHOICES = [
  ["mentee", "Mentee", "I'd like guidance from someone more experienced."],
  ["mentor", "Mentor", "I'd like to guide someone and share what I know."],
];

/** A labelled text-like input with its hint and error message. */
function textField({ id, name, label, type = "text", required = false, hint, attrs = {} }) {
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const error = errorMessage(`${id}-error`);
  const input = h("input", {
    id, name, type, required, "aria-describedby": hintEl ? hintEl.id : null, ...attrs,
  });
  const element = h("div", { class: "field" },
    h("label", { for: id }, label, required ? requiredMark() : null), hintEl, error, input);
  return { element, input, error };
}

function checkbox({ id, name, label, required = false }) {
  const error = errorMessage(`${id}-error`);
  const input = h("input", { type: "checkbox", id, name, value: "yes", required });
  const element = h("div", { class: "field checkbox" },
    error,
    h("div", { class: "option" }, input,
      h("label", { for: id }, label, required ? requiredMark() : null)));
  return { element, input, error };
}

function roleFieldset(errors) {
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

function selfIdFieldset(errors) {
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

function renderClosed(root, cohort) {
  replace(root,
    h("h1", {}, cohort.name),
    h("p", {}, "Enrolment for this cohort is not open."),
    h("p", {}, h("a", { href: "index.html" }, "See the cohorts open for enrolment")));
}

function renderSuccess(root, cohort, body) {
  const heading = h("h1", {}, "You're enrolled");
  replace(root,
    h("div", { class: "success" },
      heading,
      h("p", {}, successMessage(cohort.name, body.role)),
      h("p", {}, "The program team will contact you at ", h("strong", {}, body.email),
        " when matches are made."),
      h("p", {}, h("a", { href: "index.html" }, "Back to the open cohorts"))));
  document.title = `Enrolled: ${cohort.name} · Tandem`;
  focusElement(heading);
}

function renderForm(root, cohort) {
  const questions = cohort.questionnaire?.questions ?? [];
  const errors = new FieldErrors();
  const alert = formAlert();

  const name = textField({ id: "name", name: "name", label: "Your name", required: true,
    attrs: { autocomplete: "name" } });
  const email = textField({ id: "email", name: "email", label: "Email address", type: "email",
    required: true, hint: "We use it only for this program.",
    attrs: { autocomplete: "email", spellcheck: "false" } });
  const capacity = textField({ id: "capacity", name: "capacity", type: "number", required: true,
    label: "How many mentees can you take on?",
    hint: `A whole number from ${CAPACITY.min} to ${CAPACITY.max}.`,
    attrs: { min: CAPACITY.min, max: CAPACITY.max, step: 1, value: CAPACITY.default,
      inputmode: "numeric" } });
  capacity.element.hidden = true;
  const consent = checkbox({ id: "consent", name: "consent", required: true,
    label: "I agree that Tandem stores my details and answers to run this mentoring program." });
  errors.register("name", { controls: [name.input], error: name.error });
  errors.register("email", { controls: [email.input], error: email.error });
  errors.register("capacity", { controls: [capacity.input], error: capacity.error });
  errors.register("consent", { controls: [consent.input], error: consent.error });

  const rendered = questions.map((q, i) => {
    const r = renderQuestion(q, i);
    r.root.hidden = true;
    errors.register(`answers.${q.id}`, { controls: r.controls, error: r.error });
    return { question: q, ...r };
  });
  const questionsHint = h("p", { class: "hint", id: "questions-hint" },
    "Choose a role above to see its questions.");
  const submit = h("button", { type: "submit", class: "primary" }, "Enrol");
  const progress = h("p", { class: "progress", role: "status" });

  const form = h("form", { novalidate: true, class: "enrol-form" },
    h("p", { class: "hint" }, "Questions marked (required) must be answered."),
    roleFieldset(errors),
    h("fieldset", {}, h("legend", {}, "About you"), name.element, email.element, capacity.element),
    h("section", { class: "questions", "aria-labelledby": "questions-heading" },
      h("h2", { id: "questions-heading" }, "Your answers"),
      questionsHint,
      rendered.map((r) => r.root)),
    selfIdFieldset(errors),
    h("div", { class: "consent" }, consent.element),
    h("div", { class: "actions" }, submit, progress));

  function showRole(role) {
    let shown = 0;
    for (const r of rendered) {
      r.root.hidden = !(r.question.roles ?? []).includes(role);
      if (!r.root.hidden) shown += 1;
    }
    capacity.element.hidden = role !== "mentor";
    questionsHint.textContent = shown ? "" : "There are no questions for this role.";
    questionsHint.hidden = shown > 0;
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "role") showRole(event.target.value);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    errors.clear();
    hideAlert(alert);
    const body = buildEnrollment(questions, formValues(form));
    setBusy(submit, true, "Sending…");
    progress.textContent = "Sending your enrolment…";
    try {
      await enrol(cohort.id, body);
    } catch (err) {
      setBusy(submit, false);
      progress.textContent = "";
      const message = err instanceof ApiError ? err.message : "Something went wrong. Please try again.";
      const target = err instanceof ApiError && err.field ? errors.show(err.field, message) : null;
      if (target) target.focus();
      else showAlert(alert, message, err instanceof ApiError ? err.field : null);
      return;
    }
    renderSuccess(root, cohort, body);
  });

  const program = cohort.program ?? {};
  replace(root,
    h("h1", {}, `Enrol in ${cohort.name}`),
    program.name ? h("p", { class: "lead" }, program.name) : null,
    program.description ? h("p", {}, program.description) : null,
    h("p", { class: "meta" }, closesText(cohort.enrollment_closes)),
    alert,
    form);
  document.title = `Enrol in ${cohort.name} · Tandem`;
}

/** Mount on the element that holds the enrolment page's content. */
export async function mountEnrolForm(root) {
  const cohortId = new URLSearchParams(window.location.search).get("cohort");
  if (!cohortId) {
    replace(root,
      h("h1", {}, "Choose a cohort"),
      h("p", {}, "This link does not name a cohort to enrol in."),
      h("p", {}, h("a", { href: "index.html" }, "See the cohorts open for enrolment")));
    return;
  }
  let cohort;
  try {
    cohort = await getCohort(cohortId);
  } catch (err) {
    const notFound = err instanceof ApiError && err.status === 404;
    replace(root,
      h("h1", {}, notFound ? "Cohort not found" : "The form could not be loaded"),
      h("p", { role: "alert" }, notFound
        ? "There is no cohort at this address. It may have been removed."
        : err.message),
      h("p", {}, h("a", { href: "index.html" }, "See the cohorts open for enrolment")));
    return;
  }
  if (cohort.status && cohort.status !== "enrolling") renderClosed(root, cohort);
  else renderForm(root, cohort);
}
