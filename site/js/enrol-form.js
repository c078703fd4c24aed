/**
 * The enrolment page: loads the cohort named in `?cohort=`, renders its
 * questionnaire with the role choice, and submits the enrolment.
 */
import { ApiError, enrol, getCohort, ssoJustSignedIn, ssoLoginUrl, ssoParticipant, ssoStatus } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { enrolmentProblems } from "./enrol-checks.js";
import { checkbox, profileFieldset, roleFieldset, selfIdFieldset, textField } from "./enrol-fields.js";
import { CAPACITY, buildEnrollment, successMessage } from "./enrolment.js";
import { closesText, statusLabel } from "./format.js";
import { FieldErrors, formAlert, formValues, showProblems, submitForm } from "./forms.js";
import { loadLifecycle } from "./lifecycle.js";
import { renderQuestion } from "./question-field.js";
import { ratingFieldset } from "./self-assessment.js";
import { readinessFieldset } from "./readiness-fields.js";

const OPEN = "enrolling"; // the life-cycle state in which a cohort takes enrolments
const BACK = () => h("p", {}, h("a", { href: "/" }, "See the cohorts open for enrolment"));

async function renderClosed(root, cohort) {
  await loadLifecycle();
  replace(root,
    h("h1", {}, cohort.name),
    h("p", {}, "Enrolment for this cohort is not open."),
    h("p", { class: "meta" }, `Status: ${statusLabel(cohort.status)}`),
    BACK());
  document.title = `${cohort.name} · Tandem`;
}

function renderSuccess(root, cohort, body, reply) {
  const heading = h("h1", {}, "Check your e-mail");
  replace(root,
    h("div", { class: "success" },
      heading,
      h("p", {}, reply.message),
      h("p", {}, successMessage(body.role)),
      h("p", {}, "The program team will write to you at ", h("strong", {}, body.email),
        " when matches are made. ", h("a", { href: "/me.html" }, "My mentoring"),
        " shows where you are."),
      h("p", {}, h("a", { href: "/" }, "Back to the open cohorts"))));
  document.title = `Check your e-mail: ${cohort.name} · Tandem`;
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
  const assessment = cohort.skills?.length ? ratingFieldset(cohort.skills, {
    legend: "Optional: where are you today?", errors,
    hint: "Rate yourself from 1 (just starting) to 5 (a real strength). When your match closes "
      + "you rate yourself again, and My mentoring shows how you have grown. Only you see your ratings.",
  }) : null;
  const readiness = cohort.readiness?.length ? readinessFieldset(cohort.readiness, errors) : null;
  if (readiness) readiness.element.hidden = true;
  const submit = h("button", { type: "submit", class: "primary" }, "Enrol");
  const progress = h("p", { class: "progress", role: "status" });

  const form = h("form", { novalidate: true, class: "enrol-form" },
    h("p", { class: "hint" }, "Questions marked (required) must be answered."),
    roleFieldset(errors),
    h("fieldset", {}, h("legend", {}, "About you"), name.element, email.element, capacity.element),
    profileFieldset(errors),
    h("section", { class: "questions", "aria-labelledby": "questions-heading" },
      h("h2", { id: "questions-heading" }, "Your answers"),
      questionsHint,
      rendered.map((r) => r.root)),
    readiness?.element,
    assessment?.element,
    selfIdFieldset(errors, { forGoals: Boolean(cohort.self_id_goals) }),
    h("div", { class: "consent" }, consent.element),
    h("div", { class: "actions" }, submit, progress));

  function showRole(role) {
    let shown = 0;
    for (const r of rendered) {
      r.root.hidden = !(r.question.roles ?? []).includes(role);
      if (!r.root.hidden) shown += 1;
    }
    capacity.element.hidden = role !== "mentor";
    if (readiness) readiness.element.hidden = role !== "mentor";
    questionsHint.textContent = shown ? "" : "There are no questions for this role.";
    questionsHint.hidden = shown > 0;
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "role") showRole(event.target.value);
  });

  let body = null;
  submitForm(form, {
    button: submit, busy: "Sending…", alert, errors,
    check: () => {
      body = buildEnrollment(questions, formValues(form));
      const ratings = assessment?.ratings() ?? {};
      if (Object.keys(ratings).length) body.self_assessment = ratings;
      const ready = body.role === "mentor" ? readiness?.answers() ?? {} : {};
      if (Object.keys(ready).length) body.readiness = ready;
      return enrolmentProblems(questions, body);
    },
    send: () => {
      progress.textContent = "Sending your enrolment…";
      return enrol(cohort.id, body);
    },
    done: (reply) => renderSuccess(root, cohort, body, reply),
    failed: (err) => {
      progress.textContent = "";
      const message = err instanceof ApiError ? err.message : "Something went wrong. Please try again.";
      showProblems(alert, errors, [{ field: err instanceof ApiError ? err.field : null, message }]);
    },
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
  offerSingleSignOn(cohort, form, name, email);
}

/**
 * With single sign-on on: "Sign in with <organisation>" above the form, and
 * back from it, the name and verified address from the organisation's
 * account filled in (the address then fixed).
 */
async function offerSingleSignOn(cohort, form, name, email) {
  try {
    const sso = await ssoStatus();
    if (!sso.enabled) return;
    if (ssoJustSignedIn()) {
      const me = await ssoParticipant();
      if (me.name && !name.input.value) name.input.value = me.name;
      email.input.value = me.email;
      email.input.readOnly = true;
      form.before(h("p", { class: "notice", id: "sso-filled",
        text: `Signed in with ${sso.name}: your name and e-mail address come from your account there.` }));
      return;
    }
    form.before(h("p", { class: "actions", id: "sso-enrol" },
      h("a", { class: "button", href: ssoLoginUrl("participant", `/enrol.html?cohort=${cohort.id}`),
        text: `Sign in with ${sso.name}` }),
      h("span", { class: "hint", text: "to fill in your name and e-mail address, or type them below." })));
  } catch {
    // Not available: the form works as it is.
  }
}

/** Mount on the element that holds the enrolment page's content. */
export async function mountEnrolForm(root) {
  const cohortId = new URLSearchParams(window.location.search).get("cohort");
  if (!cohortId) {
    replace(root,
      h("h1", {}, "Choose a cohort"),
      h("p", {}, "This link does not name a cohort to enrol in."),
      BACK());
    return;
  }
  let cohort;
  try {
    cohort = await getCohort(cohortId);
  } catch (err) {
    const notFound = err instanceof ApiError && err.status === 404;
    const message = notFound
      ? "There is no cohort at this address. It may have been removed."
      : err.message;
    replace(root,
      h("h1", {}, notFound ? "Cohort not found" : "The form could not be loaded"),
      h("p", {}, message),
      BACK());
    announce(message);
    return;
  }
  if (cohort.status && cohort.status !== OPEN) await renderClosed(root, cohort);
  else renderForm(root, cohort);
}
