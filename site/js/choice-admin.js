/**
 * A published choice-mode cohort on its admin page: how many requests wait,
 * were accepted or declined, how many mentees have not asked anyone yet,
 * and every mentor's seats (taken of capacity, pause, requests waiting).
 *
 * Mounted by cohort-view.js only for a cohort its overview marks `choice`.
 */
import { loadFailed, facts } from "./admin-ui.js";
import { cohortChoices } from "./api.js";
import { h, replace } from "./dom.js";
import { formatDate } from "./format.js";

function seatTable(mentors) {
  if (!mentors.length) return h("p", {}, "No active mentor in this cohort.");
  const rows = [...mentors].sort((a, b) => a.name.localeCompare(b.name));
  return h("table", { id: "choice-seats" },
    h("caption", {}, "Mentors' seats"),
    h("thead", {}, h("tr", {}, ["Mentor", "Seats taken", "Waiting for an answer", "Paused until"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((m) => h("tr", {},
      h("th", { scope: "row" }, m.name),
      h("td", {}, `${m.taken} of ${m.capacity}${m.taken >= m.capacity ? " (full)" : ""}`),
      h("td", {}, String(m.pending)),
      h("td", {}, m.paused_until ? formatDate(m.paused_until) : "Not paused")))));
}

function draw(section, heading, view) {
  const nobody = view.requested + view.accepted + view.declined === 0;
  replace(section, heading,
    h("p", { class: "hint" }, "Mentees ask one of their suggested mentors; an accepted request is a match."),
    facts([
      ["Accepted (matched)", String(view.accepted)],
      ["Waiting for the mentor's answer", String(view.requested)],
      ["Declined, to choose again", String(view.declined)],
      ["Mentees who have not asked yet", String(view.mentees_without_request)],
    ], { id: "choice-counts" }),
    nobody ? h("p", { id: "choice-empty" }, "No mentee has asked a mentor yet.") : null,
    seatTable(view.mentors));
}

/** A section that fills itself with the cohort's choices; `sessionEnded(err)` as in ctx. */
export function choiceSection(cohortId, { sessionEnded }) {
  const heading = h("h3", { id: "choices-heading" }, "Mentees' choices");
  const section = h("section", { class: "panel", id: "cohort-choices", "aria-labelledby": heading.id },
    heading, h("p", {}, "Loading the choices…"));
  async function load() {
    try {
      draw(section, heading, await cohortChoices(cohortId));
    } catch (err) {
      if (!sessionEnded(err)) replace(section, heading, loadFailed(err, load));
    }
  }
  load();
  return section;
}
