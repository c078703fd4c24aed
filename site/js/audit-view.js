/**
 * The audit log (`?view=audit`): who did what and when, newest first, a
 * page at a time; exportable as CSV (every page).
 */
import { loadFailed, saveCsv } from "./admin-ui.js";
import { auditPage } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { toCsv } from "./csv.js";
import { formatDateTime } from "./format.js";
import { setBusy } from "./forms.js";

/** One page of the API's answer → `{entries, next}` (a bare list is one page). */
export function auditEntries(page) {
  if (Array.isArray(page)) return { entries: page, next: null };
  const entries = page?.entries ?? page?.events ?? page?.items ?? [];
  return { entries: Array.isArray(entries) ? entries : [], next: page?.next ?? null };
}

const pick = (e, keys) => keys.map((k) => e[k]).find((v) => v !== undefined && v !== null && v !== "");
const when = (e) => pick(e, ["at", "time", "created_at", "timestamp"]) ?? "";
const who = (e) => pick(e, ["actor", "admin", "by", "who", "email"]) ?? "";
const what = (e) => pick(e, ["action", "event", "what"]) ?? "";
const target = (e) => {
  const value = pick(e, ["target", "subject", "cohort", "program", "object"]);
  return value && typeof value === "object" ? JSON.stringify(value) : String(value ?? "");
};
const details = (e) => {
  const value = pick(e, ["details", "detail", "data", "changes", "summary"]);
  return value && typeof value === "object" ? JSON.stringify(value) : String(value ?? "");
};

function row(e) {
  return h("tr", {},
    h("td", {}, formatDateTime(when(e))),
    h("td", {}, String(who(e))),
    h("th", { scope: "row" }, String(what(e))),
    h("td", {}, target(e)),
    h("td", { class: "details" }, details(e)));
}

export async function renderAudit(root, ctx) {
  const heading = h("h2", { id: "audit-heading" }, "Audit log");
  const body = h("div", {}, h("p", {}, "Loading the audit log…"));
  replace(root, heading, h("p", { class: "lead" }, "Every change admins made, newest first."), body);
  ctx.setTitle("Audit log");
  let first;
  try {
    first = auditEntries(await auditPage(null));
  } catch (err) {
    if (!ctx.sessionEnded(err)) replace(body, loadFailed(err, () => renderAudit(root, ctx)));
    return heading;
  }
  if (ctx.stale()) return heading;
  if (!first.entries.length) {
    replace(body, h("p", { class: "empty" }, "Nothing has been recorded yet."));
    return heading;
  }
  let next = first.next;
  const loaded = [...first.entries];
  const tbody = h("tbody", {}, first.entries.map(row));
  const more = h("button", { type: "button", class: "secondary", hidden: !next }, "Show older entries");
  const exportButton = h("button", { type: "button", class: "secondary", id: "audit-export" }, "Export CSV");
  const message = h("p", { class: "error-text", hidden: true });

  async function loadMore() {
    const page = auditEntries(await auditPage(next));
    next = page.next;
    loaded.push(...page.entries);
    return page.entries;
  }

  more.addEventListener("click", async () => {
    setBusy(more, true, "Loading…");
    try {
      const start = tbody.rows.length;
      const added = await loadMore();
      tbody.append(...added.map(row));
      announce(`${added.length} older entries shown.`);
      const cell = tbody.rows[start]?.cells[0];
      if (cell) focusElement(cell);
    } catch (err) {
      if (!ctx.sessionEnded(err)) {
        message.textContent = `Older entries could not be loaded. ${err.message}`;
        message.hidden = false;
      }
    } finally {
      setBusy(more, false);
      more.hidden = !next;
    }
  });

  exportButton.addEventListener("click", async () => {
    setBusy(exportButton, true, "Gathering every entry…");
    try {
      while (next) await loadMore();
      saveCsv("tandem-audit-log.csv", toCsv([["when", "who", "action", "target", "details"],
        ...loaded.map((e) => [when(e), who(e), what(e), target(e), details(e)])]));
      announce(`Exported ${loaded.length} entries.`);
    } catch (err) {
      if (!ctx.sessionEnded(err)) {
        message.textContent = `The export failed. ${err.message}`;
        message.hidden = false;
      }
    } finally {
      setBusy(exportButton, false);
    }
  });

  replace(body,
    h("p", { class: "actions" }, exportButton),
    h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": heading.id },
      h("table", { class: "audit" },
        h("caption", { class: "visually-hidden" }, "Audit log, newest first"),
        h("thead", {}, h("tr", {}, ["When", "Who", "What", "On", "Details"].map((t) => h("th", { scope: "col" }, t)))),
        tbody)),
    h("div", { class: "actions more" }, more),
    message);
  return heading;
}
