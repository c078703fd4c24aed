/**
 * Pure logic of the questionnaire builder: new and default questions,
 * reordering, ids, the shape the API takes, and the problems to show before
 * saving. No DOM, no network.
 */
import { ROLES } from "./questionnaire.js";

export const QUESTION_TYPES = [
  ["text", "Short text"],
  ["long_text", "Long text"],
  ["choice", "Single choice"],
  ["multi_choice", "Multiple choice"],
  ["number", "Number"],
  ["scale", "Scale"],
];

const CHOICE_TYPES = new Set(["choice", "multi_choice"]);
const RANGE_TYPES = new Set(["number", "scale"]);

export const hasOptions = (type) => CHOICE_TYPES.has(type);
export const hasRange = (type) => RANGE_TYPES.has(type);

/** A blank question both roles answer. */
export function newQuestion() {
  return { id: null, label: "", type: "text", required: false, roles: [...ROLES], options: [], help: "" };
}

const SKILLS = ["communication", "leadership", "career growth", "project management",
  "technical skills", "public speaking", "negotiation", "writing"];
const LANGUAGES = ["English", "French", "German", "Spanish", "Portuguese", "Chinese", "Hindi", "Arabic"];

/**
 * What a new program starts with, the server's default questionnaire
 * (functions/domain/questionnaire.py), whose ids its default matching
 * criteria use: skills offered and wanted, languages, and level.
 */
export function defaultQuestions() {
  return [
    { id: "offers", label: "What can you help with?", type: "multi_choice", options: [...SKILLS],
      required: true, roles: ["mentor"], help: "" },
    { id: "wants", label: "What would you like to grow in?", type: "multi_choice", options: [...SKILLS],
      required: true, roles: ["mentee"], help: "" },
    { id: "languages", label: "Languages you can mentor or be mentored in", type: "multi_choice",
      options: [...LANGUAGES], required: true, roles: [...ROLES], help: "" },
    { id: "level", label: "Your level (1 = new starter, 6 = executive)", type: "scale", min: 1, max: 6,
      required: true, roles: [...ROLES], help: "" },
  ];
}

/** A copy of `list` with the item at `index` moved by `delta` (clamped to the ends). */
export function moveItem(list, index, delta) {
  const to = Math.max(0, Math.min(list.length - 1, index + delta));
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(to, 0, item);
  return copy;
}

// Question ids are also CSV column names: these are the participant's own columns.
const RESERVED = new Set(["role", "name", "email", "capacity"]);

/**
 * "What's your team?" → "what_s_your_team": lower-case letters, digits and
 * _, starting with a letter, at most 36 characters (room for a "_2"), never
 * one of the participant's own columns.
 */
export function slugify(label) {
  let slug = String(label ?? "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!/^[a-z]/.test(slug)) slug = slug ? `q_${slug}` : "question";
  slug = slug.slice(0, 36).replace(/_+$/, "");
  return RESERVED.has(slug) ? `${slug}_answer` : slug;
}

/** Give each question without an id one made from its label, unique in the list. Ids kept stay. */
export function withIds(questions) {
  const taken = new Set(questions.map((q) => q.id).filter(Boolean));
  return questions.map((q) => {
    if (q.id) return q;
    const base = slugify(q.label);
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
    taken.add(id);
    return { ...q, id };
  });
}

/** Option lines → options: trimmed, blanks dropped. */
export function parseOptions(text) {
  return String(text ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
}

const finite = (n) => typeof n === "number" && Number.isFinite(n);

/** One question as the API takes it: only the keys its type uses. */
export function apiQuestion(q) {
  const out = { id: q.id, label: q.label.trim(), type: q.type, required: Boolean(q.required), roles: [...q.roles] };
  if (q.help && q.help.trim()) out.help = q.help.trim();
  if (q.shown_to_partner) out.shown_to_partner = true;
  if (hasOptions(q.type)) out.options = [...q.options];
  if (hasRange(q.type)) {
    if (finite(q.min)) out.min = q.min;
    if (finite(q.max)) out.max = q.max;
  }
  return out;
}

/** The questionnaire for the API, ids filled in. */
export function apiQuestionnaire(questions) {
  return { questions: withIds(questions).map(apiQuestion) };
}

/**
 * What is wrong with the questions, in order: `[{field, message}]` with
 * fields named the way the API names them (`questionnaire.questions[2].options`).
 */
export function questionnaireProblems(questions) {
  const problems = [];
  const say = (i, key, message) => problems.push({ field: `questionnaire.questions[${i}].${key}`, message });
  questions.forEach((q, i) => {
    const name = `Question ${i + 1}`;
    if (!String(q.label ?? "").trim()) say(i, "label", `${name} needs a question to ask.`);
    if (!q.roles?.length) say(i, "roles", `${name}: choose who answers it.`);
    if (hasOptions(q.type)) {
      if ((q.options ?? []).length < 2) say(i, "options", `${name}: give at least two options, one a line.`);
      else if (new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length) {
        say(i, "options", `${name}: an option is listed twice.`);
      } else if (q.type === "multi_choice" && q.options.some((o) => o.includes(";"))) {
        // ";" separates the choices of a multiple-choice answer in CSV files.
        say(i, "options", `${name}: an option of a multiple-choice question cannot contain “;”.`);
      }
    }
    if (hasRange(q.type)) {
      if (q.type === "scale" && (!Number.isInteger(q.min ?? 1) || !Number.isInteger(q.max ?? 5))) {
        say(i, "min", `${name}: a scale runs between whole numbers.`);
      } else if (finite(q.min) && finite(q.max) && q.min >= q.max) {
        say(i, "max", `${name}: the largest value must be more than the smallest.`);
      }
    }
  });
  return problems;
}
