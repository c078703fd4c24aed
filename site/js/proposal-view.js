/**
 * The proposal on the matching page: a text filter and a "score below"
 * filter, a table sortable by its headers (buttons, with aria-sort), every
 * pair's reasons and adjustments, unmatched mentees with why, mentor load.
 * A group program shows one row per group: the mentor, her mentees with
 * each score (still locked or forbidden pair by pair), the group's size.
 */
import { h, replace } from "./dom.js";
import {
  filterRows, groupRows, mentorLoad, nextSort, proposalRows, sortGroups, sortRows,
} from "./matching-logic.js";

function pairActions(m, load, onAdjust) {
  const lock = h("button", { type: "button", class: "small",
    "aria-label": `Lock ${m.mentee} with ${m.mentor}` }, "Lock");
  lock.addEventListener("click", () => onAdjust({ kind: "lock", mentee: m.menteeId, mentor: m.mentorId },
    `Locked ${m.mentee} with ${m.mentor}.`));
  const forbid = h("button", { type: "button", class: "small",
    "aria-label": `Forbid ${m.mentee} with ${m.mentor}` }, "Forbid");
  forbid.addEventListener("click", () => onAdjust({ kind: "forbid", mentee: m.menteeId, mentor: m.mentorId },
    `${m.mentee} will not be matched with ${m.mentor}.`));
  const free = load.filter((l) => l.id !== m.mentorId && l.taken < l.capacity);
  const choose = h("select", { "aria-label": `Move ${m.mentee} to another mentor` },
    h("option", { value: "", text: "Move to…" }),
    ...free.map((l) => h("option", { value: l.id, text: `${l.name} (${l.capacity - l.taken} seats left)` })));
  choose.addEventListener("change", () => choose.value && onAdjust(
    { kind: "lock", mentee: m.menteeId, mentor: choose.value },
    `${m.mentee} is locked to the new mentor; press “Match now” to see the new score.`));
  return [lock, " ", forbid, " ", choose];
}

const reasons = (m) => h("details", {}, h("summary", { text: "reasons" }),
  h("ul", {}, ...m.reasons.map((r) => h("li", { text: `${r.criterion}: ${r.detail} (${r.points})` }))));

/** A column header; sortable ones hold a button and say how they are sorted. */
function header(label, key, sort, onSort) {
  if (!key) return h("th", { scope: "col", text: label });
  const sorted = sort && sort.key === key ? sort.direction : null;
  const button = h("button", { type: "button", class: "sort", "data-sort": key },
    label, h("span", { "aria-hidden": "true", text: sorted === "ascending" ? " ▲" : sorted === "descending" ? " ▼" : "" }));
  button.addEventListener("click", () => onSort(key));
  return h("th", { scope: "col", "aria-sort": sorted ?? "none" }, button);
}

function pairTable(rows, load, sort, onSort, onAdjust, caption) {
  const cols = [["Mentee", "mentee"], ["Mentor", "mentor"], ["Score", "score"], ["Why"], ["Adjust"]];
  return h("table", {}, h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ...cols.map(([label, key]) => header(label, key, sort, onSort)))),
    h("tbody", {}, ...rows.map((m) => h("tr", {},
      h("td", { text: m.mentee }), h("td", { text: m.mentor }), h("td", { text: String(m.score) }),
      h("td", {}, reasons(m)), h("td", {}, ...pairActions(m, load, onAdjust))))));
}

function groupTable(groups, load, sort, onSort, onAdjust, caption) {
  const cols = [["Mentor", "mentor"], ["Mentees and scores", "mentee"], ["Group size"], ["Mean score", "score"]];
  return h("table", { class: "groups" }, h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ...cols.map(([label, key]) => header(label, key, sort, onSort)))),
    h("tbody", {}, ...groups.map((g) => h("tr", {},
      h("th", { scope: "row", text: g.mentor }),
      h("td", {}, h("ul", { class: "members" }, ...g.members.map((m) => h("li", {},
        `${m.mentee}: ${m.score} `, reasons(m), ...pairActions(m, load, onAdjust))))),
      h("td", { text: g.capacity === null ? String(g.size) : `${g.size} of ${g.capacity}` }),
      h("td", { text: String(g.meanScore) })))));
}

/**
 * The proposal section's children. `state` ({text, below, sort}) is kept by
 * the caller, so a re-render after an adjustment keeps the filters and sort.
 */
export function proposalSection(proposal, names, capacities, state, { group, onAdjust }) {
  const all = proposalRows(proposal, names, state.text);
  const load = mentorLoad(proposal, names, capacities);
  const box = h("div", { id: "proposal-table" });
  const caption = `${proposal.stats.matched} matched, ${proposal.stats.unmatched} unmatched, mean score ${proposal.stats.mean_score}`;

  function draw(focusKey) {
    const rows = filterRows(all.matches, { below: state.below });
    const sorted = state.sort ? sortRows(rows, state.sort.key, state.sort.direction) : rows;
    const shown = rows.length === proposal.matches.length ? "" : ` (${rows.length} shown)`;
    const table = group
      ? groupTable(state.sort ? sortGroups(groupRows(sorted, capacities), state.sort.key, state.sort.direction)
        : groupRows(sorted, capacities), load, state.sort, onSort, onAdjust, caption + shown)
      : pairTable(sorted, load, state.sort, onSort, onAdjust, caption + shown);
    replace(box, rows.length ? table
      : h("p", { class: "hint", text: "No match fits these filters." }));
    if (focusKey) box.querySelector(`button[data-sort="${focusKey}"]`)?.focus();
  }
  function onSort(key) {
    state.sort = nextSort(state.sort, key);
    draw(key);
  }

  const search = h("input", { type: "search", id: "filter", value: state.text });
  search.addEventListener("input", () => { state.text = search.value; refresh(); });
  const below = h("input", { type: "number", id: "score-below", min: "0", max: "100", step: "any",
    value: state.below ?? "" });
  below.addEventListener("input", () => { state.below = below.value; draw(); });
  const unmatchedBox = h("div", { id: "unmatched" });
  function refresh() {
    Object.assign(all, proposalRows(proposal, names, state.text));
    draw();
    replace(unmatchedBox, all.unmatched.length
      ? h("ul", {}, ...all.unmatched.map((u) => h("li", { text: `${u.mentee}: ${u.reason}` })))
      : h("p", { text: proposal.unmatched.length ? "No unmatched mentee fits the filter." : "Every mentee is matched." }));
  }
  refresh();
  return [
    h("div", { class: "filters" },
      h("p", { class: "field" }, h("label", { for: "filter" }, "Filter by name "), search),
      h("p", { class: "field" }, h("label", { for: "score-below" }, "Score below "), below)),
    box,
    h("h3", { text: "Unmatched mentees and why" }), unmatchedBox,
    h("h3", { text: "Mentor load" }),
    h("ul", {}, ...load.map((l) => h("li", { text: `${l.name}: ${l.taken} of ${l.capacity} seats` }))),
  ];
}
