/**
 * The signed-in admin view: who is signed in, the programs and their cohorts,
 * and the participants of the cohort chosen.
 */
import { ApiError, adminLogout, adminParticipants, adminPrograms } from "./api.js";
import { focusElement, h, replace } from "./dom.js";
import { formAlert, hideAlert, setBusy, showAlert } from "./forms.js";
import { renderParticipants } from "./participant-list.js";
import { markSelected, renderProgramList } from "./program-list.js";

function loadFailed(err, retry) {
  const again = h("button", { type: "button" }, "Try again");
  again.addEventListener("click", retry);
  return h("div", { class: "error-text", role: "alert" },
    h("p", {}, `This could not be loaded. ${err.message}`), again);
}

/**
 * Mount on `root` for the admin `email`. `onSignedOut()` after sign-out,
 * `onSessionEnded()` when the API says the session is no longer valid.
 */
export function mountDashboard(root, { email, onSignedOut, onSessionEnded, focus = false }) {
  const alert = formAlert();
  const signOut = h("button", { type: "button", class: "secondary" }, "Sign out");
  const programsHeading = h("h2", { id: "programs-heading" }, "Programs and cohorts");
  const programs = h("div", { class: "programs" });
  const participants = h("section", {
    id: "participants", class: "participants-panel", "aria-labelledby": "participants-heading", hidden: true,
  });
  let current = 0; // ignore answers to superseded participant requests

  function failed(err, retry, where) {
    if (err instanceof ApiError && err.status === 401) onSessionEnded();
    else replace(where, loadFailed(err, retry));
  }

  async function loadPrograms() {
    replace(programs, h("p", { role: "status" }, "Loading programs…"));
    try {
      renderProgramList(programs, await adminPrograms(), showParticipants);
    } catch (err) {
      failed(err, loadPrograms, programs);
    }
  }

  async function showParticipants(cohort) {
    const request = ++current;
    markSelected(programs, cohort.id);
    participants.hidden = false;
    const heading = h("h2", { id: "participants-heading" }, `Participants in ${cohort.name}`);
    replace(participants, heading, h("p", { role: "status" }, "Loading participants…"));
    let list;
    try {
      list = await adminParticipants(cohort.id);
    } catch (err) {
      if (request === current) failed(err, () => showParticipants(cohort), participants);
      return;
    }
    if (request !== current) return;
    focusElement(renderParticipants(participants, cohort, list));
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
  loadPrograms();
}
