/**
 * Pure enrolment logic: the request body built from raw form values and
 * the words shown on success. No DOM, no network.
 */
import { collectAnswers } from "./questionnaire.js";

export const AGE_RANGES = ["under 25", "25–34", "35–44", "45–54", "55+", "prefer not to say"];
export const CAPACITY = { min: 1, max: 10, default: 2 };
/** The profile's optional fields and their limits in characters (as the API checks them). */
export const PROFILE = { job_title: 100, bio: 600 };

const first = (values, name) => (values[name] ?? [])[0] ?? "";
const text = (values, name) => first(values, name).trim();

/** The capacity a mentor typed, as an integer when it is one. */
function capacityValue(raw) {
  const trimmed = String(raw).trim();
  if (trimmed === "") return null;
  const n = Number(trimmed);
  // Anything else goes to the API as typed, so its message names the field.
  return Number.isFinite(n) ? n : trimmed;
}

/**
 * The body of `POST /api/cohorts/{id}/enrollments` from raw form values
 * (`{name: [string, …]}`). Capacity is sent for mentors only; job title and
 * bio only when given; the self-identification answers only when their own
 * consent box is ticked.
 */
export function buildEnrollment(questions, values) {
  const role = first(values, "role") || null;
  const body = {
    role,
    name: text(values, "name"),
    email: text(values, "email"),
    answers: collectAnswers(questions, role, values),
    consent: first(values, "consent") === "yes",
  };
  if (role === "mentor") body.capacity = capacityValue(first(values, "capacity"));
  for (const key of Object.keys(PROFILE)) {
    const value = text(values, key).replace(/\r\n?/g, "\n");
    if (value) body[key] = value;
  }
  if (first(values, "self_id.consent") === "yes") {
    const selfId = { consent: true };
    for (const key of ["gender", "age_range", "ethnicity"]) {
      const value = text(values, `self_id.${key}`);
      if (value) selfId[key] = value;
    }
    // The wording she consented to said the program's goals use them.
    if (first(values, "self_id.for_goals") === "yes") selfId.for_goals = true;
    body.self_id = selfId;
  }
  return body;
}

/**
 * What the page says once the server took the enrolment. The server answers
 * the same whether the address was new or already enrolled (so the form
 * tells no one who is enrolled); the e-mail it sends says which.
 */
export function successMessage(role) {
  const as = role === "mentor" ? "a mentor" : "a mentee";
  return `It confirms your enrolment as ${as}, or tells you that this address was ` +
    "already enrolled, in which case nothing was changed.";
}
