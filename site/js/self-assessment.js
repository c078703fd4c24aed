/**
 * Self-assessment: a participant rates her skills 1–5 when she enrols
 * ("before") and when her match closes ("after"); "My growth" shows both as
 * paired bars (SVG) with a table of the same numbers.
 *
 * `ratingFieldset` is used by the enrolment form and the closure form;
 * `mountGrowth` by My mentoring. I/O goes through api.js only.
 */
import { getSelfAssessment, giveSelfAssessment } from "./api.js";
import { announce, focusElement, h, nextId, replace, svg } from "./dom.js";
import { FieldErrors, errorMessage, formAlert, submitForm } from "./forms.js";

const LEVELS = [
  [1, "1, just starting"], [2, "2"], [3, "3, solid"], [4, "4"], [5, "5, a real strength"],
];
/**
 * One fieldset of radio groups, a group (its own fieldset and legend) per
 * skill, each with "Not rated" first so every rating stays optional.
 * Registers `${field}.${skill}` (and `field` itself) with `errors`.
 * Returns `{element, ratings()}`; `ratings()` is `{skill: 1..5}` of those rated.
 */
export function ratingFieldset(skills, { legend, hint, errors, field = "self_assessment" }) {
  const form = nextId("sa");
  const groups = skills.map((skill, i) => {
    const name = `${form}-${i}`;
    const error = errorMessage(`${name}-error`);
    const skip = h("input", { type: "radio", name, id: `${name}-0`, value: "", checked: true });
    const radios = LEVELS.map(([n]) => h("input", { type: "radio", name, id: `${name}-${n}`, value: String(n) }));
    errors?.register(`${field}.${skill}`, { controls: [skip, ...radios], error });
    if (i === 0) errors?.register(field, { controls: [skip, ...radios], error });
    const option = (input, text) => h("div", { class: "option" }, input, h("label", { for: input.id, text }));
    return {
      skill, radios,
      element: h("fieldset", { class: "rating" },
        h("legend", { text: skill }), error,
        h("div", { class: "options scale" }, option(skip, "Not rated"),
          radios.map((r, k) => option(r, LEVELS[k][1])))),
    };
  });
  const hintEl = hint ? h("p", { class: "hint", id: `${form}-hint`, text: hint }) : null;
  const element = h("fieldset", { class: "self-assessment", "aria-describedby": hintEl?.id },
    h("legend", { text: legend }), hintEl, groups.map((g) => g.element));
  const ratings = () => Object.fromEntries(groups
    .map((g) => [g.skill, g.radios.find((r) => r.checked)])
    .filter(([, r]) => r)
    .map(([skill, r]) => [skill, Number(r.value)]));
  return { element, ratings };
}

// -- the growth chart -------------------------------------------------------

const ROW = 34;
const LABEL_W = 170;
const WIDTH = 560;
const BAR_H = 12;

/** Rows `[skill, before|null, after|null]` for the skills of an assessment. */
export function growthRows(a) {
  const before = a.before?.ratings ?? {};
  const after = a.after?.ratings ?? {};
  return a.skills.map((s) => [s, before[s] ?? null, after[s] ?? null]);
}

/** Words for one row: "Confidence: 2 before, 4 after (+2)". */
export function growthText([skill, b, a]) {
  const part = (v, when) => (v === null ? `not rated ${when}` : `${v} ${when}`);
  const change = b !== null && a !== null ? ` (${a - b >= 0 ? "+" : ""}${a - b})` : "";
  return `${skill}: ${part(b, "before")}, ${part(a, "after")}${change}`;
}

function growthChart(rows, id) {
  const plot = WIDTH - LABEL_W - 20;
  const x = (v) => LABEL_W + (plot * v) / 5;
  const height = rows.length * ROW + 24;
  const ticks = [0, 1, 2, 3, 4, 5].map((v) => svg("g", { class: "tick" },
    svg("line", { x1: x(v), x2: x(v), y1: 0, y2: rows.length * ROW }),
    svg("text", { x: x(v), y: rows.length * ROW + 16, "text-anchor": "middle" }, String(v))));
  const bars = rows.map(([skill, b, a], i) => {
    const y = i * ROW + 4;
    const bar = (v, k, cls) => (v === null ? null : svg("rect", {
      class: cls, x: LABEL_W, y: y + k * (BAR_H + 2), width: x(v) - LABEL_W, height: BAR_H,
    }));
    return svg("g", {},
      svg("text", { class: "label", x: LABEL_W - 8, y: y + BAR_H + 3, "text-anchor": "end" },
        skill.length > 20 ? `${skill.slice(0, 19)}…` : skill),
      bar(b, 0, "series-0"), bar(a, 1, "series-1"));
  });
  return svg("svg", {
    class: "chart-svg growth-svg", viewBox: `0 0 ${WIDTH} ${height}`, role: "img",
    "aria-labelledby": id, preserveAspectRatio: "xMidYMid meet",
  }, svg("g", { class: "axis", "aria-hidden": "true" }, ticks), svg("g", { "aria-hidden": "true" }, bars));
}

function growthTable(rows, caption) {
  const cell = (v) => h("td", { class: "num", text: v === null ? "not rated" : String(v) });
  return h("table", { class: "chart-table growth-table" },
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ["Skill", "Before", "After", "Change"].map((c) => h("th", { scope: "col", text: c })))),
    h("tbody", {}, rows.map(([skill, b, a]) => h("tr", {},
      h("th", { scope: "row", text: skill }), cell(b), cell(a),
      h("td", { class: "num", text: b !== null && a !== null ? `${a - b >= 0 ? "+" : ""}${a - b}` : "–" })))));
}

// -- My mentoring: "My growth" ------------------------------------------------

function ratingForm(a, stage, refresh) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const before = stage === "before";
  const set = ratingFieldset(a.skills, {
    legend: before ? "Where are you today?" : "Where are you now?",
    hint: "1 is just starting, 5 a real strength. Rate the skills you want to; you can give these ratings once.",
    errors, field: "ratings",
  });
  const button = h("button", { type: "submit", text: before ? "Save my starting point" : "Save where I am now" });
  const form = h("form", { "aria-label": before ? "Rate yourself now" : "Rate yourself after the match", novalidate: true },
    alert, set.element, button);
  return submitForm(form, {
    button, busy: "Saving…", alert, errors,
    check: () => (Object.keys(set.ratings()).length ? null
      : [{ field: "ratings", message: "Rate at least one skill." }]),
    send: () => giveSelfAssessment({ cohort: a.cohort.id, stage, ratings: set.ratings() }),
    done: () => refresh(`growth-${a.cohort.id}`, "Your ratings are saved."),
  });
}

function growthCard(a, refresh) {
  const headingId = `growth-${a.cohort.id}`;
  const title = `${a.program.name}: ${a.cohort.name}`;
  // Only the skills she rated: the chart and its words stay short.
  const rows = growthRows(a).filter(([, b, af]) => b !== null || af !== null);
  const rated = rows.length > 0;
  const descId = `${headingId}-desc`;
  const parts = [h("h3", { id: headingId, tabindex: "-1", text: title })];
  if (!rated) {
    parts.push(h("p", { class: "empty", text: "You have not rated yourself yet: rate yourself now, so you can see how you grow." }));
  } else {
    const summary = rows.map(growthText).join("; ");
    parts.push(h("p", { id: descId, class: "chart-desc", text: `Your ratings from 1 to 5, before and after. ${summary}.` }),
      h("ul", { class: "legend", "aria-hidden": "true" },
        h("li", {}, h("span", { class: "swatch series-0" }), "Before"),
        h("li", {}, h("span", { class: "swatch series-1" }), "After")),
      growthChart(rows, descId),
      h("details", {}, h("summary", { text: "Show the numbers" }), growthTable(rows, `Your ratings in ${title}`)));
  }
  if (a.can_give.before) parts.push(ratingForm(a, "before", refresh));
  else if (a.can_give.after) parts.push(ratingForm(a, "after", refresh));
  else if (!a.after) parts.push(h("p", { class: "hint", text: "When your match closes, you rate yourself again and see your growth here." }));
  return h("li", { class: "card growth" }, parts);
}

/**
 * "My growth" in `box`, one card per enrolment; returns `refresh(focusId, message)`
 * for the page to call after a write that changes it (closing a match).
 */
export function mountGrowth(box) {
  const refresh = async (focusId, message) => {
    let data;
    try {
      data = await getSelfAssessment();
    } catch (err) {
      replace(box, h("p", { class: "error", text: err.message }));
      return;
    }
    const list = data.assessments ?? [];
    replace(box, list.length ? h("section", { "aria-labelledby": "growth-heading" },
      h("h2", { id: "growth-heading", text: "My growth" }),
      h("ul", { class: "cards growth-list" }, list.map((a) => growthCard(a, refresh)))) : null);
    const target = focusId && document.getElementById(focusId);
    if (target) focusElement(target);
    if (message) announce(message);
  };
  refresh();
  return refresh;
}

/**
 * The "after" ratings on a closure form, for the cohort of the match being
 * closed, when she has not given them yet. `{element, send()}` or null;
 * `send()` stores them (call it once the match is closed).
 */
export function closureRatings(assessment, errors) {
  if (!assessment || assessment.after) return null;
  const set = ratingFieldset(assessment.skills, {
    legend: "Where are you now?", errors, field: "ratings",
    hint: "Optional: rate your skills again, 1 to 5, to see how you have grown.",
  });
  return {
    element: set.element,
    send: () => {
      const ratings = set.ratings();
      return Object.keys(ratings).length
        ? giveSelfAssessment({ cohort: assessment.cohort.id, stage: "after", ratings }) : null;
    },
  };
}
