/**
 * Pure logic of the dashboard: the report of `GET …/report` turned into
 * what the page draws. No DOM, no network.
 *
 * The API sends each chart as `{id, title, columns, rows, text}` (a table of
 * numbers and a sentence that says what it shows); the diversity charts
 * (`diversity-…`) come with every count under the threshold already
 * suppressed (null), which the page shows as such and never draws.
 */

/** "mentor_seats" → "Mentor seats". */
export function humanize(key) {
  const text = String(key ?? "").replace(/_/g, " ").trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

const EMPTY = {
  enrolment: "No one has enrolled yet.",
  scores: "No published matches yet: run matching and publish it first.",
  unmatched: "No one is unmatched.",
  resources: "No published match has reached a stage with resources yet.",
};

/** One API chart → the page's chart (see charts.js). */
export function chartSpec(chart) {
  const id = String(chart?.id ?? "chart");
  const columns = (chart?.columns ?? []).map(humanize);
  const rows = Array.isArray(chart?.rows) ? chart.rows : [];
  // Diversity tables end with a total: drawn, it would dwarf the groups.
  // Resources by stage: people due and done are drawn; the share is in the table.
  const drawn = id.startsWith("diversity-") && columns.at(-1) === "Total"
    ? columns.slice(1, -1).map((_, i) => i + 1) : id === "resources" ? [1, 2] : null;
  const allZero = rows.every((row) => row.slice(1).every((v) => v === 0 || v === null));
  return {
    id: `chart-${id.replace(/[^a-z0-9-]+/gi, "-")}`,
    title: String(chart?.title ?? humanize(id)),
    description: String(chart?.text ?? ""),
    columns,
    rows: id === "scores" && allZero ? [] : rows,
    kind: id === "enrolment" ? "line" : "bar",
    drawn,
    empty: EMPTY[id] ?? "Nobody yet.",
    // Fewer than 10 people behind it: the API withheld it (null).
    hiddenText: id === "resources" ? "withheld" : undefined,
  };
}

/** `{charts, diversity}`: the report's charts, the diversity ones apart. */
export function reportCharts(report) {
  const all = (Array.isArray(report?.charts) ? report.charts : []).map((c) => [c, chartSpec(c)]);
  return {
    charts: all.filter(([c]) => !String(c.id).startsWith("diversity-")).map(([, spec]) => spec),
    diversity: all.filter(([c]) => String(c.id).startsWith("diversity-")).map(([, spec]) => spec),
  };
}

const TOTALS = [
  ["Mentors", (r) => r.counts?.mentor],
  ["Mentees", (r) => r.counts?.mentee],
  ["Mentor seats", (r) => r.seats],
  ["Matches", (r) => r.matches],
  ["Unmatched", (r) => r.unmatched],
  ["Withdrawn", (r) => r.withdrawn],
];

/** The headline numbers the report has, as `[[label, "12"], …]`. */
export function reportTotals(report) {
  return TOTALS.map(([label, get]) => [label, get(report ?? {})])
    .filter(([, v]) => typeof v === "number")
    .map(([label, v]) => [label, String(v)]);
}
