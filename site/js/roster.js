/** Pure logic for a cohort's participant list: order, filter, paging text, seats. */
import { count } from "./format.js";

export const PAGE_SIZE = 25;

/** Newest enrolment first, then by name; returns a new array. */
export function newestFirst(participants) {
  return [...participants].sort((a, b) =>
    String(b.created_at ?? "").localeCompare(String(a.created_at ?? ""))
    || String(a.name ?? "").localeCompare(String(b.name ?? "")));
}

/** A participant's status: "active" unless the API says otherwise. */
export const statusOf = (p) => (typeof p.status === "string" && p.status ? p.status : "active");

/** Whether a participant has a match: `matched`, or a `match`/`matches` the API gives. */
export function isMatched(p) {
  if (typeof p.matched === "boolean") return p.matched;
  if (Array.isArray(p.matches)) return p.matches.length > 0;
  return Boolean(p.match);
}

/**
 * Participants whose name or email contains `query` (ignoring case and
 * surrounding space) and, for each of `role`, `status` and `matched`
 * ("yes"/"no") that is given, who have it.
 */
export function filterParticipants(participants, { query = "", role = "", status = "", matched = "" } = {}) {
  const needle = query.trim().toLocaleLowerCase();
  return participants.filter((p) =>
    (!role || p.role === role)
    && (!status || statusOf(p) === status)
    && (!matched || isMatched(p) === (matched === "yes"))
    && (!needle
      || String(p.name ?? "").toLocaleLowerCase().includes(needle)
      || String(p.email ?? "").toLocaleLowerCase().includes(needle)));
}

/** What the list shows: "Showing 25 of 160 participants.", "3 of 160 participants match." */
export function shownText(shownCount, matchingCount, totalCount) {
  if (matchingCount === 0) return "No participant matches.";
  const noun = totalCount === 1 ? "participant" : "participants";
  const [shown, matching, total] = [shownCount, matchingCount, totalCount].map(count);
  if (matchingCount === totalCount) {
    return shownCount === totalCount ? `Showing all ${total} ${noun}.` : `Showing ${shown} of ${total} ${noun}.`;
  }
  const match = `${matching} of ${total} ${noun} ${matchingCount === 1 ? "matches" : "match"}`;
  return shownCount === matchingCount ? `${match}.` : `${match}; showing ${shown}.`;
}

/** Mentor seats (the sum of mentors' capacities, as the API counts them) and mentees, of active participants. */
export function seats(participants) {
  let mentorSeats = 0;
  let mentees = 0;
  for (const p of participants) {
    if (statusOf(p) === "withdrawn") continue;
    if (p.role === "mentor") mentorSeats += Number.isFinite(p.capacity) ? p.capacity : 0;
    else if (p.role === "mentee") mentees += 1;
  }
  return { seats: mentorSeats, mentees };
}
