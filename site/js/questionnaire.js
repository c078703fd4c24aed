/**
 * Pure questionnaire logic: which questions a role sees, and turning raw
 * form values into the answers the API expects. No DOM, no network.
 *
 * Raw form values are a plain object `{name: [string, …]}` (what a FormData
 * holds), so these functions can be tested without a page.
 */

export const ROLES = ["mentor", "mentee"];

/** Questions shown to `role`, in questionnaire order. No role → none. */
export function questionsForRole(questions, role) {
  if (!ROLES.includes(role)) return [];
  return (questions ?? []).filter((q) => (q.roles ?? ROLES).includes(role));
}

/** The form-control name of a question's input(s). */
export function inputName(questionId) {
  return `q:${questionId}`;
}

/** Whether a choice question is long enough to be a drop-down rather than radios. */
export function usesSelect(question) {
  return question.type === "choice" && (question.options ?? []).length > 6;
}

/** Whether a scale is short enough to offer as a row of radio buttons. */
export function scaleAsRadios(question) {
  const { min, max } = scaleBounds(question);
  return Number.isInteger(min) && Number.isInteger(max) && max >= min && max - min <= 10;
}

/** Bounds of a scale question, 1–5 when the questionnaire does not say. */
export function scaleBounds(question) {
  return {
    min: Number.isFinite(question.min) ? question.min : 1,
    max: Number.isFinite(question.max) ? question.max : 5,
  };
}

function toNumber(text) {
  const trimmed = String(text ?? "").trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The value one question contributes, or undefined when unanswered.
 * text/long_text → trimmed string; choice → one option; multi_choice → list;
 * number/scale → number.
 */
export function answerValue(question, raw = []) {
  const values = raw.filter((v) => typeof v === "string");
  switch (question.type) {
    case "multi_choice":
      return values.length ? values : undefined;
    case "number":
    case "scale":
      return toNumber(values[0]);
    case "choice":
      return values[0] ? values[0] : undefined;
    default: {
      const text = (values[0] ?? "").trim();
      return text ? text : undefined;
    }
  }
}

/**
 * Answers for the questions `role` sees. Unanswered questions are left out,
 * so the API names any required one that is missing.
 */
export function collectAnswers(questions, role, formValues) {
  const answers = {};
  for (const question of questionsForRole(questions, role)) {
    const value = answerValue(question, formValues[inputName(question.id)] ?? []);
    if (value !== undefined) answers[question.id] = value;
  }
  return answers;
}
