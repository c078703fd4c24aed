/**
 * Pure logic of the matching page: rows to show, mentor load, a what-if's
 * difference in words. No DOM, no network.
 */

/**
 * Matches and unmatched mentees with names, keeping those whose names contain
 * `filter`. Each row carries its ids, whether its pair is locked or
 * forbidden, and each person's second line from `details` (by id, see
 * `personDetails`), so two people of one name can be told apart.
 */
export function proposalRows(proposal, names, filter = "", details = {}) {
  const name = (id) => names[id] ?? id;
  const wanted = filter.trim().toLowerCase();
  const keep = (...ids) => !wanted || ids.some((id) => name(id).toLowerCase().includes(wanted));
  return {
    matches: proposal.matches.filter((m) => keep(m.mentee, m.mentor)).map((m) => ({
      menteeId: m.mentee, mentorId: m.mentor,
      mentee: name(m.mentee), mentor: name(m.mentor), score: m.score, reasons: m.reasons,
      locked: !!m.locked, forbidden: !!m.forbidden,
      menteeDetail: details[m.mentee] ?? "", mentorDetail: details[m.mentor] ?? "" })),
    unmatched: proposal.unmatched.filter((u) => keep(u.mentee)).map((u) => ({
      menteeId: u.mentee, mentee: name(u.mentee), reason: u.reason, menteeDetail: details[u.mentee] ?? "" })),
  };
}

const DETAIL_QUESTION = /department|title/i;

/**
 * Each person's second line by id: e-mail, then their answers to the
 * questions whose id or label names a department or a job title
 * ("ana@example.org · Engineering · Designer").
 */
export function personDetails(people, questions = []) {
  const asked = questions.filter((q) => DETAIL_QUESTION.test(q.id ?? "") || DETAIL_QUESTION.test(q.label ?? ""));
  const text = (v) => (Array.isArray(v) ? v.join(", ") : v === null || v === undefined ? "" : String(v));
  return Object.fromEntries(people.map((p) => [p.id, [p.email, p.job_title,
    ...asked.map((q) => text(p.answers?.[q.id]))].filter(Boolean).join(" · ")]));
}

/** Seats taken against capacity for every mentor (capacity > 0), fullest first. */
export function mentorLoad(proposal, names, capacities) {
  const taken = {};
  for (const m of proposal.matches) taken[m.mentor] = (taken[m.mentor] ?? 0) + 1;
  return Object.entries(capacities)
    .filter(([, capacity]) => capacity > 0)
    .map(([id, capacity]) => ({ id, name: names[id] ?? id, taken: taken[id] ?? 0, capacity }))
    .sort((a, b) => b.taken / b.capacity - a.taken / a.capacity || a.name.localeCompare(b.name));
}

const fmt = (v) => (v === null || v === undefined ? "none" : String(v));

/** "3 pairs would change; matched 7 → 8; mean score 61.2 → 58.4." */
export function diffSummary(diff) {
  if (!diff) return "";
  const pairs = diff.pairs_changed === 1 ? "1 pair would change" : `${diff.pairs_changed} pairs would change`;
  return `${pairs}; matched ${fmt(diff.matched[0])} → ${fmt(diff.matched[1])}; `
    + `mean score ${fmt(diff.mean_score[0])} → ${fmt(diff.mean_score[1])}.`;
}

const whole = (n) => Number(n).toLocaleString("en-US");
const people = (n, one, many) => `${whole(n)} ${n === 1 ? one : many}`;

/**
 * A count run's stats in words: "Allowed pairs with this policy: 12,345
 * (13,002 with the saved policy); 3 mentees have no allowed mentor."
 */
export function countSummary(stats) {
  if (!stats || typeof stats.allowed_pairs !== "number") return "";
  const saved = stats.saved && typeof stats.saved.allowed_pairs === "number"
    ? ` (${whole(stats.saved.allowed_pairs)} with the saved policy)` : "";
  const parts = [`Allowed pairs with this policy: ${whole(stats.allowed_pairs)}${saved}`];
  parts.push(stats.mentees_with_none
    ? `${people(stats.mentees_with_none, "mentee has", "mentees have")} no allowed mentor`
    : "every mentee has at least one allowed mentor");
  if (stats.mentors_with_none) {
    parts.push(`${people(stats.mentors_with_none, "mentor has", "mentors have")} no allowed mentee`);
  }
  return `${parts.join("; ")}.`;
}

/**
 * Rows (from `proposalRows`) kept by a text filter on either name, a "score
 * below" limit (a number, or blank/null for none) and, with `adjusted`, only
 * locked or forbidden pairs.
 */
export function filterRows(rows, { text = "", below = null, adjusted = false } = {}) {
  const wanted = String(text).trim().toLowerCase();
  const limit = below === null || below === "" ? NaN : Number(below);
  return rows.filter((r) => (!wanted || r.mentee.toLowerCase().includes(wanted)
      || r.mentor.toLowerCase().includes(wanted))
    && (Number.isNaN(limit) || r.score < limit)
    && (!adjusted || r.locked || r.forbidden));
}

/** The sortable columns of the proposal table. */
export const SORT_KEYS = ["mentee", "mentor", "score", "state"];

// One collator for every comparison: far cheaper than localeCompare per pair
// when 10,000 rows are sorted, and the same order.
const collator = new Intl.Collator();
const byText = collator.compare;
const stateRank = (r) => (r.forbidden ? 0 : r.locked ? 1 : 2);

/**
 * Rows sorted by `key` ("mentee", "mentor", "score" or "state": forbidden,
 * then locked, then the rest) in `direction` ("ascending" or "descending",
 * as aria-sort says it); ties keep a fixed order (mentee, then mentor name),
 * so the table never shuffles. A new array.
 */
export function sortRows(rows, key, direction = "ascending") {
  const sign = direction === "descending" ? -1 : 1;
  const byName = (a, b) => byText(a.mentee, b.mentee) || byText(a.mentor, b.mentor);
  const primary = key === "score" ? (a, b) => a.score - b.score
    : key === "mentor" ? (a, b) => byText(a.mentor, b.mentor)
      : key === "state" ? (a, b) => stateRank(a) - stateRank(b)
        : (a, b) => byText(a.mentee, b.mentee);
  return [...rows].sort((a, b) => sign * primary(a, b) || byName(a, b));
}

/** The sort after a click on `key`'s header: the same column flips, another starts ascending. */
export function nextSort(current, key) {
  if (current && current.key === key) {
    return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  }
  return { key, direction: "ascending" };
}

/**
 * A group program's rows as groups, one per mentor, in the order each
 * mentor first appears in `rows` (so a sorted table gives sorted groups);
 * members keep their row order. `capacities` by mentor id.
 */
export function groupRows(rows, capacities = {}) {
  const groups = new Map();
  for (const r of rows) {
    if (!groups.has(r.mentorId)) {
      groups.set(r.mentorId, { mentorId: r.mentorId, mentor: r.mentor, members: [],
        capacity: capacities[r.mentorId] ?? null });
    }
    groups.get(r.mentorId).members.push(r);
  }
  return [...groups.values()].map((g) => ({ ...g, size: g.members.length,
    meanScore: Math.round((g.members.reduce((s, m) => s + m.score, 0) / g.members.length) * 100) / 100 }));
}

/**
 * Groups (from `groupRows`) sorted like the table's columns: "mentor" by
 * name, "score" by the group's mean score, "mentee" by its first member
 * (sort the rows the same way first, so that is its first by name).
 */
export function sortGroups(groups, key, direction = "ascending") {
  const sign = direction === "descending" ? -1 : 1;
  const primary = key === "score" ? (a, b) => a.meanScore - b.meanScore
    : key === "mentee" ? (a, b) => a.members[0].mentee.localeCompare(b.members[0].mentee)
      : (a, b) => a.mentor.localeCompare(b.mentor);
  return [...groups].sort((a, b) => sign * primary(a, b) || a.mentor.localeCompare(b.mentor)
    || a.mentorId.localeCompare(b.mentorId));
}

/** Rows a page shows. */
export const PAGE_SIZE = 50;

const thousands = (n) => Number(n).toLocaleString("en-US");

/**
 * Page `page` (0-based, clamped to the pages there are) of `rows`:
 * `{rows, page, pages, first, last, total}`, `first` and `last` 1-based
 * (0 when there is nothing to show).
 */
export function pageOf(rows, page = 0, size = PAGE_SIZE) {
  const total = rows.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const at = Math.min(Math.max(0, Math.trunc(Number(page) || 0)), pages - 1);
  const shown = rows.slice(at * size, at * size + size);
  return { rows: shown, page: at, pages, total,
    first: shown.length ? at * size + 1 : 0, last: at * size + shown.length };
}

/** "Rows 1–50 of 10,000" ("No rows" when there are none). */
export function rangeLabel({ first, last, total }, noun = "Rows") {
  return total ? `${noun} ${thousands(first)}–${thousands(last)} of ${thousands(total)}` : `No ${noun.toLowerCase()}`;
}

/** An adjustment in words, by names: "Ana Silva locked with Dev Martin". */
export function adjustmentText(a, names) {
  const name = (id) => names[id] ?? id;
  return `${name(a.mentee)} ${a.kind === "forbid" ? "never to be matched with" : "locked with"} ${name(a.mentor)}`;
}

/** Mentors (from `mentorLoad`) with a seat free, other than `except`. */
export function freeMentors(load, except = null) {
  return load.filter((l) => l.id !== except && l.taken < l.capacity);
}

/**
 * Active mentees of a published cohort without a published match (they wait
 * for "Match the waiting"). `matched`: the ids the API lists as matched.
 */
export function waitingMentees(people, matched) {
  const ids = new Set(matched);
  return people.filter((p) => p.role === "mentee" && p.status !== "withdrawn" && !ids.has(p.id));
}
