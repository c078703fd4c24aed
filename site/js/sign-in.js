/** The admin sign-in form. Calls `onSignedIn(email)` once the session exists. */
import { ApiError, adminLogin } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import {
  FieldErrors, errorMessage, formAlert, formValues, hideAlert, setBusy, showAlert,
} from "./forms.js";

function field(id, label, attrs) {
  const error = errorMessage(`${id}-error`);
  const input = h("input", { id, name: id, required: true, ...attrs });
  return { input, error, element: h("div", { class: "field" }, h("label", { for: id }, label), error, input) };
}

/**
 * Mount the form on `root`. `notice` (optional) is a line shown above it,
 * such as "You have signed out."; `focus` moves focus to the heading.
 */
export function mountSignIn(root, { onSignedIn, notice = "", focus = false }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const email = field("admin-email", "Email address", { type: "email", autocomplete: "username", spellcheck: "false" });
  const password = field("admin-password", "Password", { type: "password", autocomplete: "current-password" });
  errors.register("email", { controls: [email.input], error: email.error });
  errors.register("password", { controls: [password.input], error: password.error });
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h("form", { novalidate: true, class: "sign-in" },
    email.element, password.element, h("div", { class: "actions" }, submit));
  const heading = h("h2", { id: "sign-in-heading" }, "Sign in");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    errors.clear();
    hideAlert(alert);
    const values = formValues(form);
    setBusy(submit, true, "Signing in…");
    let me;
    try {
      me = await adminLogin((values["admin-email"]?.[0] ?? "").trim(), values["admin-password"]?.[0] ?? "");
    } catch (err) {
      setBusy(submit, false);
      let message = err instanceof ApiError ? err.message : "Something went wrong. Please try again.";
      if (err instanceof ApiError && err.status === 401) {
        message = "That email and password do not match an admin account.";
      }
      const target = err instanceof ApiError && err.field ? errors.show(err.field, message) : null;
      if (target) target.focus();
      else showAlert(alert, message, err instanceof ApiError ? err.field : null);
      return;
    }
    onSignedIn(me?.email ?? values["admin-email"]?.[0] ?? "");
  });

  replace(root, h("section", { class: "panel narrow", "aria-labelledby": heading.id },
    heading,
    notice ? h("p", { class: "notice" }, notice) : null,
    h("p", {}, "Program admins sign in here to see programs, cohorts and who has enrolled."),
    alert,
    form));
  if (focus) focusElement(heading);
  if (notice) announce(notice);
}
