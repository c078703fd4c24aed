/**
 * Pure logic of the dashboard: the report JSON of `GET …/report` turned into
 * charts (`{id, title, description, columns, rows, kind}`, see charts.js).
 * No DOM, no network.
 *
 * A section of the report is either a list of objects (`[{date, mentor,
 * mentee}]`: the first text field labels a row, every number field is a
 * series) or an object of counts (`{"no seat left": 4}`). A suppressed cell
 * (the API's null or "<10") stays as it is: it is drawn as no bar.
 */

const LABEL_KEYS = ["label", "date", "day", "week", "bucket", "range", "reason", "value", "name", "group"];

const SERIES_NAMES = {
  mentor: "Mentors", mentors: "Mentors", mentee: "Mentees", mentees: "Mentees", count: "Count",
  seats: "Mentor seats", mentor_seats: "Mentor seats", matched: "Matched", unmatched: "Unmatched",
};

/** "no_seat_left" → "No seat left". */
export function humanize(key) {
  const text = String(key).replace(/_/g, " ").trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

const cell = (v) => (typeof v === "number" || typeof v === "string" ? v : null);

/** A report section → `{columns, rows}`, or null when it is no table of numbers. */
export function tableOf(section, labelName = "Label") {
  if (Array.isArray(section)) {
    const items = section.filter((x) => x && typeof x === "object" && !Array.isArray(x));
    if (!items.length) return section.length === 0 ? { columns: [labelName, "Count"], rows: [] } : null;
    const keys = Object.keys(items[0]);
    const label = LABEL_KEYS.find((k) => keys.includes(k)) ?? keys.find((k) => typeof items[0][k] === "string");
    if (!label) return null;
    const series = [...new Set(items.flatMap(Object.keys))].filter((k) => k !== label
      && items.some((x) => typeof x[k] === "number" || x[k] === null || (typeof x[k] === "string" && /^<\s*\d+$/.test(x[k]))));
    if (!series.length) return null;
    return {
      columns: [humanize(label), ...series.map((k) => SERIES_NAMES[k] ?? humanize(k))],
      rows: items.map((x) => [String(x[label]), ...series.map((k) => cell(x[k]))]),
    };
  }
  if (section && typeof section === "object") {
    const entries = Object.entries(section).filter(([, v]) => v === null || typeof v !== "object");
    if (!entries.length || entries.length !== Object.keys(section).length) return null;
    return { columns: [labelName, "Count"], rows: entries.map(([k, v]) => [humanize(k), cell(v)]) };
  }
  return null;
}

/** Running totals of each series, for enrolment over time. */
export function cumulative(rows) {
  const totals = [];
  return rows.map((row) => [row[0], ...row.slice(1).map((v, i) => {
    totals[i] = (totals[i] ?? 0) + (typeof v === "number" ? v : 0);
    return totals[i];
  })]);
}

const KNOWN = {
  enrolment: { title: "Enrolment over time by role", label: "Date", kind: "line", running: true,
    description: "How many mentors and mentees had enrolled by each day.", empty: "No one has enrolled yet." },
  seats: { title: "Mentor seats against mentees", label: "", kind: "bar",
    description: "Seats mentors offer (their capacities added up) against the mentees waiting for one." },
  scores: { title: "Match score distribution", label: "Score", kind: "bar",
    description: "How many matches scored in each band (0 to 100).", empty: "No matches yet: run matching first." },
  unmatched: { title: "Unmatched, by reason", label: "Reason", kind: "bar",
    description: "Mentees left without a mentor, by why.", empty: "No one is unmatched." },
};
const ALIASES = {
  enrollment: "enrolment", enrolments: "enrolment", enrolment_over_time: "enrolment",
  score_distribution: "scores", score_histogram: "scores", unmatched_by_reason: "unmatched",
};

function describeRows(columns, rows) {
  const shown = rows.slice(0, 8).map((row) =>
    `${row[0]}: ${row.slice(1).map((v, i) => `${columns[i + 1]} ${v ?? "suppressed"}`).join(", ")}`);
  return `${shown.join("; ")}${rows.length > 8 ? `; and ${rows.length - 8} more in the table` : ""}.`;
}

/** The charts of a report, known sections first, then any other table of numbers; diversity apart. */
export function reportCharts(report) {
  const charts = [];
  const seen = new Set(["diversity", "suppressed_below", "suppression", "totals", "counts", "cohort", "program", "generated_at"]);
  const add = (key, section, spec) => {
    const table = tableOf(section, spec.label || "Measure");
    if (!table) return;
    const rows = spec.running ? cumulative(table.rows) : table.rows;
    charts.push({
      id: `chart-${key.replace(/[^a-z0-9]+/gi, "-")}`, title: spec.title, kind: spec.kind ?? "bar",
      columns: table.columns, rows, empty: spec.empty,
      description: rows.length ? `${spec.description ?? ""} ${describeRows(table.columns, rows)}`.trim() : "",
    });
  };
  for (const [key, value] of Object.entries(report ?? {})) {
    const known = ALIASES[key] ?? key;
    if (KNOWN[known]) {
      add(known, value, KNOWN[known]);
      seen.add(key);
    }
  }
  for (const [key, value] of Object.entries(report ?? {})) {
    if (!seen.has(key)) add(key, value, { title: humanize(key), kind: "bar" });
  }
  return charts;
}

/** Diversity charts: one per question (gender, age range…), cells under the threshold suppressed by the API. */
export function diversityCharts(report) {
  const diversity = report?.diversity;
  if (!diversity || typeof diversity !== "object") return [];
  const groups = Array.isArray(diversity) ? diversity.map((d, i) => [d.name ?? d.field ?? `group ${i + 1}`, d.counts ?? d.values ?? d])
    : Object.entries(diversity).filter(([k]) => !["threshold", "suppressed_below", "note", "consented"].includes(k));
  return groups.map(([name, section]) => {
    const table = tableOf(section, "Answer");
    if (!table) return null;
    return {
      id: `chart-diversity-${String(name).replace(/[^a-z0-9]+/gi, "-")}`, title: `Self-identification: ${humanize(name)}`,
      kind: "bar", columns: table.columns, rows: table.rows, empty: "No one has shared this.",
      description: table.rows.length ? describeRows(table.columns, table.rows) : "",
    };
  }).filter(Boolean);
}
