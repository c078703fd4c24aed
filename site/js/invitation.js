/**
 * Accepting an invitation to be an admin: the page the invitation e-mail
 * links to (`/admin/#invitation=TOKEN`; the token stays in the URL's fragment,
 * which is never sent to a server). The invited person chooses a password.
 */
import { ApiError, acceptInvitation } from "./api.js";
import { focusElement, h, replace } from "./dom.js";
import { formAlert, showAlert, submitForm } from "./forms.js";

/** The invitation token in a URL fragment, if any. */
export function invitationToken(hash) {
  return new URLSearchParams(String(hash).replace(/^#/, "")).get("invitation");
}

export function mountInvitation(root, token, onAccepted) {
  const alert = formAlert();
  const password = h("input", { id: "new-password", type: "password", required: true,
    autocomplete: "new-password", minlength: "12", "aria-describedby": "new-password-hint" });
  const again = h("input", { id: "new-password-again", type: "password", required: true,
    autocomplete: "new-password" });
  const submit = h("button", { type: "submit", class: "primary" }, "Create my admin account");
  const form = h("form", { novalidate: true, class: "sign-in" },
    h("div", { class: "field" }, h("label", { for: "new-password" }, "Choose a password"),
      h("p", { class: "hint", id: "new-password-hint" }, "At least 12 characters."), password),
    h("div", { class: "field" }, h("label", { for: "new-password-again" }, "The same password again"), again),
    h("div", { class: "actions" }, submit));
  const heading = h("h2", { id: "invitation-heading", tabindex: "-1" }, "You are invited to be an admin");
  submitForm(form, {
    button: submit, busy: "Creating your account…", alert,
    check: () => (password.value === again.value ? null : "The two passwords differ."),
    send: () => acceptInvitation(token, password.value),
    done: (answer) => onAccepted(answer?.email ?? ""),
    failed: (err) => showAlert(alert, err instanceof ApiError ? err.message : "Something went wrong. Please try again."),
  });
  replace(root, h("section", { class: "panel narrow", "aria-labelledby": heading.id }, heading, alert, form));
  focusElement(heading);
}
