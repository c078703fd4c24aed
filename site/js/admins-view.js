/**
 * The administrators (`?view=admins`): who can sign in, inviting another by
 * e-mail, and removing one (asked twice on the page; no browser dialog).
 */
import { loadFailed } from "./admin-ui.js";
import { inviteAdmin, listAdmins, removeAdmin } from "./api.js";
import { announce, focusElement, h, replace, srOnly } from "./dom.js";
import { formatDateTime } from "./format.js";
import { busyAction, FieldErrors, field, formAlert, submitForm } from "./forms.js";

/**
 * The API's answer (`{admins, invitations}`) → one list: admins, then
 * invitations not yet accepted (`invited: true`), each `{id, email, since}`.
 */
export function adminList(answer) {
  const admins = (answer?.admins ?? []).map((a) => ({
    id: a.id ?? a.email, email: a.email, since: a.created_at, invited: false, grantedBy: a.granted_by ?? null,
  }));
  const invited = (answer?.invitations ?? []).map((i) => ({
    id: null, email: i.email, since: null, expires: i.expires, invitedBy: i.invited_by, invited: true,
  }));
  return [...admins, ...invited];
}

/** How an admin without an invitation came to be one (functions/auth/oidc_sessions.py). */
const GRANTED = {
  "sso-claim": "Active, through the single sign-on group: ends when they sign in without it",
  "sso-invitation": "Active, signs in with single sign-on",
};

function stateOf(a) {
  if (!a.invited) return GRANTED[a.grantedBy] ?? "Active";
  return a.expires ? `Invited; the link works until ${formatDateTime(a.expires)}` : "Invited";
}

function inviteForm(ctx, reload) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const email = h("input", { type: "email", id: "invite-email", autocomplete: "off" });
  const submit = h("button", { type: "submit", class: "primary" }, "Send the invitation");
  const heading = h("h3", { id: "invite-heading" }, "Invite an administrator");
  const form = h("form", { novalidate: true, "aria-labelledby": heading.id }, alert,
    field(errors, "email", "Their email address", email,
      "They get an e-mail with a link to set their password."),
    h("div", { class: "actions" }, submit));
  const address = () => email.value.trim();
  submitForm(form, {
    button: submit, busy: "Inviting…", alert, errors,
    check: () => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address()) ? null
      : [{ field: "email", message: "Enter an email address like name@example.org." }]),
    send: () => inviteAdmin(address()),
    done: async () => {
      announce(`Invited ${address()}.`);
      await reload(`Invited ${address()}.`);
    },
  });
  return h("section", { class: "panel", "aria-labelledby": heading.id }, heading, form);
}

function removeCell(a, ctx, reload) {
  const cell = h("td", {});
  const ask = h("button", { type: "button", class: "secondary small" }, "Remove", srOnly(` ${a.email}`));
  const reset = () => {
    replace(cell, ask);
    ask.focus();
  };
  ask.addEventListener("click", () => {
    const yes = h("button", { type: "button", class: "primary small danger" }, "Yes, remove", srOnly(` ${a.email}`));
    const no = h("button", { type: "button", class: "secondary small" }, "Keep", srOnly(` ${a.email}`));
    no.addEventListener("click", reset);
    yes.addEventListener("click", () => busyAction({
      button: yes, busy: "Removing…",
      send: () => removeAdmin(a.id),
      done: () => reload(`Removed ${a.email}.`),
      failed: (err) => {
        replace(cell, ask, h("p", { class: "error-text" }, `Removing failed. ${err.message}`));
        announce(`Removing failed. ${err.message}`);
        ask.focus();
      },
    }));
    replace(cell, h("span", { class: "confirm" }, `Remove ${a.email}? `), yes, " ", no);
    yes.focus();
  });
  cell.append(ask);
  return cell;
}

export async function renderAdmins(root, ctx) {
  const heading = h("h2", { id: "admins-heading" }, "Administrators");
  const list = h("div", {}, h("p", {}, "Loading administrators…"));
  const notice = h("p", { class: "notice", id: "admins-notice", hidden: true });
  ctx.setTitle("Administrators");

  async function load(message = "") {
    let admins;
    try {
      admins = adminList(await listAdmins());
    } catch (err) {
      if (!ctx.sessionEnded(err)) replace(list, loadFailed(err, () => load()));
      return;
    }
    if (ctx.stale()) return;
    const me = document.getElementById("admin-who")?.textContent ?? "";
    replace(list, admins.length === 0
      ? h("p", { class: "empty" }, "No administrators are listed.")
      : h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": heading.id },
        h("table", { class: "admins" },
          h("caption", { class: "visually-hidden" }, "Administrators"),
          h("thead", {}, h("tr", {}, ["Email", "State", "Since", "Remove"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, admins.map((a) => h("tr", { "data-admin": a.email },
            h("th", { scope: "row" }, a.email ?? ""),
            h("td", {}, stateOf(a)),
            h("td", {}, formatDateTime(a.since) || "–"),
            // Yourself: another admin removes you. An invitation lapses on its own.
            a.email === me ? h("td", {}, "You") : a.invited ? h("td", {}, "–") : removeCell(a, ctx, load)))))));
    if (message) {
      notice.textContent = message;
      notice.hidden = false;
      focusElement(notice);
      announce(message);
    }
  }

  replace(root, heading,
    h("p", { class: "lead" }, "Everyone here can run every program. Changes are recorded in the audit log."),
    notice, list, inviteForm(ctx, load));
  await load();
  return heading;
}
