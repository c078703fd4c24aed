/**
 * Charts as inline SVG, drawn from numbers the page already has. Every chart
 * comes with its text alternative (a table of the same numbers, and a
 * sentence the SVG is labelled by) and a "Download CSV" of its numbers.
 *
 * A chart is `{id, title, description, columns, rows, kind}`: `columns`
 * names the label column then one column per series; each row is
 * `[label, value, …]`; `drawn` optionally lists which columns to draw. A
 * value that is not a number (a suppressed cell: null) is drawn as no bar
 * and shown in the table as "hidden" (or the chart's `hiddenText`).
 */
import { downloadLink } from "./admin-ui.js";
import { h, srOnly, svg } from "./dom.js";
import { toCsv } from "./csv.js";

const WIDTH = 560;
const HEIGHT = 260;
const PAD = { top: 16, right: 12, bottom: 44, left: 44 };
const SERIES_CLASSES = ["series-0", "series-1", "series-2", "series-3"];

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/** The columns a chart draws (indexes into its rows): `drawn`, or every series. */
const drawnColumns = (chart) => chart.drawn ?? chart.columns.slice(1).map((_, i) => i + 1);

/**
 * The value axis for counts up to `max`: a round step (1, 2 or 5 times a
 * power of ten, never under 1: the numbers are head counts) and the top
 * tick, about four steps up. 43 → {step: 20, top: 60}; 2 → {step: 1, top: 2}.
 */
export function niceScale(max) {
  if (!(max > 0)) return { step: 1, top: 1 };
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw);
  step = Math.max(1, step);
  return { step, top: Math.ceil(max / step) * step };
}

function axis(scale) {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const values = [];
  for (let v = 0; v <= scale.top; v += scale.step) values.push(v);
  const ticks = values.map((value) => {
    const y = PAD.top + plotH * (1 - value / scale.top);
    return svg("g", { class: "tick" },
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y }),
      svg("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, String(value)));
  });
  return svg("g", { class: "axis", "aria-hidden": "true" }, ticks);
}

function bars(chart, top) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const cols = drawnColumns(chart);
  const series = cols.length;
  const band = plotW / Math.max(1, chart.rows.length);
  const barW = Math.max(2, (band * 0.8) / series);
  const labelEvery = Math.ceil(chart.rows.length / 12);
  // As many characters as the band has room for; the table has the whole label.
  const chars = Math.max(6, Math.floor((band * labelEvery) / 8));
  return svg("g", { "aria-hidden": "true" }, chart.rows.map((row, i) => {
    const x0 = PAD.left + band * i + band * 0.1;
    const shapes = cols.map((col, s) => {
      const value = row[col];
      if (!isNumber(value)) return null;
      const hgt = (value / top) * plotH;
      return svg("rect", {
        class: SERIES_CLASSES[s % SERIES_CLASSES.length], x: x0 + barW * s, y: PAD.top + plotH - hgt,
        width: barW - 1, height: Math.max(0, hgt),
      }, svg("title", {}, `${row[0]}, ${chart.columns[col]}: ${value}`));
    });
    const label = i % labelEvery === 0
      ? svg("text", { class: "label", x: PAD.left + band * (i + 0.5), y: HEIGHT - PAD.bottom + 18, "text-anchor": "middle" },
        clip(String(row[0]), chars))
      : null;
    return svg("g", {}, shapes, label);
  }));
}

function lines(chart, top) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const n = chart.rows.length;
  const x = (i) => PAD.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v) => PAD.top + plotH * (1 - v / top);
  const paths = drawnColumns(chart).map((col, s) => {
    const points = chart.rows.map((row, i) => [row[col], i]).filter(([v]) => isNumber(v));
    const d = points.map(([v, i], k) => `${k ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    return svg("g", { class: SERIES_CLASSES[s % SERIES_CLASSES.length] },
      svg("path", { d, fill: "none", "stroke-width": 2.5 }),
      points.map(([v, i]) => svg("circle", { cx: x(i), cy: y(v), r: 3 })));
  });
  const every = Math.ceil(n / 8);
  const labels = chart.rows.map((row, i) => (i % every === 0 || i === n - 1
    ? svg("text", { class: "label", x: x(i), y: HEIGHT - PAD.bottom + 18, "text-anchor": "middle" }, String(row[0]).slice(0, 12))
    : null));
  return svg("g", { "aria-hidden": "true" }, paths, labels);
}

function legend(chart) {
  const cols = drawnColumns(chart);
  if (cols.length < 2) return null;
  return h("ul", { class: "legend", "aria-hidden": "true" }, cols.map((col, s) =>
    h("li", {}, h("span", { class: `swatch ${SERIES_CLASSES[s % SERIES_CLASSES.length]}` }), chart.columns[col])));
}

function table(chart) {
  return h("div", { class: "table-scroll" },
    h("table", { class: "chart-table" },
      h("caption", { class: "visually-hidden" }, `${chart.title}: the numbers`),
      h("thead", {}, h("tr", {}, chart.columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, chart.rows.map((row) => h("tr", {},
        h("th", { scope: "row" }, String(row[0])),
        row.slice(1).map((v) => h("td", { class: "num" },
          v === null || v === undefined ? chart.hiddenText ?? "hidden" : String(v))))))));
}

/** A figure: the heading, the chart, its numbers as a table and as a CSV download. */
export function chartFigure(chart) {
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  const heading = h(chart.level ?? "h3", { id: titleId }, chart.title);
  const description = h("p", { id: descId, class: "chart-desc" }, chart.description);
  if (!chart.rows.length) {
    return h("figure", { class: "chart panel", id: chart.id, "aria-labelledby": titleId },
      heading, h("p", { class: "empty" }, chart.empty ?? "Nothing to show yet."));
  }
  const values = chart.rows.flatMap((row) => drawnColumns(chart).map((col) => row[col])).filter(isNumber);
  const scale = niceScale(Math.max(0, ...values));
  const top = scale.top;
  const drawing = svg("svg", {
    class: "chart-svg", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-labelledby": `${titleId} ${descId}`, preserveAspectRatio: "xMidYMid meet",
  }, axis(scale), chart.kind === "line" ? lines(chart, top) : bars(chart, top));
  return h("figure", { class: "chart panel", id: chart.id, "aria-labelledby": titleId },
    heading, description, legend(chart), drawing,
    h("details", {}, h("summary", {}, "Show the numbers"), table(chart)),
    h("p", {}, downloadLink(["Download CSV", srOnly(` of ${chart.title}`)], `${chart.id}.csv`,
      () => toCsv([chart.columns, ...chart.rows]), { "data-chart": chart.id })));
}
