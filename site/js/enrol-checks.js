/**
 * Pure checks of an enrolment before it is sent: every problem at once, in
 * the order the fields appear on the form, so the page can list them all.
 * The API checks again on its own; these spare a round trip per mistake.
 * No DOM, no network.
 */
import { CAPACITY, PROFILE } from "./enrolment.js";
import { questionsForRole, scaleBounds } from "./questionnaire.js";

const PROFILE_WORDS = { job_title: "Your job title", bio: "Your bio" };
// Control characters; a bio may keep its line breaks (\n), a job title is one line.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** What is wrong with an optional profile text, or null. */
export function profileProblem(key, value) {
  if (typeof value !== "string") return null;
  const words = PROFILE_WORDS[key];
  if (value.length > PROFILE[key]) {
    return `${words} is ${value.length} characters long: keep it to ${PROFILE[key]} or fewer.`;
  }
  if ((key === "bio" ? CONTROL : CONTROL_OR_BREAK).test(value)) {
    return key === "bio"
      ? "Your bio may have line breaks, but no tabs or other control characters."
      : "Your job title is one line, without line breaks, tabs or other control characters.";
  }
  return null;
}

// Deliberately loose (the API has the final word): something@something.tld.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requiredMessage(question) {
  const label = question.label ?? question.id;
  return question.type === "multi_choice"
    ? `Choose at least one option for “${label}”.`
    : `Answer “${label}”.`;
}

function bounds(question) {
  if (question.type === "scale") return scaleBounds(question);
  return {
    min: Number.isFinite(question.min) ? question.min : -Infinity,
    max: Number.isFinite(question.max) ? question.max : Infinity,
  };
}

function rangeMessage(question, { min, max }) {
  const label = question.label ?? question.id;
  if (min === -Infinity) return `“${label}” must be at most ${max}.`;
  if (max === Infinity) return `“${label}” must be at least ${min}.`;
  return `“${label}” must be between ${min} and ${max}.`;
}

/**
 * The problems of an enrolment `body` (as buildEnrollment makes it) against
 * the cohort's `questions`: `[{field, message}]`, empty when it can be sent.
 * `field` uses the API's names ("email", "answers.skills").
 */
export function enrolmentProblems(questions, body) {
  const problems = [];
  const add = (field, message) => problems.push({ field, message });
  if (!body.role) add("role", "Choose whether you join as a mentor or a mentee.");
  if (!body.name) add("name", "Enter your name.");
  if (!body.email) add("email", "Enter your email address.");
  else if (!EMAIL.test(body.email)) add("email", "Enter an email address like name@example.org.");
  if (body.role === "mentor") {
    const c = body.capacity;
    if (!(Number.isInteger(c) && c >= CAPACITY.min && c <= CAPACITY.max)) {
      add("capacity", `Enter how many mentees you can take on: a whole number from ${CAPACITY.min} to ${CAPACITY.max}.`);
    }
  }
  for (const key of Object.keys(PROFILE)) {
    const problem = profileProblem(key, body[key]);
    if (problem) add(key, problem);
  }
  for (const question of questionsForRole(questions, body.role)) {
    const field = `answers.${question.id}`;
    const value = body.answers?.[question.id];
    if (value === undefined) {
      if (question.required) add(field, requiredMessage(question));
    } else if (typeof value === "number") {
      const range = bounds(question);
      if (value < range.min || value > range.max) add(field, rangeMessage(question, range));
    }
  }
  if (!body.consent) add("consent", "Tick the box to agree that Tandem stores your details, or you cannot enrol.");
  return problems;
}
