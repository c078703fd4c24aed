/**
 * "My mentoring" (me.html): a participant signs in with an e-mailed link and
 * works on her matches: goals with milestones, meetings, feedback, check-ins,
 * closing a match, and her own data (download, delete).
 *
 * The link carries a one-time token in the fragment (`#t=…`), which browsers
 * never send to a server: the page takes it out of the address bar at once
 * and trades it for a session cookie (`POST /api/sign-in/token`).
 */
import {
  SESSION_ENDED, requestSignInLink, signInWithToken, participantSignOut, getMe, getMatch, addGoal,
  addMilestone, setMilestone, addMeeting, addFeedback, addCheckIn, closeMatch, myDataUrl,
  eraseMe, getSelfAssessment, ssoJustSignedIn, ssoLoginUrl, ssoStatus,
} from "./api.js";
import { h, replace, announce, focusElement } from "./dom.js";
import { FieldErrors, busyAction, field, formAlert, showAlert, submitForm } from "./forms.js";
import { goalEdit, goalHistory, lazyDetails, meetingEdit, meetingValues, requestText } from "./journal-edit.js";
import { goalComments, priorityControls } from "./goal-talk.js";
import { closureRatings, mountGrowth } from "./self-assessment.js";
import { mountChoices } from "./choice-view.js";
import { mountRankings } from "./ranking-view.js";
import { profileParts } from "./partner-profile.js";
import { formatDate, today } from "./format.js";
import { celebrationSection, nextStepsSection } from "./next-steps.js";
import { planSection } from "./meeting-plan.js";
import { checkInCalendarUrl } from "./api.js";
import { resourcesSection } from "./my-resources.js";
import { trainingSection } from "./my-training.js";

// A flag (no secret) that this browser has signed in, so a first visit shows
// the sign-in form without a 401 in the console.
const FLAG = "tandem-participant";
const flag = {
  get: () => { try { return localStorage.getItem(FLAG) === "1"; } catch { return false; } },
  set: (on) => {
    try { if (on) localStorage.setItem(FLAG, "1"); else localStorage.removeItem(FLAG); } catch { /* private mode */ }
  },
};

export function tokenFrom(hash) {
  return new URLSearchParams(String(hash).replace(/^#/, "")).get("t");
}

let uid = 0;
let refreshGrowth = null;
const nextId = (base) => `${base}-${++uid}`;

/**
 * A form that sends `body()` with `send`, shows the API's errors beside their
 * fields or in its alert, and calls `done` on success.
 */
function apiForm({ label, submit, busy, fields, send, done }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const button = h("button", { type: "submit", text: submit });
  const form = h("form", { "aria-label": label, novalidate: true }, alert, ...fields(errors), button);
  return submitForm(form, {
    button, busy, alert, errors, send: () => send(form), done: (result) => done(result, form),
  });
}


/** Who makes the next move: in choice mode a mentee chooses (and a mentor
 * answers); otherwise the program publishes matches and e-mails them. */
function noMatchYet(enrolments) {
  const choosing = (enrolments ?? []).filter((e) => e.status === "active" && e.choice);
  if (choosing.some((e) => e.role === "mentee")) return "You have no match yet: you choose your mentor above.";
  if (choosing.length) return "You have no match yet: mentees choose their mentors, and we will e-mail you when one asks you.";
  return "You have no published match yet. We will e-mail you when you do.";
}

// -- signed out ---------------------------------------------------------------

function signedOut(root, message) {
  const heading = h("h1", { tabindex: "-1", text: "My mentoring" });
  const alert = formAlert();
  const sent = h("p", { class: "hint", id: "link-status" });
  const form = apiForm({
    label: "E-mail me a sign-in link",
    submit: "E-mail me a sign-in link",
    busy: "Sending…",
    fields: (errors) => [field(errors, "email", "Your e-mail address",
      h("input", { type: "email", name: "email", autocomplete: "email", required: true }),
      "The address you enrolled with.")],
    send: (f) => requestSignInLink(f.elements.email.value.trim()),
    done: () => {
      const text = "If this address is enrolled, a link is on its way. Open it in this browser.";
      sent.textContent = text;
      announce(text);
    },
  });
  const intro = h("p", { text: "Sign in with a link we e-mail you: no password needed." });
  replace(root, heading, intro, alert, form, sent);
  if (message) showAlert(alert, message);
  // With single sign-on on, the organisation's button comes first.
  ssoStatus().then((sso) => {
    if (!sso.enabled || !intro.isConnected) return;
    intro.before(h("p", { class: "actions" }, h("a", {
      class: "button", id: "sso-participant", href: ssoLoginUrl("participant"), text: `Sign in with ${sso.name}`,
    })));
    intro.textContent = "Or sign in with a link we e-mail you: no password needed.";
  }).catch(() => { /* the e-mailed link still works */ });
  return heading;
}

// -- signed in: my matches ----------------------------------------------------

function reasons(why) {
  const items = why.flatMap((w) => w.reasons ?? []);
  if (!items.length) return null;
  return h("ul", { class: "reasons" }, ...items.map((r) =>
    h("li", {}, h("strong", { text: `${r.criterion}: ` }), r.detail ?? "")));
}

function partnerCard(p) {
  return h("div", { class: "partner" },
    h("h3", { text: `${p.name}, ${p.role}` }),
    ...profileParts(p),
    p.email ? h("p", {}, "Contact: ", h("a", { href: `mailto:${p.email}`, text: p.email })) : null,
    p.why?.length ? h("p", { class: "hint", text: "Why we matched you:" }) : null,
    reasons(p.why ?? []));
}

function matchSummary(m, open) {
  const names = m.partners.map((p) => p.name).join(", ");
  return h("li", { class: "card" },
    h("h2", { text: `${m.program?.name ?? "Program"}: ${m.cohort?.name ?? ""}` }),
    h("p", { text: `You are the ${m.my_role}.` }),
    ...m.partners.map(partnerCard),
    h("button", { type: "button", class: "secondary", onclick: () => open(m.id),
      text: `Open our match with ${names}` }));
}

// -- one match ----------------------------------------------------------------

function goalBlock(matchId, g, reload, m) {
  const progressId = nextId("progress");
  const { done, total, percent } = g.progress;
  const list = h("ul", { class: "milestones" }, ...g.milestones.map((ms) => {
    const box = h("input", { type: "checkbox", id: `ms-${g.id}-${ms.id}`, checked: Boolean(ms.done) });
    box.addEventListener("change", async () => {
      box.disabled = true;
      try {
        await setMilestone(matchId, g.id, ms.id, box.checked, ms.version);
        await reload(`ms-${g.id}-${ms.id}`, box.checked ? `Done: ${ms.title}.` : `Not done: ${ms.title}.`);
      } catch (err) {
        box.disabled = false;
        box.checked = !box.checked;
        announce(err.message);
        showAlert(alert, err.message);
      }
    });
    return h("li", {}, box, " ", h("label", { for: box.id, text: ms.title }));
  }));
  const alert = formAlert();
  const addMs = apiForm({
    label: `Add a milestone to ${g.title}`,
    submit: "Add milestone",
    busy: "Adding…",
    fields: (errors) => [field(errors, "title", `New milestone for “${g.title}”`,
      h("input", { type: "text", name: "title", maxlength: "200", required: true }))],
    send: (f) => addMilestone(matchId, g.id, f.elements.title.value.trim()),
    done: () => reload(null, `Milestone added to ${g.title}.`),
  });
  return h("li", { class: "card goal" },
    h("h4", { id: `goal-${g.id}`, tabindex: "-1", text: g.title }),
    priorityControls(matchId, g, m, reload),
    g.success ? h("p", { text: `Success looks like: ${g.success}` }) : null,
    h("p", { class: "hint", text: `Target date: ${formatDate(g.target_date)}` }),
    h("label", { for: progressId, text: `Progress: ${done} of ${total} milestones (${percent} %)` }),
    " ",
    h("progress", { id: progressId, max: "100", value: String(percent), text: `${percent} %` }),
    alert,
    g.milestones.length ? list : h("p", { text: "No milestones yet." }),
    addMs,
    goalComments(matchId, g, m, reload),
    m.status === "open" ? goalEdit(matchId, g, reload) : null,
    goalHistory(g, Object.fromEntries([[m.me.id, "you"], ...m.partners.map((p) => [p.id, p.name])])));
}

function goalsSection(matchId, m, reload) {
  const form = () => apiForm({
    label: "Add a goal",
    submit: "Add goal",
    busy: "Adding…",
    fields: (errors) => [
      field(errors, "title", "Goal", h("input", { type: "text", name: "title", maxlength: "200", required: true })),
      field(errors, "success", "What success looks like",
        h("textarea", { name: "success", rows: "2", maxlength: "2000" })),
      field(errors, "target_date", "Target date",
        h("input", { type: "date", name: "target_date", min: today(), required: true })),
    ],
    send: (f) => addGoal(matchId, {
      title: f.elements.title.value.trim(),
      success: f.elements.success.value.trim(),
      target_date: f.elements.target_date.value,
    }),
    done: () => reload(null, "Goal added."),
  });
  return h("section", { "aria-labelledby": "goals-heading" },
    h("h3", { id: "goals-heading", tabindex: "-1", text: `Goals (${m.goals.length})` }),
    m.goals.length ? h("ul", { class: "cards" }, ...m.goals.map((g) => goalBlock(matchId, g, reload, m)))
      : h("p", { text: "No goals yet: set your first one together." }),
    m.status === "open" ? lazyDetails({ class: "add-form" }, "Add a goal", form) : null);
}

function meetingsSection(matchId, m, reload) {
  const timeline = h("ol", { class: "timeline" }, ...m.meetings.map((x) => h("li", {},
    h("strong", { text: `${formatDate(x.date)}: ` }), `${x.minutes} minutes`,
    (Array.isArray(x.topics) ? x.topics.join(", ") : x.topics) ? ` on ${Array.isArray(x.topics) ? x.topics.join(", ") : x.topics}` : "",
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
      h("div", { class: "field" }, h("input", { type: "checkbox", name: "shared", id: nextId("shared") }), " ",
        h("label", { for: `shared-${uid}`, text: "Share these notes with my partner (otherwise only I see them)" })),
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

function ratingSelect(name) {
  return h("select", { name, required: true },
    h("option", { value: "", text: "Choose…" }),
    ...[5, 4, 3, 2, 1].map((n) => h("option", { value: String(n), text: `${n} of 5` })));
}

function feedbackSection(matchId, m, reload) {
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

function checkInSection(matchId, m, reload) {
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
      h("div", { class: "field" }, h("input", { type: "checkbox", name: "meeting", id: nextId("met") }), " ",
        h("label", { for: `met-${uid}`, text: "We have been meeting" })),
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

function closureSection(matchId, m, reload, assessment) {
  if (m.status === "closed") {
    const c = m.closure;
    return h("section", { "aria-labelledby": "closure-heading" },
      h("h3", { id: "closure-heading", tabindex: "-1", text: "This match is closed" }),
      h("p", { text: `Closed on ${formatDate(c.closed_at)}${c.reason ? `: ${c.reason}` : "."}` }),
      requestText(m.request).map((text) => h("p", { class: "request-status", text })),
      h("p", {}, h("a", { href: `/api/matches/${encodeURIComponent(matchId)}/certificate`, target: "_blank",
        rel: "noopener", text: "Your certificate of completion" }), " (a page to print or save as a PDF)."));
  }
  let after = null;
  const form = () => apiForm({
    label: "Close this match",
    submit: "Close this match",
    busy: "Closing…",
    fields: (errors) => [
      field(errors, "reason", "Why are you closing it?", h("textarea", { name: "reason", rows: "2", maxlength: "500", required: true })),
      field(errors, "survey.satisfaction", "How satisfied are you with the match?", ratingSelect("satisfaction")),
      field(errors, "survey.goals_met", "Did you meet your goals?", h("select", { name: "goals_met" },
        h("option", { value: "", text: "Rather not say" }),
        h("option", { value: "yes", text: "Yes" }), h("option", { value: "partly", text: "Partly" }),
        h("option", { value: "no", text: "No" }))),
      field(errors, "survey.comment", "Anything else?", h("textarea", { name: "comment", rows: "2", maxlength: "2000" })),
      h("div", { class: "field" }, h("input", { type: "checkbox", name: "rematch", id: nextId("rematch") }), " ",
        h("label", { for: `rematch-${uid}`, text: "Ask for a new partner" })),
      (after = closureRatings(assessment, errors))?.element,
    ],
    send: (f) => {
      const survey = {
        satisfaction: Number.parseInt(f.elements.satisfaction.value, 10) || 0,
        comment: f.elements.comment.value.trim(),
      };
      if (f.elements.goals_met.value) survey.goals_met = f.elements.goals_met.value;
      return closeMatch(matchId, { reason: f.elements.reason.value.trim(), survey, rematch: f.elements.rematch.checked })
        // Closed either way; unsaved ratings are offered again under "My growth".
        .then(() => after?.send()?.catch((err) => announce(`Your ratings were not saved: ${err.message}`)));
    },
    done: async () => {
      await reload("closure-heading", "The match is closed.");
      await refreshGrowth?.();
    },
  });
  return h("section", { "aria-labelledby": "closure-heading" },
    h("h3", { id: "closure-heading", tabindex: "-1", text: "Closing the match" }),
    lazyDetails({ class: "add-form" }, "Close this match…", form));
}

/** Draw one match in `box`; every write reloads it from the API. */
async function showMatch(box, matchId, { focus = true } = {}) {
  const reload = async (focusId, message) => {
    await showMatch(box, matchId, { focus: false });
    const target = (focusId && document.getElementById(focusId)) || box.querySelector("h2");
    if (target) focusElement(target);
    if (message) announce(message);
  };
  let m;
  let mine;
  let me;
  try {
    // The self-assessment only feeds the closure form's "after" ratings, and
    // her resources the next steps: without them the match still shows.
    [m, mine, me] = await Promise.all([getMatch(matchId), getSelfAssessment().catch(() => null),
      getMe().catch(() => null)]);
  } catch (err) {
    replace(box, h("p", { class: "error", text: err.message }));
    announce(err.message);
    return;
  }
  const names = m.partners.map((p) => p.name).join(", ");
  const heading = h("h2", { id: "match-heading", tabindex: "-1", text: `Our match: ${names}` });
  replace(box, heading,
    h("p", { text: m.status === "closed" ? "Status: closed." : "Status: open." }),
    celebrationSection(m, Object.fromEntries([[m.me.id, "you"], ...m.partners.map((p) => [p.id, p.name])])),
    nextStepsSection(m, me?.matches?.find((x) => x.id === matchId)?.resources ?? []),
    goalsSection(matchId, m, reload),
    planSection(matchId, m, reload),
    meetingsSection(matchId, m, reload),
    resourcesSection(me?.matches?.find((x) => x.id === matchId), reload),
    feedbackSection(matchId, m, reload),
    checkInSection(matchId, m, reload),
    closureSection(matchId, m, reload, mine?.assessments?.find((a) => a.cohort.id === m.cohort?.id)));
  if (focus) {
    focusElement(heading);
    announce(`Your match with ${names} is shown.`);
  }
}

// -- my data ------------------------------------------------------------------

function privacySection(root) {
  const alert = formAlert();
  const confirmBox = h("div", { class: "card", hidden: true });
  const ask = h("button", { type: "button", class: "secondary", text: "Delete me…" });
  const yes = h("button", { type: "button", text: "Yes, delete everything about me" });
  const no = h("button", { type: "button", class: "secondary", text: "Cancel" });
  append(confirmBox, yes, no);
  ask.addEventListener("click", () => { confirmBox.hidden = false; ask.hidden = true; no.focus(); });
  no.addEventListener("click", () => { confirmBox.hidden = true; ask.hidden = false; ask.focus(); });
  leaveOn(yes, "Deleting…", eraseMe, "Your data is deleted and you are signed out.", root, alert);
  confirmBox.prepend(h("p", { text: "This deletes your enrolments and your part of every match, for good. Your partners keep what they wrote." }));
  return h("section", { "aria-labelledby": "data-heading" },
    h("h2", { id: "data-heading", text: "My data" }),
    alert,
    h("p", {}, h("a", { href: myDataUrl(), download: "tandem-my-data.json", text: "Download my data" }),
      " (a JSON file of everything we hold about you)."),
    ask, confirmBox);
}

function append(el, ...nodes) { el.append(...nodes); return el; }

/** A button that ends the session (signing out, erasing her data): on
 * success the page shows the signed-out view; on failure she stays, told why. */
function leaveOn(button, busyText, call, said, root, alert) {
  button.addEventListener("click", () => busyAction({
    button, busy: busyText, alert, send: call,
    done: () => {
      flag.set(false);
      focusElement(signedOut(root));
      announce(said);
    },
    failed: (err) => showAlert(alert, err.message),
  }));
}

async function signedIn(root) {
  const me = await getMe();
  flag.set(true);
  const heading = h("h1", { tabindex: "-1", text: "My mentoring" });
  const detail = h("div", { id: "match-detail" });
  const growth = h("div", { id: "growth" });
  const choices = h("div", { id: "choices" });
  const rankings = h("div", { id: "rankings" });
  const out = h("button", { type: "button", class: "secondary", text: "Sign out" });
  const alert = formAlert();
  leaveOn(out, "Signing out…", participantSignOut, "You are signed out.", root, alert);
  const open = (id) => showMatch(detail, id);
  const privacy = privacySection(root);
  // With one match, what follows it shows once it is drawn: it would jump
  // down the page when the match arrives.
  const single = me.matches.length === 1;
  growth.hidden = single;
  privacy.hidden = single;
  replace(root, heading,
    h("p", {}, `Signed in as ${me.name ? `${me.name} (${me.email})` : me.email}. `, out),
    alert,
    trainingSection(me.training),
    choices,
    rankings,
    me.matches.length
      ? h("ul", { class: "cards", "aria-label": "My matches" }, ...me.matches.map((m) => matchSummary(m, open)))
      : h("p", { text: noMatchYet(me.enrolments) }),
    detail,
    growth,
    privacy);
  refreshGrowth = mountGrowth(growth);
  // Choice mode: after an acceptance the page is drawn again with the new match.
  // Loaded beside the match, not before it, so the match shows as soon as before.
  const choicesShown = mountChoices(choices, me.enrolments, async () => focusElement(await signedIn(root)));
  const rankingsShown = mountRankings(rankings);
  if (single) {
    await showMatch(detail, me.matches[0].id, { focus: false });
    growth.hidden = false;
    privacy.hidden = false;
  }
  await choicesShown;
  await rankingsShown;
  return heading;
}

export function mountMyMentoring(root) {
  // A 401 from api.js: the session is over, so a reload shows the sign-in
  // form at once. The form that met it still shows the API's message.
  window.addEventListener(SESSION_ENDED, () => flag.set(false));
  // A link opened in a tab already showing this page changes only the fragment.
  window.addEventListener("hashchange", () => {
    if (tokenFrom(window.location.hash)) start(root);
  });
  return start(root);
}

async function start(root) {
  const token = tokenFrom(window.location.hash);
  // Keep the token out of the address bar, history and any copy of the URL.
  if (token) history.replaceState(null, "", window.location.pathname);
  // Back from single sign-on with a session.
  if (ssoJustSignedIn()) flag.set(true);
  let heading;
  try {
    if (token) {
      try {
        await signInWithToken(token);
      } catch (err) {
        focusElement(signedOut(root, err.message));
        return;
      }
    }
    if (!token && !flag.get()) {
      signedOut(root);
      return;
    }
    heading = await signedIn(root);
    announce("You are signed in.");
  } catch (err) {
    if (err.status === 401) flag.set(false);
    heading = signedOut(root, err.status === 401 ? null : err.message);
  }
  if (token) focusElement(heading);
}
