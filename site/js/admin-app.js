/**
 * The admin page: the sign-in form when there is no session, the dashboard
 * when there is. `GET /api/admin/me` decides on load.
 */
import { ApiError, adminMe } from "./api.js";
import { h, replace } from "./dom.js";
import { mountDashboard } from "./dashboard.js";
import { mountSignIn } from "./sign-in.js";

export async function mountAdminApp(root) {
  function signIn(notice = "", focus = false) {
    document.title = "Sign in · Tandem admin";
    mountSignIn(root, { notice, focus, onSignedIn: (email) => dashboard(email, true) });
  }

  function dashboard(email, focus = false) {
    document.title = "Programs · Tandem admin";
    mountDashboard(root, {
      email,
      focus,
      onSignedOut: () => signIn("You have signed out.", true),
      onSessionEnded: () => signIn("Your session has ended. Please sign in again.", true),
    });
  }

  replace(root, h("p", { role: "status" }, "Checking whether you are signed in…"));
  try {
    const me = await adminMe();
    dashboard(me?.email ?? "");
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      signIn();
    } else {
      replace(root, h("p", { class: "error-text", role: "alert" },
        `The admin page could not be loaded. ${err.message}`));
    }
  }
}
