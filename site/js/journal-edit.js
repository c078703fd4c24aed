/**
 * Editing on My mentoring: a goal (title, success, target date; either
 * partner) and one's own meeting (date, length, topics, notes, shared), and
 * a goal's history. Every edit sends the `version` it was drawn from; when
 * someone else saved first the API answers 409 and the form says so and
 * offers "Reload" instead of overwriting their change.
 */
import { editGoal, editMeeting } from "./api.js";
import { h, nextId } from "./dom.js";
import { formatDate, today } from "./format.js";
import { FieldErrors, field, formAlert, showApiError, submitForm } from "./forms.js";

const topicsText = (t) => (Array.isArray(t) ? t.join(", ") : String(t ?? ""));

/** A stale version: say so in the form's alert and offer to reload. */
export function showConflict(alert, what, reload, focusId) {
  const button = h("button", { type: "button", class: "secondary", text: "Reload" });
  button.addEventListener("click", () => reload(focusId, `Reloaded: the ${what} as it is now.`));
  alert.replaceChildren(
    h("p", { text: `Someone else changed this ${what} while you were editing it, so your change was not saved.` }),
    h("p", {}, button, " to see their version, then edit again."));
  alert.hidden = false;
  alert.focus();
}

/**
 * A disclosure whose content `build()` makes when it is first opened (or at
 * once when `open`): a long journal has a form per entry, and building them
 * all up front kept My mentoring busy for a long while after it showed.
 */
export function lazyDetails(props, summary, build) {
  const details = h("details", props, h("summary", { text: summary }));
  const fill = () => {
    if (details.childElementCount === 1) details.append(build());
  };
  if (props.open) fill();
  details.addEventListener("toggle", () => {
    if (details.open) fill();
  });
  return details;
}

/**
 * An "Edit" disclosure holding a form: `fields(errors)` builds the controls,
 * `changes(form)` reads what changed (null: nothing), `send(changes)` saves.
 */
function editForm(spec) {
  return lazyDetails({ class: "add-form edit-form" }, spec.summary, () => editFormBody(spec));
}

function editFormBody({ label, what, focusId, fields, changes, send, reload }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const button = h("button", { type: "submit", text: "Save changes" });
  const form = h("form", { "aria-label": label, novalidate: true }, alert, ...fields(errors), button);
  let changed = null;
  submitForm(form, {
    button, busy: "Saving…", alert, errors,
    check: () => ((changed = changes(form)) ? null : "Nothing has changed."),
    send: () => send(changed),
    done: () => reload(focusId, `Saved your changes to the ${what}.`),
    failed: (err) => {
      if (err.status === 409 && err.field === "version") showConflict(alert, what, reload, focusId);
      else showApiError(alert, errors, err);
    },
  });
  return form;
}

/** What changed between `before` and the form's values, plus the version; null if nothing. */
export function changedFields(before, now, version) {
  const out = {};
  for (const [key, value] of Object.entries(now)) {
    const old = key === "topics" ? topicsText(before[key]) : before[key];
    const cmp = key === "topics" ? topicsText(value) : value;
    if (cmp !== (old ?? (typeof cmp === "boolean" ? false : ""))) out[key] = value;
  }
  return Object.keys(out).length ? { ...out, version } : null;
}

/** "Edit" for a goal (title, what success looks like, target date). */
export function goalEdit(matchId, g, reload) {
  return editForm({
    summary: "Edit this goal",
    label: `Edit the goal ${g.title}`,
    what: "goal",
    focusId: `goal-${g.id}`,
    reload,
    fields: (errors) => {
      const title = h("input", { type: "text", name: "title", maxlength: "200", required: true, value: g.title });
      const success = h("textarea", { name: "success", rows: "2", maxlength: "2000" });
      success.value = g.success ?? "";
      const target = h("input", { type: "date", name: "target_date", min: today(), required: true, value: g.target_date });
      const shared = h("input", { type: "checkbox", name: "shared", id: `shared-${g.id}`, checked: Boolean(g.shared) });
      return [field(errors, "title", "Goal", title), field(errors, "success", "What success looks like", success),
        field(errors, "target_date", "Target date", target),
        h("div", { class: "field" }, shared, " ", h("label", { for: shared.id,
          text: "Share this goal with the program team once it is reached, for the program's recognition" }))];
    },
    changes: (f) => changedFields(g, {
      title: f.elements.title.value.trim(),
      success: f.elements.success.value.trim(),
      target_date: f.elements.target_date.value,
      shared: f.elements.shared.checked,
    }, g.version),
    send: (changes) => editGoal(matchId, g.id, changes),
  });
}

/** "Edit" for a meeting of one's own. */
/** A meeting form's values as the API takes them (the log form and the edit form). */
export function meetingValues(f) {
  return {
    date: f.elements.date.value,
    minutes: Number.parseInt(f.elements.minutes.value, 10) || 0,
    topics: f.elements.topics.value.split(",").map((t) => t.trim()).filter(Boolean),
    notes: f.elements.notes.value.trim(),
    shared: f.elements.shared.checked,
  };
}

export function meetingEdit(matchId, x, reload) {
  return editForm({
    summary: `Edit the meeting of ${formatDate(x.date)}`,
    label: `Edit the meeting of ${formatDate(x.date)}`,
    what: "meeting",
    focusId: "meetings-heading",
    reload,
    fields: (errors) => {
      const notes = h("textarea", { name: "notes", rows: "3", maxlength: "5000" });
      notes.value = x.notes ?? "";
      const shared = h("input", { type: "checkbox", name: "shared", id: nextId("shared-edit"), checked: Boolean(x.shared) });
      return [
        field(errors, "date", "Date", h("input", { type: "date", name: "date", required: true, value: x.date })),
        field(errors, "minutes", "Length in minutes",
          h("input", { type: "number", name: "minutes", min: "1", max: "1440", required: true, value: String(x.minutes) })),
        field(errors, "topics", "Topics", h("input", { type: "text", name: "topics", maxlength: "500", value: topicsText(x.topics) }),
          "Separate topics with commas."),
        field(errors, "notes", "Notes", notes),
        h("div", { class: "field" }, shared, " ",
          h("label", { for: shared.id, text: "Share these notes with my partner (otherwise only I see them)" })),
      ];
    },
    changes: (f) => changedFields(x, meetingValues(f), x.version),
    send: (changes) => editMeeting(matchId, x.id, changes),
  });
}

/**
 * What became of my closing as a request to the program manager
 * (`GET /api/matches/{id}`'s `request`, present only for the one who closed
 * it), as sentences; [] when there is nothing to say (none, or a plain
 * closing not yet seen). The note is the program manager's about me, so it
 * is mine to read.
 */
export function requestText(request) {
  if (!request) return [];
  const done = request.status === "handled" ? request.handled : null;
  if (!done) return request.rematch ? ["Your program manager is looking at your request for a new partner."] : [];
  const day = formatDate(done.at);
  const words = [done.action === "rematch" && done.cohort
    ? `Handled on ${day}: you are enrolled in cohort ${done.cohort.name}.`
    : `Your ${request.rematch ? "request for a new partner" : "closing"} was acknowledged on ${day}.`];
  if (done.note) words.push(`Note from your program manager: ${done.note}`);
  return words;
}

/** Words for one earlier version: "Edited by Omar on 26 Nov 2026: was “…”, success “…”, target date …". */
export function historyText(entry, editor, when) {
  const d = entry.data ?? {};
  const parts = [`was “${d.title ?? ""}”`];
  if (d.success) parts.push(`success “${d.success}”`);
  if (d.target_date) parts.push(`target date ${formatDate(d.target_date)}`);
  return `Edited by ${editor} on ${formatDate(when)}: ${parts.join(", ")}`;
}

/**
 * A goal's history, newest first, in a <details>; null when it was never
 * edited. `names`: participant id → how to call them ("you", a name).
 */
export function goalHistory(g, names) {
  const history = g.history ?? [];
  if (!history.length) return null;
  const who = (id) => names[id] ?? "a former participant";
  const items = history.map((entry, i) => {
    const next = history[i + 1] ?? { by: g.updated_by, at: g.updated_at };
    return h("li", { text: historyText(entry, who(next.by), next.at) });
  }).reverse();
  const n = history.length;
  return h("details", { class: "history" },
    h("summary", { text: `History (${n} earlier version${n === 1 ? "" : "s"})` }),
    h("ol", { reversed: true }, items));
}
