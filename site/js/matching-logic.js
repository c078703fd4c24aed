/**
 * Pure logic of the matching page: rows to show, mentor load, a what-if's
 * difference in words. No DOM, no network.
 */

/** Matches and unmatched mentees with names, keeping those whose names contain `filter`. */
export function proposalRows(proposal, names, filter = "") {
  const name = (id) => names[id] ?? id;
  const wanted = filter.trim().toLowerCase();
  const keep = (...ids) => !wanted || ids.some((id) => name(id).toLowerCase().includes(wanted));
  return {
    matches: proposal.matches.filter((m) => keep(m.mentee, m.mentor)).map((m) => ({
      menteeId: m.mentee, mentorId: m.mentor,
      mentee: name(m.mentee), mentor: name(m.mentor), score: m.score, reasons: m.reasons })),
    unmatched: proposal.unmatched.filter((u) => keep(u.mentee)).map((u) => ({
      mentee: name(u.mentee), reason: u.reason })),
  };
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
