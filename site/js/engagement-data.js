/**
 * Pure logic of the report's "Engagement" section: the answer of
 * `GET …/engagement` (and, when there is one, of `GET …/self-assessment`)
 * turned into what the page draws. No DOM, no network.
 *
 * The API sends each table as `{id, title, columns, rows, text}`; check-in
 * answers come with every count under the threshold already suppressed
 * (null), which the page shows as "fewer than 10 or withheld" and never draws.
 */
import { humanize } from "./report-data.js";

const EMPTY = {
  meetings: "No meetings logged yet.",
  goals: "No goal has milestones yet.",
  satisfaction: "No check-ins answered yet.",
  closures: "No match has been closed.",
};

/** Whether a table has anything to draw, judged by the figures behind it. */
function hasData(id, e) {
  if (id === "meetings") return (e.meetings_per_month ?? []).length > 0;
  if (id === "goals") return (e.goals?.with_milestones ?? 0) > 0;
  if (id === "satisfaction") return (e.check_ins?.answered ?? 0) > 0;
  if (id === "closures") return (e.closures?.count ?? 0) > 0;
  return false;
}

/** The engagement answer → `[chart spec]` for charts.js, in the API's order. */
export function engagementCharts(e) {
  const threshold = e?.suppression_threshold ?? 10;
  return (Array.isArray(e?.charts) ? e.charts : []).map((chart) => {
    const id = String(chart.id);
    return {
      id: `chart-engagement-${id.replace(/[^a-z0-9-]+/gi, "-")}`,
      title: String(chart.title ?? humanize(id)),
      description: String(chart.text ?? ""),
      columns: (chart.columns ?? []).map(humanize),
      rows: hasData(id, e) && Array.isArray(chart.rows) ? chart.rows : [],
      kind: "bar",
      // "per pair" is a ratio on another scale: in the table, not drawn.
      drawn: id === "meetings" ? [1] : null,
      hiddenText: `fewer than ${threshold} or withheld`,
      empty: EMPTY[id] ?? "Nothing to show yet.",
    };
  });
}

/** The headline numbers, as `[[label, "12"], …]`. */
export function engagementTotals(e) {
  if (!e) return [];
  const threshold = e.suppression_threshold ?? 10;
  const fb = e.feedback ?? {};
  const mean = typeof fb.mean_rating === "number" ? ` (mean rating ${fb.mean_rating} of 5)`
    : fb.count ? ` (a mean rating shows from ${threshold} ratings)` : "";
  return [
    ["Matches", String(e.matches ?? 0)],
    ["Open", String(e.open ?? 0)],
    ["Closed", String(e.closed ?? 0)],
    ["Quiet pairs", String(e.quiet?.count ?? 0)],
    ["Check-ins answered", String(e.check_ins?.answered ?? 0)],
    ["Feedback given", `${fb.count ?? 0}${mean}`],
  ];
}

/** What the quiet-pairs figure means, in a sentence. */
export function quietDefinition(e) {
  const days = e?.quiet?.threshold_days ?? 30;
  return `A pair is quiet when its match is open and its last meeting, or its start when it has not met, `
    + `was ${days} days ago or more. A meeting planned for a later date counts as not quiet.`;
}

/** Check-in answers beyond satisfaction, as sentences (null: suppressed). */
export function checkInNotes(e) {
  const c = e?.check_ins ?? {};
  if (!c.answered) return [];
  const threshold = e?.suppression_threshold ?? 10;
  const count = (n) => (n === null || n === undefined ? `fewer than ${threshold} or withheld` : String(n));
  return [
    `Check-ins saying the pair had not met: ${count(c.not_meeting)}.`,
    `Check-ins flagging a concern: ${count(c.flagged)}.`,
  ];
}

/**
 * `GET …/self-assessment` → the "Growth" chart spec, or null without skills.
 * A skill rated both times by fewer than the threshold has its means withheld
 * by the API (`suppressed`): its row says "fewer than 10" and draws no bar.
 */
export function growthChart(growth) {
  const skills = Array.isArray(growth?.skills) ? growth.skills : [];
  if (!skills.length) return null;
  const threshold = growth.suppression_threshold ?? 10;
  const hidden = `fewer than ${threshold}`;
  const rated = skills.filter((s) => (s.pairs_n ?? 0) > 0);
  const mean = (v) => (typeof v === "number" ? v : null);
  const shown = (s) => typeof s.before_mean === "number" && typeof s.after_mean === "number";
  const words = (s) => (shown(s) ? `${s.skill} ${s.before_mean} before, ${s.after_mean} after (${s.pairs_n} people)`
    : `${s.skill}: rated both times by ${hidden} people, so not shown`);
  return {
    id: "chart-engagement-growth",
    title: "Growth: self-assessed skills before and after",
    description: rated.length
      ? `Mean self-ratings from 1 to 5, over the people who rated a skill both before and after `
        + `(a mean over ${hidden} people is withheld): ${rated.map(words).join("; ")}.`
      : "No one has rated her skills both before and after yet.",
    columns: ["Skill", "Before (mean)", "After (mean)", "People"],
    rows: rated.map((s) => [String(s.skill), mean(s.before_mean), mean(s.after_mean), s.pairs_n]),
    kind: "bar",
    drawn: [1, 2],
    hiddenText: hidden,
    empty: "No one has rated her skills both before and after yet.",
  };
}
