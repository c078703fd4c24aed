/**
 * A cohort's follow-up (`?cohort=ID&view=follow-up`): the quiet pairs (no
 * meeting logged for 30 days or more) and the closure and rematch requests,
 * each with what the admin can do about it: acknowledge it, or enrol the
 * person who asked in another cohort of the program that still takes people.
 */
import { facts, loadFailed, viewLink } from "./admin-ui.js";
import { actOnRequest, adminCohort, cohortFollowUp } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { formatDate, formatDateTime, statusLabel } from "./format.js";
import { FieldErrors, errorMessage, formAlert, submitForm } from "./forms.js";

const names = (members) => members.map((m) => m.name).join(", ");

function quietTable(quiet, days) {
  if (!quiet.length) return h("p", { class: "empty", id: "quiet-empty" }, "No quiet pairs");
  return h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": "quiet-heading" },
    h("table", { id: "quiet-pairs" },
      h("caption", { class: "visually-hidden" }, `Pairs with no meeting logged for ${days} days or more`),
      h("thead", {}, h("tr", {}, ["Members", "Last meeting", "Days quiet"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, quiet.map((q) => h("tr", { "data-match": q.match },
        h("th", { scope: "row" }, names(q.members)),
        h("td", {}, q.last_meeting ? formatDate(q.last_meeting) : "None logged"),
        h("td", {}, String(q.days_quiet)))))));
}

function handledText(done) {
  if (!done) return "";
  const what = done.action === "rematch" ? `enrolled again in ${done.cohort_name ?? done.cohort}` : "acknowledged";
  return `Handled: ${what} by ${done.by} on ${formatDateTime(done.at)}${done.note ? ` (note: ${done.note})` : ""}`;
}

/** The form that acts on one open request. `onDone()` after the API said yes. */
function actions(req, index, targets, ctx, onDone) {
  const alert = formAlert();
  const errors = new FieldErrors();
  const noteId = `request-${index}-note`;
  const note = h("textarea", { id: noteId, name: "note", rows: 2, maxlength: 1000 });
  const noteError = errorMessage(`${noteId}-error`);
  errors.register("note", { controls: [note], error: noteError });
  const acknowledge = h("button", { type: "submit", class: "secondary", value: "acknowledge" }, "Acknowledge");
  const buttons = [acknowledge];
  let select = null;
  let targetField = null;
  if (req.rematch) {
    const selectId = `request-${index}-cohort`;
    select = h("select", { id: selectId, name: "cohort" },
      h("option", { value: "" }, "Choose a cohort"),
      targets.map((c) => h("option", { value: c.id }, `${c.name} (${statusLabel(c.status)})`)));
    const selectError = errorMessage(`${selectId}-error`);
    errors.register("cohort", { controls: [select], error: selectError });
    targetField = h("div", { class: "field" },
      h("label", { for: selectId }, "Enrol them again in"),
      targets.length ? null : h("p", { class: "hint" },
        "No other cohort of this program is open for enrolment or matching yet."),
      select, selectError);
    buttons.unshift(h("button", { type: "submit", value: "rematch" }, "Rematch"));
  }
  const form = h("form", { class: "request-actions", novalidate: true, "aria-label": `Act on the request of ${req.by.name}` },
    alert, targetField,
    h("div", { class: "field" }, h("label", { for: noteId }, "Note (optional; the person who asked sees it)"), note, noteError),
    h("div", { class: "actions" }, buttons));
  let body = null;
  submitForm(form, {
    button: (event) => event.submitter ?? acknowledge, busy: "Working…", alert, errors,
    send: (button) => {
      body = { action: button.value, note: note.value };
      if (body.action === "rematch") body.cohort = select.value || null;
      return actOnRequest(ctx.route.cohort, req.match, body);
    },
    done: () => {
      const chosen = targets.find((c) => c.id === body.cohort);
      onDone(body.action === "rematch"
        ? `${req.by.name} is enrolled again in ${chosen?.name ?? body.cohort}.`
        : `The request of ${req.by.name} is acknowledged.`);
    },
  });
  return form;
}

function requestItem(req, index, targets, ctx, onDone) {
  const asked = req.rematch ? "closed the match and asked for a rematch" : "closed the match";
  return h("li", { class: "panel request", "data-match": req.match, "data-status": req.status },
    h("h4", {}, `${req.by.name} ${asked}`),
    facts([
      ["Asked on", formatDateTime(req.at)],
      ["Reason", req.reason || "Not given"],
      ["Status", req.status === "open" ? "Open" : handledText(req.handled)],
    ]),
    req.status === "open" ? actions(req, index, targets, ctx, onDone) : null);
}

/** `?cohort=ID&view=follow-up`. */
export async function renderFollowUp(root, ctx) {
  const id = ctx.route.cohort;
  const back = (cohort) => h("p", { class: "breadcrumb" },
    viewLink({}, ctx.navigate, {}, "All programs"),
    cohort?.program ? [" › ", viewLink({ program: cohort.program.id }, ctx.navigate, {}, cohort.program.name)] : null,
    " › ", viewLink({ cohort: id }, ctx.navigate, {}, cohort?.name ?? "The cohort"));
  replace(root, back(null), h("p", {}, "Loading the follow-up…"));
  let cohort;
  let view;
  try {
    [cohort, view] = await Promise.all([adminCohort(id), cohortFollowUp(id)]);
  } catch (err) {
    if (ctx.sessionEnded(err)) return null;
    const heading = h("h2", { id: "follow-up-heading" }, "Follow-up");
    replace(root, back(null), heading, loadFailed(err, () => renderFollowUp(root, ctx)));
    ctx.setTitle("Follow-up");
    return heading;
  }
  if (ctx.stale()) return null;

  const heading = h("h2", { id: "follow-up-heading" }, `Follow-up: ${cohort.name}`);
  const requestsHeading = h("h3", { id: "requests-heading" }, "Closure and rematch requests");
  const days = view.quiet_days ?? 30;
  const targets = Array.isArray(view.targets) ? view.targets : [];
  const named = (done) => done && { ...done, cohort_name: targets.find((c) => c.id === done.cohort)?.name };
  const requests = (view.requests ?? []).map((r) => ({ ...r, handled: named(r.handled) }));

  async function handled(message) {
    await renderFollowUp(root, ctx);
    announce(message);
    const top = document.getElementById("requests-heading");
    if (top) focusElement(top);
  }

  let note = null;
  if (cohort.status === "closed") {
    note = "This cohort is closed: its pairs are no longer followed up. Its requests stay listed below.";
  } else if (cohort.status !== "published") {
    note = "This cohort's matches are not published yet, so there is nothing to follow up.";
  }
  replace(root, back(cohort), heading,
    h("p", { class: "lead" }, "How the published matches are doing, and what participants asked for."),
    note ? h("p", { class: "empty", id: "follow-up-state" }, note) : null,
    h("section", { class: "panel", "aria-labelledby": "quiet-heading" },
      h("h3", { id: "quiet-heading" }, "Quiet pairs"),
      h("p", { class: "hint" }, `Open matches with no meeting logged for ${days} days or more (counted from `
        + `publishing when none was logged). Each member is e-mailed a reminder at most once every ${days} days.`),
      quietTable(view.quiet ?? [], days)),
    h("section", { class: "panel", "aria-labelledby": requestsHeading.id },
      requestsHeading,
      requests.length
        ? h("ul", { class: "requests", id: "requests" },
          requests.map((r, i) => requestItem(r, i, targets, ctx, handled)))
        : h("p", { class: "empty", id: "requests-empty" }, "No closure or rematch requests")));
  ctx.setTitle(`Follow-up: ${cohort.name}`);
  return heading;
}
