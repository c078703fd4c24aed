/** Pure logic for a cohort's participant list: order, filter, paging text. */

export const PAGE_SIZE = 25;

/** Newest enrolment first, then by name; returns a new array. */
export function newestFirst(participants) {
  return [...participants].sort((a, b) =>
    String(b.created_at ?? "").localeCompare(String(a.created_at ?? ""))
    || String(a.name ?? "").localeCompare(String(b.name ?? "")));
}

/**
 * Participants whose name or email contains `query` (ignoring case and
 * surrounding space) and, when `role` is given, who have that role.
 */
export function filterParticipants(participants, { query = "", role = "" } = {}) {
  const needle = query.trim().toLocaleLowerCase();
  return participants.filter((p) =>
    (!role || p.role === role)
    && (!needle
      || String(p.name ?? "").toLocaleLowerCase().includes(needle)
      || String(p.email ?? "").toLocaleLowerCase().includes(needle)));
}

/** What the list shows: "Showing 25 of 160 participants.", "3 of 160 participants match." */
export function shownText(shown, matching, total) {
  if (matching === 0) return "No participant matches.";
  const noun = total === 1 ? "participant" : "participants";
  if (matching === total) {
    return shown === total ? `Showing all ${total} ${noun}.` : `Showing ${shown} of ${total} ${noun}.`;
  }
  const match = `${matching} of ${total} ${noun} ${matching === 1 ? "matches" : "match"}`;
  return shown === matching ? `${match}.` : `${match}; showing ${shown}.`;
}
