/** Pure formatting helpers: no DOM, no network. */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// The one way a date is shown to people: "5 Dec 2026". ISO ("2026-12-05")
// stays for machines only: input values, API bodies, CSV exports.
const DAY = { day: "numeric", month: "short", year: "numeric" };
const dateFormat = new Intl.DateTimeFormat("en-GB", { ...DAY, timeZone: "UTC" });
const localDateFormat = new Intl.DateTimeFormat("en-GB", DAY);
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
});

/**
 * "2026-12-01" → "1 Dec 2026", the date format for people everywhere. A
 * date-only value is a calendar day, so it is read as UTC to keep it from
 * shifting a day in western time zones; a timestamp shows the reader's own
 * day. Returns "" for empty input and the input itself when it is not a date.
 */
export function formatDate(iso) {
  if (!iso) return "";
  const text = String(iso);
  if (DATE_ONLY.test(text)) return dateFormat.format(new Date(`${text}T00:00:00Z`));
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return localDateFormat.format(date);
}

const pad2 = (n) => String(n).padStart(2, "0");

/**
 * Today's calendar day where the reader is, as "2026-12-01" (the value a date
 * input takes). From the local year, month and day: the UTC date
 * (`toISOString()`) is already tomorrow on an evening west of UTC.
 */
export function today(now = new Date()) {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

/** A timestamp in the reader's time zone: "1 Dec 2026, 14:05". */
export function formatDateTime(iso) {
  if (!iso) return "";
  if (DATE_ONLY.test(iso)) return formatDate(iso);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return dateTimeFormat.format(date);
}

/** A sentence about when enrolment closes. */
export function closesText(iso) {
  return iso ? `Enrolment closes ${formatDate(iso)}` : "No closing date set";
}

/** Count participants by role: [{role}] → {mentor, mentee}. */
export function countsByRole(participants) {
  const counts = { mentor: 0, mentee: 0 };
  for (const p of participants) {
    if (p && Object.hasOwn(counts, p.role)) counts[p.role] += 1;
  }
  return counts;
}

/** "1 mentor", "3 mentees". */
/** A policy criterion's name as a participant reads it: "time_zone" -> "Time zone". */
export function criterionLabel(name) {
  const words = String(name ?? "").replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 14500 → "14,500": counts people read, with the thousands grouped. */
export function count(n) {
  return typeof n === "number" ? n.toLocaleString("en") : String(n);
}

export function plural(n, word) {
  return `${count(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** {mentor: 2, mentee: 1} → "2 mentors, 1 mentee". Missing roles count as 0. */
export function describeCounts(counts = {}) {
  return `${plural(counts.mentor ?? 0, "mentor")}, ${plural(counts.mentee ?? 0, "mentee")}`;
}

const ROLE_LABELS = { mentor: "Mentor", mentee: "Mentee" };
export function roleLabel(role) {
  return ROLE_LABELS[role] ?? String(role ?? "");
}

// Labels of cohort states and program types come from `GET /api/lifecycle`
// (the one definition of the life cycle); until they arrive, the raw id shows.
const lifecycleLabels = { states: new Map(), programTypes: new Map(), transitions: {} };

function labelMap(list) {
  return new Map((Array.isArray(list) ? list : [])
    .filter((item) => item && typeof item.id === "string" && typeof item.label === "string")
    .map((item) => [item.id, item.label]));
}

/** Take the labels of `GET /api/lifecycle`'s answer. */
export function setLifecycle(lifecycle) {
  lifecycleLabels.states = labelMap(lifecycle?.states);
  lifecycleLabels.programTypes = labelMap(lifecycle?.program_types);
  const transitions = lifecycle?.transitions;
  lifecycleLabels.transitions = transitions && typeof transitions === "object" ? transitions : {};
}

/** The states a cohort in `status` may move to next (none until the life cycle is known). */
export function nextStates(status) {
  const next = lifecycleLabels.transitions[status];
  return Array.isArray(next) ? next.filter((s) => typeof s === "string") : [];
}

// What moving to a state is called on its button; the state's label otherwise.
const ACTIONS = {
  enrolling: "Open enrolment",
  matching: "Close enrolment",
  review: "Move to review",
  published: "Publish the matches",
  closed: "Close the cohort",
  archived: "Archive the cohort",
};

/** The words on the button that moves a cohort from `from` to `to`. */
export function transitionLabel(from, to) {
  if (to === "matching" && from === "draft") return "Start matching";
  if (to === "matching" && from !== "enrolling") return "Back to matching";
  return ACTIONS[to] ?? `Move to “${statusLabel(to)}”`;
}

/** A cohort status for people: "enrolling" → "Open for enrolment" (the id itself until labels are known). */
export function statusLabel(status) {
  if (!status) return "";
  return lifecycleLabels.states.get(status) ?? String(status);
}

/** A program type for people: "one_to_one" → "One-to-one" (the id itself until labels are known). */
export function programTypeLabel(type) {
  if (!type) return "";
  return lifecycleLabels.programTypes.get(type) ?? String(type);
}
