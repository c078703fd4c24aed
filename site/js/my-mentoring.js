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
  SESSION_ENDED, requestSignInLink, signInWithToken, participantSignOut, getMe, myDataUrl,
  eraseMe, ssoJustSignedIn, ssoLoginUrl, ssoStatus, tokenFrom,
} from "./api.js";
import { h, replace, announce, focusElement } from "./dom.js";
import { busyAction, field, formAlert, showAlert } from "./forms.js";
import { apiForm } from "./api-form.js";
import { mountGrowth } from "./self-assessment.js";
import { mountChoices } from "./choice-view.js";
import { mountRankings } from "./ranking-view.js";
import { matchSummary, showMatch } from "./match-detail.js";
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

// -- my data ------------------------------------------------------------------

function privacySection(root) {
  const alert = formAlert();
  const confirmBox = h("div", { class: "card", hidden: true });
  const ask = h("button", { type: "button", class: "secondary", text: "Delete me…" });
  const yes = h("button", { type: "button", text: "Yes, delete everything about me" });
  const no = h("button", { type: "button", class: "secondary", text: "Cancel" });
  confirmBox.append(yes, no);
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
  let refreshGrowth = null;
  const afterClose = () => refreshGrowth?.();
  const open = (id) => showMatch(detail, id, { afterClose });
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
    await showMatch(detail, me.matches[0].id, { focus: false, afterClose });
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