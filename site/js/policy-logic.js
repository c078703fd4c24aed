/**
 * Pure logic of the policy editor: which comparisons a question allows, a
 * criterion's questions, unique names, the questions no criterion uses, a
 * count's spread in words, whether the policy has unsaved changes and a
 * what-if's changed pairs by name. No DOM, no network.
 */

/** Every way a criterion compares, in words (the option text of "Compare by"). */
export const COMPARISONS = {
  overlap: "overlap: choices covered",
  share: "share: a choice in common",
  same: "same: the same answer",
  differ: "differ: different answers",
  gap: "gap: mentor's is higher",
  near: "near: answers close",
  rank: "rank: mentee's ranking",
};

/**
 * What each question type can be compared by: what the server's policy
 * check accepts (functions/domain/policy.py READS), less rank, which reads
 * mentor ids that no question asks for. A long text compares with nothing.
 */
const BY_TYPE = {
  multi_choice: ["overlap", "share"],
  choice: ["same", "differ"],
  number: ["gap", "near", "same", "differ"],
  scale: ["gap", "near", "same", "differ"],
  text: ["same", "differ"],
};

/** The comparisons `question` allows (none for an unknown type or question). */
export function compareOptions(question) {
  return question ? [...(BY_TYPE[question.type] ?? [])] : [];
}

const roles = (q) => q?.roles ?? ["mentor", "mentee"];
const asks = (q, role) => roles(q).includes(role);

/**
 * The question ids a criterion reads: `{question, other}`. `question` is the
 * one the editor shows under "Question"; `other` the other side's question
 * when the two sides answer different ones (skills: mentees "wants", mentors
 * "offers"), else null.
 */
export function criterionQuestions(criterion) {
  const mentee = criterion.mentee_field ?? criterion.field ?? null;
  const mentor = criterion.type === "rank" ? null : criterion.mentor_field ?? criterion.field ?? null;
  return { question: mentee ?? mentor, other: mentor && mentor !== mentee ? mentor : null };
}

/** The side `question` is not asked of ("mentor" or "mentee"), or null when both answer it. */
export function missingSide(question) {
  if (!question) return null;
  if (!asks(question, "mentor")) return "mentor";
  if (!asks(question, "mentee")) return "mentee";
  return null;
}

/** Questions the other side answers that can stand in for its missing answer to `question`. */
export function otherQuestions(question, questions) {
  const side = missingSide(question);
  if (!side) return [];
  const kinds = new Set(compareOptions(question));
  return questions.filter((q) => q.id !== question.id && asks(q, side)
    && compareOptions(q).some((t) => kinds.has(t)));
}

/**
 * A criterion's fields as the API takes them, from the question shown and
 * the other side's question: `{field}` when one question serves both sides,
 * else `{mentee_field, mentor_field}` (rank: `{mentee_field}` only).
 */
export function fieldsFor(type, question, other) {
  if (type === "rank") return { mentee_field: question.id };
  const side = missingSide(question);
  if (!side) return { field: question.id };
  return side === "mentor" ? { mentee_field: question.id, mentor_field: other ?? null }
    : { mentee_field: other ?? null, mentor_field: question.id };
}

/** `base`, or `base-2`, `base-3`… : the first not in `taken`. */
export function uniqueName(base, taken) {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** A sensible starting target (gap) or scale (near): a third of the question's range, at least 1. */
export function defaultParameter(question) {
  const low = Number(question?.min ?? NaN);
  const high = Number(question?.max ?? NaN);
  if (Number.isNaN(low) || Number.isNaN(high)) return 1;
  return Math.max(1, Math.round((high - low) / 3));
}

/** The parameter a comparison has, if any: "target" (gap) or "scale" (near). */
export const parameterOf = (type) => (type === "gap" ? "target" : type === "near" ? "scale" : null);

/**
 * A new criterion on `question`: named after it (unique among `taken`
 * names), its first allowed comparison, weight 10, not required.
 */
export function newCriterion(question, questions, taken) {
  const type = compareOptions(question)[0] ?? "same";
  const other = otherQuestions(question, questions)[0]?.id ?? null;
  const c = { name: uniqueName(question.id, taken), type, ...fieldsFor(type, question, other), weight: 10 };
  const param = parameterOf(type);
  if (param) c[param] = defaultParameter(question);
  return c;
}

/** Labels of the questions no criterion reads, in questionnaire order. */
export function unusedQuestions(criteria, questions) {
  const used = new Set();
  for (const c of criteria) {
    for (const key of ["field", "mentee_field", "mentor_field"]) if (c[key]) used.add(c[key]);
  }
  return questions.filter((q) => !used.has(q.id)).map((q) => q.label ?? q.id);
}

const percent = (share) => `${Math.round(share * 100)} %`;
const BINARY = new Set(["share", "same", "differ"]);

/**
 * Warnings in words from a count or what-if run's `stats.criteria`, for
 * the criteria of `policy` (by name): a criterion that gives more than 90 %
 * of allowed pairs full points does not tell them apart. A required
 * criterion that is all-or-nothing gives every allowed pair full points by
 * its nature: that is said as a note, not a warning.
 * Returns `[{name, kind: "warning"|"note", text}]`.
 */
export function spreadWarnings(stats, policy) {
  const byName = Object.fromEntries((policy?.criteria ?? []).map((c) => [c.name, c]));
  const out = [];
  for (const s of stats?.criteria ?? []) {
    const c = byName[s.name];
    if (!c || typeof s.full_share !== "number" || s.full_share <= 0.9) continue;
    const share = percent(s.full_share);
    if (c.required && BINARY.has(c.type)) {
      out.push({ name: s.name, kind: "note", text: `${s.name} is required, so every allowed pair has full points on it: its weight adds the same points to every pair` });
      continue;
    }
    const next = {
      gap: "raise its target",
      near: "most pairs give the same answer: compare another question or lower its weight",
      overlap: "mentors cover nearly every mentee's choices: lower its weight or compare by share",
      share: "nearly every pair has a choice in common: lower its weight or make it required",
      same: "nearly every pair gives the same answer: lower its weight or make it required",
      differ: "nearly every pair gives different answers: lower its weight or make it required",
    }[c.type] ?? "lower its weight";
    out.push({ name: s.name, kind: "warning",
      text: `${s.name} gives full points to ${share} of pairs, so it does not tell them apart: ${next}` });
  }
  return out;
}

/** "Full points for 12 % of allowed pairs, none for 40 %." for one criterion's figures. */
export function shareWords(figures) {
  if (!figures || typeof figures.full_share !== "number") return "";
  return `Full points for ${percent(figures.full_share)} of allowed pairs, none for ${percent(figures.zero_share)}.`;
}

/** Each mentee's best allowed score in words, or "" without one. */
export function bestScoreWords(best) {
  if (!best) return "";
  const spread = best.min === best.max
    ? `all ${best.max}, so the scores cannot rank one mentor above another`
    : `lowest ${best.min}, median ${best.median}, highest ${best.max}`;
  return `Each mentee's best allowed score: ${spread}.`;
}

function canonical(policy) {
  const criteria = (policy?.criteria ?? []).map((c) => {
    const out = { name: c.name, type: c.type, weight: Number(c.weight ?? 1), required: !!c.required };
    out.mentee_field = c.mentee_field ?? c.field ?? null;
    out.mentor_field = c.type === "rank" ? null : (c.mentor_field ?? c.field ?? null);
    for (const key of ["target", "scale"]) if (c[key] !== undefined && c[key] !== null) out[key] = Number(c[key]);
    return out;
  });
  return JSON.stringify({ criteria, min_score: Number(policy?.min_score ?? 0), mode: policy?.mode ?? "admin" });
}

/** True when two policies would match the same way (field spelling and defaults aside). */
export function samePolicy(a, b) {
  return canonical(a) === canonical(b);
}

/**
 * A what-if's changed pairs by name: `[{mentee, before, after}]` where
 * `before`/`after` read "Name (score)" or "unmatched".
 */
export function changedPairs(diff, names) {
  const name = (id) => names[id] ?? id;
  const side = (p) => (p ? `${name(p.mentor)} (${p.score})` : "unmatched");
  return (diff?.pairs ?? []).map((p) => ({ mentee: name(p.mentee), before: side(p.before), after: side(p.after) }))
    .sort((a, b) => a.mentee.localeCompare(b.mentee));
}
