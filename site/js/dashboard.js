/**
 * The signed-in admin page: who is signed in, the admin nav, and the view
 * the URL names (see admin-routes.js). Each view is a module with
 * `render(container, ctx)` that fills the container and returns the heading
 * to move focus to.
 */
import { sectionOf, viewOf } from "./admin-routes.js";
import { viewLink } from "./admin-ui.js";
import { ApiError, SESSION_ENDED, adminLogout, sessionEnded } from "./api.js";
import { renderAdmins } from "./admins-view.js";
import { renderAudit } from "./audit-view.js";
import { renderCohort } from "./cohort-view.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { renderFollowUp } from "./followup-view.js";
import { formAlert, hideAlert, setBusy, showAlert } from "./forms.js";
import { loadLifecycle } from "./lifecycle.js";
import { renderHome } from "./program-list.js";
import { renderNewProgram, renderProgram } from "./program-view.js";
import { renderReport } from "./report-view.js";

const TITLE = "Tandem admin";

const VIEWS = {
  home: renderHome,
  "new-program": renderNewProgram,
  program: renderProgram,
  cohort: renderCohort,
  "program-report": renderReport,
  "cohort-report": renderReport,
  "cohort-follow-up": renderFollowUp,
  audit: renderAudit,
  admins: renderAdmins,
};

const SECTIONS = [
  ["programs", {}, "Programs"],
  ["audit", { view: "audit" }, "Audit log"],
  ["admins", { view: "admins" }, "Administrators"],
];

/**
 * Mount on `root` for the admin `email`, showing `route`. Returns
 * `{show(route, focus)}` to change view. `navigate(route)` when a link to
 * another view is followed; `onSignedOut()` after sign-out;
 * `onSessionEnded()` once, on api.js's `session-ended` event (a 401 from
 * the API): the views and forms then show nothing of their own.
 */
export function mountDashboard(root, { email, route, navigate, onSignedOut, onSessionEnded, focus = false }) {
  const alert = formAlert();
  const signOut = h("button", { type: "button", class: "secondary" }, "Sign out");
  const links = SECTIONS.map(([id, target, text]) =>
    viewLink(target, navigate, { "data-section": id }, text));
  const nav = h("nav", { class: "admin-nav", "aria-label": "Admin" }, h("ul", {}, links.map((a) => h("li", {}, a))));
  const view = h("div", { id: "admin-view", class: "admin-view" });
  let current = 0; // answers to superseded views are dropped

  async function show(next, moveFocus = false) {
    const request = ++current;
    const section = sectionOf(next);
    for (const link of links) {
      if (link.dataset.section === section) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    const ctx = {
      route: next,
      navigate,
      stale: () => request !== current,
      setTitle: (text) => {
        if (request === current) document.title = `${text} · ${TITLE}`;
      },
      /** Whether a failed request ended the session (the sign-in form is already shown). */
      sessionEnded,
    };
    replace(view, h("p", {}, "Loading…"));
    // Labels of states and program types; without them raw ids show.
    await loadLifecycle();
    if (ctx.stale()) return;
    const heading = await VIEWS[viewOf(next)](view, ctx);
    if (ctx.stale() || !heading) return;
    if (moveFocus) focusElement(heading);
    else announce(heading.textContent);
  }

  signOut.addEventListener("click", async () => {
    hideAlert(alert);
    setBusy(signOut, true, "Signing out…");
    try {
      await adminLogout();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) {
        setBusy(signOut, false);
        showAlert(alert, `Signing out failed. ${err.message}`);
        return;
      }
    }
    onSignedOut();
  });

  // The session ended (api.js saw a 401): the sign-in form takes the page.
  const ended = (event) => {
    window.removeEventListener(SESSION_ENDED, ended);
    if (!view.isConnected) return;
    event.preventDefault();
    onSessionEnded();
  };
  window.addEventListener(SESSION_ENDED, ended);

  replace(root,
    h("div", { class: "admin-bar" },
      h("p", {}, "Signed in as ", h("strong", { id: "admin-who" }, email)),
      signOut),
    nav,
    alert,
    view);
  show(route, focus);
  return { show };
}
