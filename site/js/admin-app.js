/**
 * The admin page: the sign-in form when there is no session, the dashboard
 * when there is. The view shown follows the URL (see admin-routes.js), so
 * deep links and the back button work.
 */
import { ApiError, adminMe, ssoJustSignedIn } from "./api.js";
import { parseRoute, routeUrl } from "./admin-routes.js";
import { announce, h, replace } from "./dom.js";
import { mountDashboard } from "./dashboard.js";
import { invitationToken, mountInvitation } from "./invitation.js";
import { askToLeave, unsaved } from "./leave-guard.js";
import { mountSignIn } from "./sign-in.js";

// Whether this browser has signed in before (no secret: the session cookie is
// HttpOnly). Without it the page shows the sign-in form at once instead of
// asking the API and getting a 401 a first-time visitor always gets.
const HINT = "tandem.admin.signed-in";

function hint(on) {
  try {
    if (on === undefined) return window.localStorage.getItem(HINT) === "1";
    if (on) window.localStorage.setItem(HINT, "1");
    else window.localStorage.removeItem(HINT);
  } catch {
    // Storage turned off: always ask the API.
    return true;
  }
  return on;
}

export async function mountAdminApp(root) {
  let dashboard = null;
  const here = () => parseRoute(window.location.search);

  function signIn(notice = "", focus = false) {
    dashboard = null;
    hint(false);
    document.title = "Sign in · Tandem admin";
    mountSignIn(root, {
      notice,
      focus,
      onSignedIn: (email) => {
        hint(true);
        showDashboard(email, true);
      },
    });
  }

  function showDashboard(email, focus = false) {
    dashboard = mountDashboard(root, {
      email,
      focus,
      route: here(),
      navigate(route) {
        const go = () => {
          window.history.pushState(null, "", routeUrl(route));
          shown = window.location.href;
          dashboard.show(route, true);
        };
        if (unsaved()) askToLeave(root, go); else go();
      },
      onSignedOut() {
        window.history.replaceState(null, "", routeUrl({}));
        signIn("You have signed out.", true);
      },
      onSessionEnded: () => signIn("Your session has ended. Please sign in again.", true),
    });
  }

  // Back and Forward ask first when a form holds unsaved edits; staying puts
  // the address the page still shows back in place.
  let shown = window.location.href;
  window.addEventListener("popstate", () => {
    const go = () => {
      shown = window.location.href;
      dashboard?.show(here(), true);
    };
    if (!unsaved()) {
      go();
      return;
    }
    const target = window.location.href;
    window.history.pushState(null, "", shown);
    askToLeave(root, () => {
      window.history.pushState(null, "", target);
      go();
    });
  });

  const invitation = invitationToken(window.location.hash);
  if (invitation) {
    // Out of the address bar and the history at once.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    mountInvitation(root, invitation, (email) =>
      signIn(`Your admin account${email ? ` (${email})` : ""} is ready: sign in with your new password.`, true));
    return;
  }

  // Back from single sign-on with a session: ask the API who signed in.
  if (ssoJustSignedIn()) hint(true);
  if (!hint()) {
    signIn();
    return;
  }
  replace(root, h("p", {}, "Checking whether you are signed in…"));
  try {
    const me = await adminMe();
    showDashboard(me?.email ?? "");
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      signIn();
    } else {
      const message = `The admin page could not be loaded. ${err.message}`;
      replace(root, h("p", { class: "error-text" }, message));
      announce(message);
    }
  }
}
