/**
 * Charts as inline SVG, drawn from numbers the page already has. Every chart
 * comes with its text alternative (a table of the same numbers, and a
 * sentence the SVG is labelled by) and a "Download CSV" of its numbers.
 *
 * A chart is `{id, title, description, columns, rows, kind}`: `columns`
 * names the label column then one column per series; each row is
 * `[label, value, …]`. A value that is not a number (a suppressed cell, say
 * "<10") is drawn as no bar and shown in the table as it is.
 */
import { downloadLink } from "./admin-ui.js";
import { h, srOnly, svg } from "./dom.js";
import { toCsv } from "./csv.js";

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 16, right: 16, bottom: 56, left: 48 };
const SERIES_CLASSES = ["series-0", "series-1", "series-2", "series-3"];

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

/** A round top for the value axis: 7 → 8, 43 → 50, 0 → 1. */
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axis(top) {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + plotH * (1 - f);
    const value = Math.round(top * f * 100) / 100;
    return svg("g", { class: "tick" },
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y }),
      svg("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end" }, String(value)));
  });
  return svg("g", { class: "axis", "aria-hidden": "true" }, ticks);
}

function bars(chart, top) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const series = chart.columns.length - 1;
  const band = plotW / Math.max(1, chart.rows.length);
  const barW = Math.max(2, (band * 0.8) / series);
  const labelEvery = Math.ceil(chart.rows.length / 12);
  return svg("g", { "aria-hidden": "true" }, chart.rows.map((row, i) => {
    const x0 = PAD.left + band * i + band * 0.1;
    const shapes = row.slice(1).map((value, s) => {
      if (!isNumber(value)) return null;
      const hgt = (value / top) * plotH;
      return svg("rect", {
        class: SERIES_CLASSES[s % SERIES_CLASSES.length], x: x0 + barW * s, y: PAD.top + plotH - hgt,
        width: barW - 1, height: Math.max(0, hgt),
      }, svg("title", {}, `${row[0]}, ${chart.columns[s + 1]}: ${value}`));
    });
    const label = i % labelEvery === 0
      ? svg("text", { class: "label", x: PAD.left + band * (i + 0.5), y: HEIGHT - PAD.bottom + 18, "text-anchor": "middle" },
        String(row[0]).slice(0, 14))
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
  const paths = chart.columns.slice(1).map((_, s) => {
    const points = chart.rows.map((row, i) => [row[s + 1], i]).filter(([v]) => isNumber(v));
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
  if (chart.columns.length <= 2) return null;
  return h("ul", { class: "legend", "aria-hidden": "true" }, chart.columns.slice(1).map((name, s) =>
    h("li", {}, h("span", { class: `swatch ${SERIES_CLASSES[s % SERIES_CLASSES.length]}` }), name)));
}

function table(chart) {
  return h("div", { class: "table-scroll" },
    h("table", { class: "chart-table" },
      h("caption", { class: "visually-hidden" }, `${chart.title}: the numbers`),
      h("thead", {}, h("tr", {}, chart.columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, chart.rows.map((row) => h("tr", {},
        h("th", { scope: "row" }, String(row[0])),
        row.slice(1).map((v) => h("td", { class: "num" }, v === null || v === undefined ? "–" : String(v))))))));
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
  const values = chart.rows.flatMap((row) => row.slice(1)).filter(isNumber);
  const top = niceMax(Math.max(0, ...values));
  const drawing = svg("svg", {
    class: "chart-svg", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-labelledby": `${titleId} ${descId}`, preserveAspectRatio: "xMidYMid meet",
  }, axis(top), chart.kind === "line" ? lines(chart, top) : bars(chart, top));
  return h("figure", { class: "chart panel", id: chart.id, "aria-labelledby": titleId },
    heading, description, legend(chart), drawing,
    h("details", {}, h("summary", {}, "Show the numbers"), table(chart)),
    h("p", {}, downloadLink(["Download CSV", srOnly(` of ${chart.title}`)], `${chart.id}.csv`,
      () => toCsv([chart.columns, ...chart.rows]), { "data-chart": chart.id })));
}
