/**
 * The page a single sign-on that failed lands on (`/sign-in-problem.html?problem=…&who=…`):
 * what happened in plain words and what to do next. Only the fixed problem
 * names below are read from the address; nothing from it is shown as text.
 */
import { ssoLoginUrl, ssoStatus } from "./api.js";
import { focusElement, h, replace } from "./dom.js";

const startAgain = "Start again: it usually works the second time.";
/** problem -> [what happened, what to do next]; `{org}` is the organisation's name. */
const PROBLEMS = {
  setup: ["Single sign-on is not set up on this portal.",
    "Ask the person who runs Tandem here to finish setting it up."],
  state: ["This sign-in could not be matched to this browser. It was started in another browser or tab, took longer than 10 minutes, or was opened twice.",
    startAgain],
  denied: ["The sign-in at {org} was cancelled or refused.",
    "Start again. If {org} keeps refusing, ask your IT help desk whether your account may use Tandem."],
  code: ["The answer from {org} had been used already or had expired, so it could not sign you in.",
    startAgain],
  signature: ["The answer from {org} did not carry a valid signature, so Tandem did not trust it.",
    "Start again. If it happens again, tell the person who runs Tandem here: the single sign-on set-up needs a look."],
  audience: ["The answer from {org} was meant for another application, not this Tandem portal.",
    "Tell the person who runs Tandem here: the client ID in its settings does not match the one registered at {org}."],
  expired: ["The answer from {org} had expired before it reached Tandem.",
    "Start again. If it keeps happening, check that this computer's clock is right."],
  token: ["The answer from {org} was not valid for this sign-in.",
    startAgain],
  unverified: ["Your account at {org} has no verified e-mail address, and Tandem needs one to know who you are.",
    "Ask your IT help desk to verify your e-mail address."],
  no_email: ["Your account at {org} gave Tandem no e-mail address.",
    "Ask your IT help desk to add your e-mail address to your account, or to let Tandem see it."],
  provider: ["The sign-in service of {org} did not answer.",
    "Try again in a few minutes."],
  not_admin: ["You are signed in at {org}, but your account is not an admin of this Tandem portal.",
    "Ask an admin to invite your e-mail address. If you take part in a mentoring program, use My mentoring instead."],
  unexpected: ["Something went wrong while signing you in.",
    startAgain],
};

export async function mountSignInProblem(root) {
  const params = new URLSearchParams(window.location.search);
  const problem = Object.hasOwn(PROBLEMS, params.get("problem")) ? params.get("problem") : "unexpected";
  const who = params.get("who") === "admin" ? "admin" : params.get("who") === "participant" ? "participant" : null;
  let sso = { enabled: false, name: "your organisation", password_sign_in: true };
  try {
    sso = await ssoStatus();
  } catch {
    // Shown with the general name; the links below still work.
  }
  const [what, next] = PROBLEMS[problem].map((text) => text.replaceAll("{org}", sso.name));
  const heading = h("h1", { tabindex: "-1", text: "You are not signed in" });
  const actions = h("div", { class: "actions" });
  // Signing in again helps unless the account itself is the problem.
  const again = sso.enabled && who && !["setup", "unverified", "no_email", "not_admin"].includes(problem);
  if (again) {
    actions.append(h("a", { class: "button", href: ssoLoginUrl(who), text: `Sign in with ${sso.name} again` }));
  } else if (sso.enabled && problem === "not_admin") {
    actions.append(h("a", { class: "button", href: ssoLoginUrl("participant"),
      text: `Open My mentoring with ${sso.name}` }));
  }
  if (who !== "participant" && (sso.password_sign_in || !sso.enabled)) {
    actions.append(h("a", { href: "/admin/", text: "Admins: sign in with a password" }));
  }
  if (who !== "admin" || problem === "not_admin") {
    actions.append(h("a", { href: "/me.html", text: "Participants: get a sign-in link by e-mail" }));
  }
  replace(root, heading,
    h("p", { class: "error-text", role: "alert", text: what }),
    h("p", { text: `What to do next: ${next}` }),
    actions);
  focusElement(heading);
}
