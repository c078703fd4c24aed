/**
 * Choice mode on "My mentoring": for each enrolment in a published
 * choice-mode cohort, a mentee sees her suggested mentors (score, why, seats)
 * and asks one; a mentor sees the requests made to her, accepts or declines
 * them, and can pause new requests for a while.
 *
 * Mounted by my-mentoring.js for the enrolments /api/me marks `choice`; a
 * cohort that left choice mode meanwhile answers 404 and shows nothing.
 */
import { getChoice, requestMentor, cancelRequest, decideRequest, setPause } from "./api.js";
import { h, replace, announce, focusElement, nextId } from "./dom.js";
import { FieldErrors, busyAction, field, formAlert, hideAlert, submitForm } from "./forms.js";
import { profileParts } from "./partner-profile.js";
import { formatDate, today } from "./format.js";

const STATUS = {
  requested: "waiting for an answer",
  accepted: "accepted: you are matched (see My matches)",
  declined: "declined: please choose another mentor",
  cancelled: "taken back: you can ask any of your suggestions",
};

/** How the two fit, said plainly: what they share apart from how they differ. */
const FIT = [["common", "In common"], ["different", "Different"], ["unknown", "Not given"]];

function fitList(fit) {
  const rows = FIT.filter(([key]) => fit?.[key]?.length).map(([key, label]) =>
    h("li", { class: `fit-${key}` }, h("strong", { text: `${label}: ` }), fit[key].join("; ")));
  return rows.length ? h("ul", { class: "reasons" }, ...rows) : null;
}

/** Run `send`, then `after`; errors go to `alert` (or beside a field in `errors`). */
function act(button, busy, alert, errors, send, after) {
  hideAlert(alert);
  errors.clear();
  return busyAction({ button, busy, alert, errors, send, done: after });
}

// -- a mentee: suggestions and her request -----------------------------------

function menteeView(box, view, reload) {
  const alert = formAlert();
  const errors = new FieldErrors();
  const { request, suggestions } = view;
  const open = request && ["requested", "accepted"].includes(request.status);
  const status = h("p", { class: "choice-status", tabindex: "-1" },
    request
      ? `Your request to ${request.mentor.name}: ${STATUS[request.status] ?? request.status}.`
      : suggestions.length
        ? "You have not asked a mentor yet: choose one of your suggestions below."
        : "You have not asked a mentor yet.");
  let takeBack = null;
  if (request?.status === "requested" && view.open) {
    takeBack = h("button", { type: "button", class: "secondary",
      text: `Take back my request to ${request.mentor.name}` });
    takeBack.addEventListener("click", () => act(takeBack, "Taking it back…", alert, errors,
      () => cancelRequest(view.cohort.id),
      async () => {
        announce(`You took back your request to ${request.mentor.name}. You can ask another mentor.`);
        await reload({ focus: true });
      }));
  }
  const cards = suggestions.map((s) => {
    const full = s.seats_left < 1;
    const blocked = open || full || Boolean(s.paused_until) || !view.open;
    const button = h("button", {
      type: "button", disabled: blocked, text: `Ask ${s.mentor.name}`,
    });
    button.addEventListener("click", () => act(button, "Sending…", alert, errors,
      () => requestMentor(view.cohort.id, s.mentor.id),
      async () => {
        announce(`Your request was sent to ${s.mentor.name}.`);
        await reload({ focus: true });
      }));
    return h("li", { class: "card" },
      h("h3", { text: s.mentor.name }),
      ...profileParts(s.mentor),
      h("p", { text: `Score ${s.score} of 100. ${full ? "No seat left." : `Seats left: ${s.seats_left}.`}` }),
      s.paused_until ? h("p", { class: "hint", text: `Not taking new mentees until ${formatDate(s.paused_until)}.` }) : null,
      h("p", { class: "hint", text: "How you fit:" }),
      fitList(s.fit),
      request?.status === "accepted" ? null : button);
  });
  const list = cards.length
    ? h("ul", { class: "cards", "aria-label": "Suggested mentors" }, ...cards)
    : h("p", { text: "None of your suggested mentors has a free seat now. You choose your "
        + "mentor here once one has; your program manager can add mentors or seats." });
  // Matched: the other suggestions fold away (still there to look back at).
  const shown = request?.status === "accepted" && cards.length
    ? h("details", { class: "folded" },
      h("summary", { text: `Your other suggestions (${cards.length})` }), list)
    : list;
  replace(box, status, takeBack && h("p", {}, takeBack), alert, shown);
  return status;
}

// -- a mentor: requests, seats, pause ------------------------------------------

function pauseForm(view, reload) {
  const errors = new FieldErrors();
  const alert = formAlert();
  if (view.paused_until) {
    const resume = h("button", { type: "button", class: "secondary", text: "Take new requests again" });
    resume.addEventListener("click", () => act(resume, "Saving…", alert, errors,
      () => setPause(view.cohort.id, null),
      async () => { announce("You take new requests again."); await reload({ focus: true }); }));
    return h("div", { class: "pause" }, alert,
      h("p", { text: `You take no new requests until ${formatDate(view.paused_until)}.` }), resume);
  }
  const input = h("input", { type: "date", id: nextId("pause-until"), min: today(), required: true });
  const button = h("button", { type: "submit", class: "secondary", text: "Pause new requests" });
  const form = h("form", { "aria-label": "Pause new requests", novalidate: true }, alert,
    field(errors, "until", "Take no new requests until", input), button);
  return submitForm(form, {
    button, busy: "Saving…", alert, errors,
    send: () => setPause(view.cohort.id, input.value || null),
    done: async (saved) => {
      announce(`You take no new requests until ${formatDate(saved.paused_until)}.`);
      await reload({ focus: true });
    },
  });
}

function mentorView(box, view, reload, onMatch) {
  const alert = formAlert();
  const errors = new FieldErrors();
  const status = h("p", { class: "choice-status", tabindex: "-1",
    text: `Seats taken: ${view.taken} of ${view.capacity}.` });
  const rows = view.requests.map((r) => {
    const pending = r.status === "requested";
    const buttons = pending ? ["accept", "decline"].map((decision) => {
      const b = h("button", { type: "button", class: decision === "decline" ? "secondary" : null,
        text: `${decision === "accept" ? "Accept" : "Decline"} ${r.mentee.name}` });
      b.addEventListener("click", () => act(b, "Saving…", alert, errors,
        () => decideRequest(view.cohort.id, r.mentee.id, decision),
        async () => {
          announce(`You ${decision === "accept" ? "accepted" : "declined"} ${r.mentee.name}.`);
          if (decision === "accept") await onMatch();
          else await reload({ focus: true });
        }));
      return b;
    }) : [];
    return h("li", { class: "card" },
      h("h3", { text: r.mentee.name }),
      ...profileParts(r.mentee),
      h("p", { text: `Score ${r.score} of 100. ${pending ? "Asked you" : `Request ${r.status}`} on ${formatDate(r.at)}.` }),
      h("p", { class: "hint", text: "How you fit:" }),
      fitList(r.fit),
      ...buttons);
  });
  replace(box, status, alert,
    rows.length
      ? h("ul", { class: "cards", "aria-label": "Requests to you" }, ...rows)
      : h("p", { text: "No requests yet. Mentees choose their mentors; we will e-mail you when one asks you." }),
    view.open ? pauseForm(view, reload) : null);
  return status;
}

// -- mounting -----------------------------------------------------------------

async function section(cohortId, onMatch) {
  let view;
  try {
    view = await getChoice(cohortId);
  } catch (err) {
    if (err.status === 404) return null;
    return h("section", { class: "choice" }, h("p", { role: "alert", text: err.message }));
  }
  const headingId = nextId("choice-heading");
  const body = h("div", {});
  const title = view.role === "mentee" ? "Choose your mentor" : "Mentees asking you";
  const el = h("section", { class: "choice", "aria-labelledby": headingId },
    h("h2", { id: headingId, text: `${title}: ${view.program?.name ?? "Program"}, ${view.cohort.name}` }),
    body);
  const show = (v) => (v.role === "mentee" ? menteeView(body, v, reload) : mentorView(body, v, reload, onMatch));
  async function reload({ focus = false } = {}) {
    const status = show(await getChoice(cohortId));
    if (focus) focusElement(status);
  }
  show(view);
  return el;
}

/**
 * Fill `root` with a section per choice-mode enrolment (nothing for the
 * others); `onMatch` is called after a mentor accepts (a match appeared).
 */
export async function mountChoices(root, enrolments, onMatch) {
  // Only enrolments the server marks as choice mode have a choice page: no 404s to ask for.
  const active = (enrolments ?? []).filter((e) => e.status === "active" && e.choice);
  const sections = await Promise.all(active.map((e) => section(e.cohort, onMatch)));
  replace(root, ...sections.filter(Boolean));
}
