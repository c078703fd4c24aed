/**
 * The proposal on the matching page, built for 10,000 pairs: in-page links
 * with counts, the adjustments with Undo, filters (name, score below,
 * unmatched only, locked or forbidden only), a table sortable by its headers
 * (buttons, with aria-sort) shown 50 rows a page, every pair's reasons and
 * state (Locked, Forbidden), unmatched mentees with why, mentor load.
 * A group program shows one row per group: the mentor, her mentees with
 * each score (still locked or forbidden pair by pair), the group's size.
 * A published proposal (`readOnly`) offers no Lock, Forbid or Move.
 */
import { h, replace } from "./dom.js";
import {
  adjustmentText, filterRows, freeMentors, groupRows, mentorLoad, nextSort, pageOf, proposalRows,
  rangeLabel, sortGroups, sortRows,
} from "./matching-logic.js";
import { pager } from "./pager.js";

const whole = (n) => Number(n).toLocaleString("en-US");

/** A person's name, linked to her profile on the cohort page, and her second line. */
function person(cohortId, id, name, detail) {
  return [h("a", { class: "who", href: `/admin/?cohort=${encodeURIComponent(cohortId)}#participant=${encodeURIComponent(id)}`,
    text: name }), detail ? h("span", { class: "detail", text: detail }) : null];
}

function badge(m) {
  if (m.forbidden) return h("span", { class: "badge forbidden", text: "Forbidden" });
  if (m.locked) return h("span", { class: "badge locked", text: "Locked" });
  return null;
}

/** A select of the mentors with a free seat, filled when first used (a page of rows × 3,000 mentors is too many nodes). */
function moveSelect(m, load, onAdjust) {
  const free = freeMentors(load, m.mentorId);
  if (!free.length) return h("button", { type: "button", class: "small", disabled: true }, "No mentor has a free seat");
  const choose = h("select", { "aria-label": `Move ${m.mentee} to another mentor` },
    h("option", { value: "", text: `Move to… (${whole(free.length)} with a free seat)` }));
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    choose.append(...free.map((l) => h("option", { value: l.id, text: `${l.name} (${l.capacity - l.taken} seats left)` })));
  };
  choose.addEventListener("focus", fill);
  choose.addEventListener("pointerdown", fill);
  choose.addEventListener("change", () => choose.value && onAdjust(
    { kind: "lock", mentee: m.menteeId, mentor: choose.value },
    `${m.mentee} is locked to ${choose.selectedOptions[0]?.text.replace(/ \(.*$/, "")}: press “Match again” to see the new proposal.`));
  return choose;
}

function pairActions(m, { load, onAdjust, move }) {
  const button = (label, aria, body, done) => {
    const b = h("button", { type: "button", class: "small", "aria-label": aria }, label);
    b.addEventListener("click", () => { b.disabled = true; onAdjust(body, done); });
    return b;
  };
  const pair = { mentee: m.menteeId, mentor: m.mentorId };
  if (m.locked || m.forbidden) {
    const kind = m.forbidden ? "forbid" : "lock";
    return [button("Undo", `Undo: ${m.mentee} ${m.forbidden ? "forbidden" : "locked"} with ${m.mentor}`,
      { kind, ...pair, remove: true }, `${m.mentee} and ${m.mentor} are no longer ${m.forbidden ? "forbidden" : "locked"}.`)];
  }
  return [button("Lock", `Lock ${m.mentee} with ${m.mentor}`, { kind: "lock", ...pair },
    `Locked ${m.mentee} with ${m.mentor}.`), " ",
  button("Forbid", `Forbid ${m.mentee} with ${m.mentor}`, { kind: "forbid", ...pair },
    `${m.mentee} will not be matched with ${m.mentor}: press “Match again” before publishing.`),
  ...(move ? [" ", moveSelect(m, load, onAdjust)] : [])];
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

function pairTable(rows, ctx, caption) {
  const cols = [["Mentee", "mentee"], ["Mentor", "mentor"], ["Score", "score"], ["State", "state"], ["Why"],
    ...(ctx.readOnly ? [] : [["Adjust"]])];
  return h("table", { class: "pairs" }, h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ...cols.map(([label, key]) => header(label, key, ctx.sort, ctx.onSort)))),
    h("tbody", {}, ...rows.map((m) => h("tr", { class: m.forbidden ? "forbidden" : m.locked ? "locked" : null },
      h("td", {}, person(ctx.cohortId, m.menteeId, m.mentee, m.menteeDetail)),
      h("td", {}, person(ctx.cohortId, m.mentorId, m.mentor, m.mentorDetail)),
      h("td", { class: "num", text: String(m.score) }), h("td", {}, badge(m)),
      h("td", {}, reasons(m)), ctx.readOnly ? null : h("td", {}, ...pairActions(m, ctx))))));
}

function groupTable(groups, ctx, caption) {
  const cols = [["Mentor", "mentor"], ["Mentees and scores", "mentee"], ["Group size"], ["Mean score", "score"]];
  return h("table", { class: "groups" }, h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ...cols.map(([label, key]) => header(label, key, ctx.sort, ctx.onSort)))),
    h("tbody", {}, ...groups.map((g) => h("tr", {},
      h("th", { scope: "row" }, person(ctx.cohortId, g.mentorId, g.mentor, g.members[0]?.mentorDetail)),
      h("td", {}, h("ul", { class: "members" }, ...g.members.map((m) => h("li", {},
        `${m.mentee}: ${m.score} `, badge(m), " ", reasons(m),
        ...(ctx.readOnly ? [] : pairActions(m, ctx)))))),
      h("td", { text: g.capacity === null ? String(g.size) : `${g.size} of ${g.capacity}` }),
      h("td", { text: String(g.meanScore) })))));
}

function unmatchedTable(rows, cohortId, caption) {
  return h("table", { class: "unmatched" }, h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Mentee" }), h("th", { scope: "col", text: "Why nobody fitted" }))),
    h("tbody", {}, ...rows.map((u) => h("tr", {},
      h("td", {}, person(cohortId, u.menteeId, u.mentee, u.menteeDetail)), h("td", { text: u.reason })))));
}

/** "Adjustments (N)": each lock or forbid by names, who made it, and Undo. */
function adjustmentList(adjustments, names, onAdjust) {
  const heading = h("h3", { id: "adjustments-h", text: `Adjustments (${adjustments.length})` });
  if (!adjustments.length) {
    return h("section", { "aria-labelledby": heading.id }, heading,
      h("p", { class: "hint", text: "No pair is locked or forbidden. Use Lock, Forbid or Move on a row; the next match keeps them." }));
  }
  return h("section", { "aria-labelledby": heading.id }, heading,
    h("ul", { class: "adjustments" }, ...adjustments.map((a) => {
      const text = adjustmentText(a, names);
      const undo = h("button", { type: "button", class: "small", "aria-label": `Undo: ${text}` }, "Undo");
      undo.addEventListener("click", () => {
        undo.disabled = true;
        onAdjust({ kind: a.kind, mentee: a.mentee, mentor: a.mentor, remove: true },
          `Undone: ${text}. Press “Match again” to see the proposal without it.`);
      });
      return h("li", {}, h("span", { text: `${text} (by ${a.made_by})` }), " ", undo);
    })));
}

/**
 * The proposal section's children. `state` ({text, below, sort, page,
 * unmatchedOnly, adjustedOnly}) is kept by the caller, so a re-render after
 * an adjustment keeps the filters, sort and page. `details`: each person's
 * second line by id (`personDetails`); `adjustments`: the cohort's locks and
 * forbids; `readOnly`: a published proposal, no actions on its pairs;
 * `move`: offer "Move to…" (not on a waiting list's pairs, whose free seats
 * this page does not know).
 */
export function proposalSection(proposal, names, capacities, state, {
  group, onAdjust, details = {}, adjustments = [], cohortId = "", readOnly = false, move = true,
}) {
  const all = proposalRows(proposal, names, state.text, details);
  const load = mentorLoad(proposal, names, capacities);
  const box = h("div", { id: "proposal-table" });
  // Ranked choices (stable mode): how many got their 1st, 2nd… choice.
  const byChoice = Object.entries(proposal.stats.stable?.by_choice ?? {}).sort(([a], [b]) => a - b)
    .map(([k, n]) => `${whole(n)} their choice ${k}`).join(", ");
  const caption = `${whole(proposal.stats.matched)} matched, ${whole(proposal.stats.unmatched)} unmatched, mean score ${proposal.stats.mean_score}`
    + (byChoice ? ` (${byChoice})` : "");
  const ctx = { cohortId, load, onAdjust, readOnly, move, sort: state.sort, onSort };
  const pages = pager("pairs", (page) => { state.page = page; draw(); });

  function draw(focusKey) {
    ctx.sort = state.sort;
    if (state.unmatchedOnly) {
      const slice = pageOf(all.unmatched, state.page);
      state.page = slice.page;
      pages.show(slice, "Mentees");
      replace(box, slice.total ? unmatchedTable(slice.rows, cohortId, `${whole(proposal.unmatched.length)} unmatched mentees`
        + (slice.total === proposal.unmatched.length ? "" : ` (${whole(slice.total)} shown)`))
        : h("p", { class: "hint", text: proposal.unmatched.length ? "No unmatched mentee fits the filter." : "Every mentee is matched." }));
      return;
    }
    const rows = filterRows(all.matches, { below: state.below, adjusted: state.adjustedOnly });
    const sorted = state.sort ? sortRows(rows, state.sort.key, state.sort.direction) : rows;
    const shown = rows.length === proposal.matches.length ? "" : ` (${whole(rows.length)} shown)`;
    if (group) {
      const groups = groupRows(sorted, capacities);
      const slice = pageOf(state.sort ? sortGroups(groups, state.sort.key, state.sort.direction) : groups, state.page);
      state.page = slice.page;
      pages.show(slice, "Groups");
      replace(box, slice.total ? groupTable(slice.rows, ctx, caption + shown)
        : h("p", { class: "hint", text: "No match fits these filters." }));
    } else {
      const slice = pageOf(sorted, state.page);
      state.page = slice.page;
      pages.show(slice, "Rows");
      replace(box, slice.total ? pairTable(slice.rows, ctx, caption + shown)
        : h("p", { class: "hint", text: "No match fits these filters." }));
    }
    if (focusKey) box.querySelector(`button[data-sort="${focusKey}"]`)?.focus();
  }
  function onSort(key) {
    state.sort = nextSort(state.sort, key);
    state.page = 0;
    draw(key);
  }
  const refilter = () => { state.page = 0; draw(); };

  const search = h("input", { type: "search", id: "filter", value: state.text ?? "" });
  search.addEventListener("input", () => { state.text = search.value; refresh(); });
  const below = h("input", { type: "number", id: "score-below", min: "0", max: "100", step: "any",
    value: state.below ?? "" });
  below.addEventListener("input", () => { state.below = below.value; refilter(); });
  const check = (id, label, key) => {
    const box_ = h("input", { type: "checkbox", id, checked: !!state[key] });
    box_.addEventListener("change", () => { state[key] = box_.checked; refilter(); });
    return h("p", { class: "field check" }, box_, h("label", { for: id, text: ` ${label}` }));
  };

  const unmatchedBox = h("div", { id: "unmatched" });
  const unmatchedPages = pager("unmatched", (page) => { state.unmatchedPage = page; listUnmatched(); });
  function listUnmatched() {
    const slice = pageOf(all.unmatched, state.unmatchedPage);
    state.unmatchedPage = slice.page;
    unmatchedPages.show(slice, "Mentees");
    replace(unmatchedBox, slice.total
      ? h("ul", {}, ...slice.rows.map((u) => h("li", {}, h("strong", { text: u.mentee }),
        u.menteeDetail ? ` (${u.menteeDetail})` : "", `: ${u.reason}`)))
      : h("p", { text: proposal.unmatched.length ? "No unmatched mentee fits the filter." : "Every mentee is matched." }));
  }
  function refresh() {
    Object.assign(all, proposalRows(proposal, names, state.text, details));
    state.page = 0;
    state.unmatchedPage = 0;
    draw();
    listUnmatched();
  }
  draw();
  listUnmatched();

  const loadBox = h("div", { id: "mentor-load" });
  const loadPages = pager("mentor load", (page) => { state.loadPage = page; listLoad(); });
  function listLoad() {
    const slice = pageOf(load, state.loadPage);
    state.loadPage = slice.page;
    loadPages.show(slice, "Mentors");
    replace(loadBox, slice.total
      ? h("ul", {}, ...slice.rows.map((l) => h("li", { text: `${l.name}: ${l.taken} of ${l.capacity} seats`
        + (l.taken < l.capacity ? ` (${l.capacity - l.taken} free)` : " (full)") })))
      : h("p", { text: "No mentor offers a seat." }));
  }
  listLoad();

  const link = (target, text) => h("a", { href: `#${target}`, text });
  return [
    h("nav", { class: "in-page", "aria-label": "Parts of the proposal" }, h("ul", {},
      h("li", {}, link("pairs-h", `${group ? "Groups" : "Pairs"} (${whole(proposal.matches.length)})`)),
      h("li", {}, link("unmatched-h", `Unmatched (${whole(proposal.unmatched.length)})`)),
      h("li", {}, link("load-h", `Mentor load (${whole(load.length)})`)),
      h("li", {}, link("adjustments-h", `Adjustments (${whole(adjustments.length)})`)),
      h("li", {}, link("equity-h", "Equity audit")))),
    h("h3", { id: "pairs-h", text: group ? "Groups" : "Pairs" }),
    h("div", { class: "filters" },
      h("p", { class: "field" }, h("label", { for: "filter" }, "Filter by name "), search),
      h("p", { class: "field" }, h("label", { for: "score-below" }, "Score below "), below),
      check("unmatched-only", "Unmatched only", "unmatchedOnly"),
      check("adjusted-only", "Locked or forbidden only", "adjustedOnly")),
    pages.element, box,
    adjustmentList(adjustments, names, onAdjust),
    h("h3", { id: "unmatched-h", text: `Unmatched mentees and why (${whole(proposal.unmatched.length)})` }),
    unmatchedPages.element, unmatchedBox,
    h("h3", { id: "load-h", text: `Mentor load (${whole(load.length)})` }),
    loadPages.element, loadBox,
  ];
}
