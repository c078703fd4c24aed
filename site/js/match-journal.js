/**
 * A match's journal on "My mentoring": its meetings, feedback between the
 * partners and the check-in when one is due.
 */
import { addCheckIn, addFeedback, addMeeting, checkInCalendarUrl } from "./api.js";
import { h } from "./dom.js";
import { field } from "./forms.js";
import { apiForm, checkField } from "./api-form.js";
import { lazyDetails, meetingEdit, meetingValues } from "./journal-edit.js";
import { formatDate, today } from "./format.js";

/** A meeting's topics as one line (the API takes them as a list or as text). */
const topicsOf = (x) => (Array.isArray(x.topics) ? x.topics.join(", ") : x.topics);

export function meetingsSection(matchId, m, reload) {
  const timeline = h("ol", { class: "timeline" }, ...m.meetings.map((x) => h("li", {},
    h("strong", { text: `${formatDate(x.date)}: ` }), `${x.minutes} minutes`,
    topicsOf(x) ? ` on ${topicsOf(x)}` : "",
    x.notes ? h("p", { class: "hint", text: `${x.shared ? "Shared" : "Private"} notes: ${x.notes}` }) : null,
    m.status === "open" && x.author === m.me.id ? meetingEdit(matchId, x, reload) : null)));
  const form = () => apiForm({
    label: "Log a meeting",
    submit: "Log meeting",
    busy: "Saving…",
    fields: (errors) => [
      field(errors, "date", "Date", h("input", { type: "date", name: "date", value: today(), required: true })),
      field(errors, "minutes", "Length in minutes",
        h("input", { type: "number", name: "minutes", min: "1", max: "1440", value: "60", required: true })),
      field(errors, "topics", "Topics", h("input", { type: "text", name: "topics", maxlength: "500" }),
        "Separate topics with commas."),
      field(errors, "notes", "Notes", h("textarea", { name: "notes", rows: "3", maxlength: "5000" })),
      checkField("shared", "shared", "Share these notes with my partner (otherwise only I see them)"),
    ],
    send: (f) => addMeeting(matchId, meetingValues(f)),
    done: () => reload(null, "Meeting logged."),
  });
  const count = m.meeting_count === 1 ? "1 meeting" : `${m.meeting_count} meetings`;
  return h("section", { "aria-labelledby": "meetings-heading" },
    h("h3", { id: "meetings-heading", tabindex: "-1", text: "Meetings" }),
    h("p", { id: "meeting-count", text: `${count}, ${m.meeting_minutes} minutes in all.` }),
    m.meetings.length ? timeline : null,
    m.status === "open" ? lazyDetails({ class: "add-form" }, "Log a meeting", form) : null);
}

export function ratingSelect(name) {
  return h("select", { name, required: true },
    h("option", { value: "", text: "Choose…" }),
    ...[5, 4, 3, 2, 1].map((n) => h("option", { value: String(n), text: `${n} of 5` })));
}

export function feedbackSection(matchId, m, reload) {
  const given = m.feedback.given.map((f) => h("li", { text: `You gave ${f.rating} of 5${f.text ? `: ${f.text}` : ""}` }));
  const received = m.feedback.received.map((f) => h("li", { text: `You received ${f.rating} of 5${f.text ? `: ${f.text}` : ""}` }));
  const form = () => apiForm({
    label: "Give feedback",
    submit: "Send feedback",
    busy: "Sending…",
    fields: (errors) => [
      field(errors, "rating", "Rating", ratingSelect("rating")),
      field(errors, "text", "Your feedback", h("textarea", { name: "text", rows: "3", maxlength: "2000" }),
        `${m.partners.map((p) => `${p.name} (your ${p.role})`).join(", ")} ${m.partners.length === 1 ? "reads" : "read"} it, with your name. Your program manager sees only ratings, counted across the cohort.`),
    ],
    send: (f) => addFeedback(matchId, {
      rating: Number.parseInt(f.elements.rating.value, 10) || 0,
      text: f.elements.text.value.trim(),
    }),
    done: () => reload(null, "Feedback sent."),
  });
  return h("section", { "aria-labelledby": "feedback-heading" },
    h("h3", { id: "feedback-heading", tabindex: "-1", text: "Feedback" }),
    given.length || received.length ? h("ul", {}, ...given, ...received) : h("p", { text: "No feedback yet." }),
    lazyDetails({ class: "add-form" }, "Give feedback", form));
}

export function checkInSection(matchId, m, reload) {
  if (!m.check_in?.due) {
    return m.check_in?.next_due && m.status === "open"
      ? h("p", { class: "hint" }, `Your next check-in is due on ${formatDate(m.check_in.next_due)}. `,
        h("a", { href: checkInCalendarUrl(matchId), download: "tandem-check-in.ics", text: "Add it to my calendar" }))
      : null;
  }
  const form = apiForm({
    label: "Check in",
    submit: "Send check-in",
    busy: "Sending…",
    fields: (errors) => [
      field(errors, "satisfaction", "How is it going?", ratingSelect("satisfaction")),
      checkField("meeting", "met", "We have been meeting"),
      field(errors, "flag", "Anything your program manager should know?",
        h("textarea", { name: "flag", rows: "2", maxlength: "1000" })),
    ],
    send: (f) => addCheckIn(matchId, {
      satisfaction: Number.parseInt(f.elements.satisfaction.value, 10) || 0,
      meeting: f.elements.meeting.checked,
      flag: f.elements.flag.value.trim(),
    }),
    done: () => reload(null, "Check-in sent. Thank you."),
  });
  return h("section", { "aria-labelledby": "check-in-heading" },
    h("h3", { id: "check-in-heading", tabindex: "-1", text: "Your check-in is due" }), form);
}
