/**
 * Planned meetings on My mentoring: "Plan a meeting" (date, time, time zone
 * defaulting to the browser's, length, place or video link), the meetings
 * still to come with "Move" and "Cancel", each change e-mailing both people
 * a calendar invitation (the API does; `functions/domain/meetings.py`).
 */
import { addMeeting, cancelMeeting, editMeeting } from "./api.js";
import { h } from "./dom.js";
import { formatDateTime, today } from "./format.js";
import { FieldErrors, busyAction, field, formAlert, showAlert, submitForm } from "./forms.js";
import { lazyDetails, showConflict } from "./journal-edit.js";

/** The browser's own time zone ("Europe/Paris"), or UTC when it will not say. */
export function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch { return "UTC"; }
}

function zoneNames(current) {
  let names = [];
  try { names = Intl.supportedValuesOf("timeZone"); } catch { names = []; }
  return [...new Set([current, "UTC", ...names])];
}

/** The wall-clock reading of instant `ms` in `zone`, as if it were UTC (ms). */
function wallClock(ms, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
}

/**
 * "2027-01-04" at "10:30" in "Europe/Paris" → "2027-01-04T09:30:00.000Z":
 * the instant that wall-clock time names there (pure; twice round for a
 * change of offset between the guess and the answer).
 */
export function startInZone(day, time, zone) {
  const [y, mo, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const wanted = Date.UTC(y, mo - 1, d, hh, mm);
  let guess = wanted;
  for (let i = 0; i < 2; i += 1) guess = wanted - (wallClock(guess, zone) - guess);
  return new Date(guess).toISOString();
}

function planFields(errors, zone) {
  const zones = h("select", { name: "time_zone" },
    ...zoneNames(zone).map((z) => h("option", { value: z, text: z, selected: z === zone })));
  return [
    field(errors, "date", "Day", h("input", { type: "date", name: "date", min: today(), required: true })),
    field(errors, "start", "Start time", h("input", { type: "time", name: "time", value: "10:00", required: true })),
    field(errors, "time_zone", "Time zone", zones, "Your browser's, unless you change it."),
    field(errors, "minutes", "How long, in minutes",
      h("input", { type: "number", name: "minutes", min: "1", max: "1440", value: "60", required: true })),
    field(errors, "place", "Place or video link", h("input", { type: "text", name: "place", maxlength: "500" }),
      "A room, a café, or the link to your video call."),
  ];
}

function readStart(f) {
  if (!f.elements.date.value || !f.elements.time.value) return null;
  return startInZone(f.elements.date.value, f.elements.time.value, f.elements.time_zone.value);
}

function planForm(matchId, names, reload) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const button = h("button", { type: "submit", text: "Plan and invite" });
  const form = h("form", { "aria-label": "Plan a meeting", novalidate: true }, alert,
    ...planFields(errors, browserZone()), button);
  return submitForm(form, {
    button, busy: "Sending invitations…", alert, errors,
    check: () => (readStart(form) ? null : "Choose a date and a time."),
    send: () => addMeeting(matchId, {
      planned: true, start: readStart(form), time_zone: form.elements.time_zone.value,
      minutes: Number.parseInt(form.elements.minutes.value, 10) || 0,
      place: form.elements.place.value.trim(),
    }),
    done: () => reload("plan-heading", `Meeting planned: ${names} and you each get a calendar invitation.`),
  });
}

function moveForm(matchId, x, reload) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const button = h("button", { type: "submit", text: "Move and tell everyone" });
  const form = h("form", { "aria-label": "Move this meeting", novalidate: true }, alert,
    ...planFields(errors, x.time_zone || browserZone()), button);
  form.elements.minutes.value = String(x.minutes);
  form.elements.place.value = x.place ?? "";
  submitForm(form, {
    button, busy: "Sending the update…", alert, errors,
    check: () => (readStart(form) ? null : "Choose a date and a time."),
    send: () => editMeeting(matchId, x.id, {
      version: x.version, start: readStart(form), time_zone: form.elements.time_zone.value,
      minutes: Number.parseInt(form.elements.minutes.value, 10) || 0, place: form.elements.place.value.trim(),
    }),
    done: () => reload("plan-heading", "Meeting moved: everyone gets the update."),
    failed: (err) => {
      if (err.status === 409 && err.field === "version") showConflict(alert, "meeting", reload, "plan-heading");
      else showAlert(alert, err.message);
    },
  });
  return form;
}

function plannedItem(matchId, m, x, reload) {
  const mine = x.author === m.me.id && m.status === "open";
  const alert = formAlert();
  const cancel = h("button", { type: "button", class: "secondary small", text: "Cancel meeting" });
  cancel.addEventListener("click", () => busyAction({
    button: cancel, busy: "Cancelling…", alert,
    send: () => cancelMeeting(matchId, x.id),
    done: () => reload("plan-heading", "Meeting cancelled: it leaves everyone's calendar."),
    failed: (err) => showAlert(alert, err.message),
  }));
  return h("li", {},
    h("strong", { text: formatDateTime(x.start) }), ` your time, ${x.minutes} minutes`,
    x.place ? `, ${x.place}` : "",
    mine ? null : h("span", { class: "hint", text: " (planned by your partner)" }),
    alert, mine ? h("div", { class: "row-actions" },
      lazyDetails({ class: "add-form edit-form" }, "Move", () => moveForm(matchId, x, reload)), cancel) : null);
}

/** The section: meetings still to come and the form to plan one. */
export function planSection(matchId, m, reload) {
  const names = m.partners.map((p) => p.name).join(", ");
  const planned = m.planned ?? [];
  return h("section", { "aria-labelledby": "plan-heading" },
    h("h3", { id: "plan-heading", tabindex: "-1", text: "Planned meetings" }),
    planned.length
      ? h("ul", { class: "timeline" }, ...planned.map((x) => plannedItem(matchId, m, x, reload)))
      : h("p", { text: `Nothing planned yet. Plan a meeting and ${names} gets a calendar invitation.` }),
    m.status === "open"
      ? lazyDetails({ class: "add-form", open: planned.length === 0 && m.meetings.length === 0 },
        "Plan a meeting", () => planForm(matchId, names, reload))
      : null);
}
