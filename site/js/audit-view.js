/**
 * The audit log (`?view=audit`): who did what and when, newest first, a
 * page at a time; the whole log downloads as CSV.
 */
import { loadFailed } from "./admin-ui.js";
import { auditCsvUrl, auditPage } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { formatDateTime } from "./format.js";
import { setBusy } from "./forms.js";

/** One page of the API's answer → `{entries, next}`. */
export function auditEntries(page) {
  const entries = Array.isArray(page?.entries) ? page.entries : [];
  return { entries, next: typeof page?.next === "string" ? page.next : null };
}

// "program.create" → "Program create": the API's action ids, readable.
const actionText = (action) => {
  const text = String(action ?? "").replace(/[._]/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function detailText(detail) {
  if (!detail || typeof detail !== "object") return detail ? String(detail) : "";
  return Object.entries(detail).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`).join("; ");
}

function row(e) {
  return h("tr", { "data-entry": e.id ?? "" },
    h("td", {}, formatDateTime(e.at)),
    h("td", {}, String(e.admin ?? "")),
    h("th", { scope: "row" }, actionText(e.action)),
    h("td", {}, [e.object_type, e.object_id].filter(Boolean).join(" ")),
    h("td", { class: "details" }, detailText(e.detail)));
}

export async function renderAudit(root, ctx) {
  const heading = h("h2", { id: "audit-heading" }, "Audit log");
  const body = h("div", {}, h("p", {}, "Loading the audit log…"));
  const download = h("a", { class: "link-button", href: auditCsvUrl(), download: "", id: "audit-export" },
    "Download the whole log (CSV)");
  replace(root, heading, h("p", { class: "lead" }, "Every change admins made, newest first."),
    h("p", { class: "actions" }, download), body);
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
  const tbody = h("tbody", {}, first.entries.map(row));
  const more = h("button", { type: "button", class: "secondary", hidden: !next }, "Show older entries");
  const message = h("p", { class: "error-text", hidden: true });

  more.addEventListener("click", async () => {
    setBusy(more, true, "Loading…");
    message.hidden = true;
    try {
      const start = tbody.rows.length;
      const page = auditEntries(await auditPage(next));
      next = page.next;
      tbody.append(...page.entries.map(row));
      announce(`${page.entries.length} older entries shown.`);
      // Keyboard users continue from the first entry added.
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

  replace(body,
    h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": heading.id },
      h("table", { class: "audit" },
        h("caption", { class: "visually-hidden" }, "Audit log, newest first"),
        h("thead", {}, h("tr", {}, ["When", "Who", "What", "On", "Details"].map((t) => h("th", { scope: "col" }, t)))),
        tbody)),
    h("div", { class: "actions more" }, more),
    message);
  return heading;
}
