/**
 * The admin sign-in form. Calls `onSignedIn(email)` once the session exists.
 * With single sign-on on, "Sign in with <organisation>" comes first; a
 * portal that turned passwords off shows only that.
 */
import { ApiError, adminLogin, ssoLoginUrl, ssoStatus } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { FieldErrors, field, formAlert, formValues, showAlert, submitForm } from "./forms.js";

/**
 * Mount the form on `root`. `notice` (optional) is a line shown above it,
 * such as "You have signed out."; `focus` moves focus to the heading.
 */
export async function mountSignIn(root, { onSignedIn, notice = "", focus = false }) {
  let sso = { enabled: false, password_sign_in: true };
  try {
    sso = await ssoStatus();
  } catch {
    // Not known: the password form, which says itself if passwords are off.
  }
  const errors = new FieldErrors();
  const alert = formAlert();
  const input = (id, attrs) => h("input", { id, name: id, required: true, ...attrs });
  const email = input("admin-email", { type: "email", autocomplete: "username", spellcheck: "false" });
  const password = input("admin-password", { type: "password", autocomplete: "current-password" });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { novalidate: true, class: "sign-in" },
    field(errors, "email", "Email address", email), field(errors, "password", "Password", password),
    h("div", { class: "actions" }, submit));
  const heading = h("h2", { id: "sign-in-heading" }, "Sign in");

  let values = {};
  submitForm(form, {
    button: submit, busy: "Signing in…", alert, errors,
    send: () => {
      values = formValues(form);
      return adminLogin((values["admin-email"]?.[0] ?? "").trim(), values["admin-password"]?.[0] ?? "");
    },
    done: (me) => onSignedIn(me?.email ?? values["admin-email"]?.[0] ?? ""),
    failed: (err) => {
      let message = err instanceof ApiError ? err.message : "Something went wrong. Please try again.";
      if (err instanceof ApiError && err.status === 401) {
        message = "That email and password do not match an admin account.";
      }
      const target = err instanceof ApiError && err.field ? errors.show(err.field, message) : null;
      if (target) target.focus();
      else showAlert(alert, message, err instanceof ApiError ? err.field : null);
    },
  });

  const single = sso.enabled
    ? h("p", { class: "actions" }, h("a", { class: "button", id: "sso-admin", href: ssoLoginUrl("admin"),
      text: `Sign in with ${sso.name}` }))
    : null;
  const passwords = sso.password_sign_in || !sso.enabled;
  replace(root, h("section", { class: "panel narrow", "aria-labelledby": heading.id },
    heading,
    notice ? h("p", { class: "notice" }, notice) : null,
    h("p", {}, "Program admins sign in here to see programs, cohorts and who has enrolled."),
    single,
    single && passwords ? h("p", { class: "hint" }, "Or with your e-mail address and Tandem password:") : null,
    passwords ? alert : null,
    passwords ? form : null));
  if (focus) focusElement(heading);
  if (notice) announce(notice);
}
