/**
 * The signed-in admin view: who is signed in, the programs and their cohorts,
 * and the participants of the cohort the URL names.
 */
import { findCohort } from "./admin-routes.js";
import { ApiError, adminLogout, adminParticipants, adminPrograms } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { formAlert, hideAlert, setBusy, showAlert } from "./forms.js";
import { loadLifecycle } from "./lifecycle.js";
import { renderParticipants } from "./participant-list.js";
import { markSelected, renderProgramList } from "./program-list.js";

const TITLE = "Tandem admin";

function loadFailed(err, retry) {
  const again = h("button", { type: "button" }, "Try again");
  again.addEventListener("click", retry);
  return h("div", { class: "error-text" }, h("p", {}, `This could not be loaded. ${err.message}`), again);
}

/**
 * Mount on `root` for the admin `email`, showing `route` ({cohort}). Returns
 * `{show(route, focus)}` to change view. `navigate(route)` when a cohort is
 * chosen; `onSignedOut()` after sign-out; `onSessionEnded()` when the API
 * says the session is no longer valid.
 */
export function mountDashboard(root, { email, route, navigate, onSignedOut, onSessionEnded, focus = false }) {
  const alert = formAlert();
  const signOut = h("button", { type: "button", class: "secondary" }, "Sign out");
  const programsHeading = h("h2", { id: "programs-heading" }, "Programs and cohorts");
  const programs = h("div", { class: "programs" });
  const participants = h("section", {
    id: "participants", class: "participants-panel", "aria-labelledby": "participants-heading", hidden: true,
  });
  let shown = route;
  let current = 0; // ignore answers to superseded requests

  function failed(err, retry, where) {
    if (err instanceof ApiError && err.status === 401) {
      onSessionEnded();
      return;
    }
    replace(where, loadFailed(err, retry));
    announce(`This could not be loaded. ${err.message}`);
  }

  async function loadPrograms() {
    replace(programs, h("p", {}, "Loading programs…"));
    try {
      // The life-cycle labels load alongside; without them raw ids show.
      const [list] = await Promise.all([adminPrograms(), loadLifecycle()]);
      renderProgramList(programs, list, (cohort) => navigate({ cohort: cohort.id }));
      return list;
    } catch (err) {
      failed(err, () => {
        loaded = loadPrograms();
        show(shown);
      }, programs);
      return null;
    }
  }
  let loaded = loadPrograms();

  async function showParticipants(cohort, request, moveFocus) {
    const heading = h("h2", { id: "participants-heading" }, `Participants in ${cohort.name}`);
    replace(participants, heading, h("p", {}, "Loading participants…"));
    document.title = `${cohort.name} participants · ${TITLE}`;
    let list;
    try {
      list = await adminParticipants(cohort.id);
    } catch (err) {
      if (request === current) failed(err, () => show(shown, true), participants);
      return;
    }
    if (request !== current) return;
    const top = renderParticipants(participants, cohort, list);
    if (moveFocus) focusElement(top);
  }

  /** Show the view of `route`; `moveFocus` when the person chose it (a click, the back button). */
  async function show(next, moveFocus = false) {
    shown = next;
    const request = ++current;
    if (!next.cohort) {
      markSelected(programs, null);
      participants.hidden = true;
      participants.replaceChildren();
      document.title = `Programs · ${TITLE}`;
      if (moveFocus) focusElement(programsHeading);
      return;
    }
    const list = await loaded;
    if (request !== current || !list) return;
    markSelected(programs, next.cohort);
    participants.hidden = false;
    const cohort = findCohort(list, next.cohort);
    if (cohort) {
      showParticipants(cohort, request, moveFocus);
      return;
    }
    const heading = h("h2", { id: "participants-heading" }, "Cohort not found");
    replace(participants, heading, h("p", {}, "None of the programs has a cohort at this address."));
    document.title = `Cohort not found · ${TITLE}`;
    if (moveFocus) focusElement(heading);
    else announce("Cohort not found.");
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

  replace(root,
    h("div", { class: "admin-bar" },
      h("p", {}, "Signed in as ", h("strong", { id: "admin-who" }, email)),
      signOut),
    alert,
    h("section", { class: "programs-panel", "aria-labelledby": programsHeading.id }, programsHeading, programs),
    participants);
  if (focus) focusElement(programsHeading);
  show(route);
  return { show };
}
