/**
 * A program's e-mails in its manager's words, on the program's admin page:
 * choose a message (welcome, match, check-in reminder, celebration), edit its
 * subject and body with the placeholders it offers, see it with sample
 * values as you type, save it (a template that does not work is refused with
 * its line), or go back to Tandem's words.
 */
import { previewProgramEmail, programEmails, resetProgramEmail, saveProgramEmail } from "./api.js";
import { announce, h, replace } from "./dom.js";
import { colourBand, colourForm } from "./program-colour.js";
import { FieldErrors, busyAction, field, formAlert, hideAlert, showAlert, submitForm } from "./forms.js";

const WAIT_MS = 400; // the preview follows typing, not every key

function editor(programId, item, refresh, program) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const subject = h("input", { type: "text", name: "subject", maxlength: "200", required: true, value: item.subject });
  const body = h("textarea", { name: "body", rows: "12", maxlength: "5000", required: true });
  body.value = item.body;
  const status = h("p", { class: "hint", text: item.custom
    ? "These are your program's own words."
    : "These are Tandem's words; change them and save to use your own." });
  const placeholders = h("p", { class: "hint" }, "You can use: ",
    ...item.placeholders.flatMap((p, i) => [i ? ", " : "", h("code", { text: `{{ ${p} }}` })]),
    ". Names and answers are always shown as text, never as HTML.");
  const shownBand = h("div", { class: "email-band-preview" });
  const shownSubject = h("p", { class: "preview-subject" });
  const shownText = h("pre", { class: "preview-text" });
  const previewNote = h("p", { class: "hint", role: "status" });
  const preview = h("section", { class: "email-preview", "aria-label": "Preview with sample values" },
    h("h4", { text: "Preview with sample values" }), shownSubject, shownBand, shownText, previewNote);

  let timer = null;
  let asked = 0;
  async function showPreview() {
    const mine = ++asked;
    try {
      const seen = await previewProgramEmail(programId, item.kind,
        { subject: subject.value, body: body.value });
      if (mine !== asked) return; // a newer preview is on its way
      shownSubject.textContent = `Subject: ${seen.subject}`;
      shownBand.replaceChildren(colourBand(seen.colour, program));
      shownText.textContent = seen.text;
      previewNote.textContent = "";
    } catch (err) {
      if (mine !== asked) return;
      previewNote.textContent = `Not shown: ${err.message}`;
    }
  }
  const later = () => { clearTimeout(timer); timer = setTimeout(showPreview, WAIT_MS); };
  subject.addEventListener("input", later);
  body.addEventListener("input", later);

  const save = h("button", { type: "submit", text: "Save these words" });
  const reset = h("button", { type: "button", class: "secondary", text: "Reset to Tandem's words",
    disabled: !item.custom });
  reset.addEventListener("click", () => {
    hideAlert(alert);
    busyAction({
      button: reset, busy: "Resetting…", alert,
      send: () => resetProgramEmail(programId, item.kind),
      done: () => refresh(item.kind, `“${item.label}” uses Tandem's words again.`),
      failed: (err) => showAlert(alert, err.message),
    });
  });
  const form = h("form", { "aria-label": `Edit “${item.label}”`, novalidate: true }, alert, status,
    field(errors, "subject", "Subject", subject),
    field(errors, "body", "Message", body),
    placeholders,
    h("div", { class: "actions" }, save, reset));
  submitForm(form, {
    button: save, busy: "Saving…", alert, errors,
    send: () => saveProgramEmail(programId, item.kind, { subject: subject.value, body: body.value }),
    done: () => refresh(item.kind, `Saved your words for “${item.label}”.`),
  });
  showPreview();
  return h("div", { class: "email-editor" }, form, preview);
}

/** The panel; it loads and redraws itself. */
export function emailsPanel(programId) {
  const heading = h("h3", { id: "program-emails-heading", tabindex: "-1" }, "E-mails");
  const body = h("div", {}, h("p", { text: "Loading the e-mails…" }));
  async function refresh(kind = null, message = null) {
    let listed;
    try {
      listed = await programEmails(programId);
    } catch (err) {
      replace(body, h("p", { class: "error", text: err.message }));
      return;
    }
    const items = listed.emails;
    const current = items.find((e) => e.kind === kind) ?? items[0];
    const picker = h("select", { name: "kind" }, ...items.map((e) => h("option", {
      value: e.kind, selected: e.kind === current.kind,
      text: `${e.label}${e.custom ? " (your words)" : ""}` })));
    const pick = field(null, "kind", "Which e-mail", picker);
    const slot = h("div", {}, editor(programId, current, refresh, listed.program));
    picker.addEventListener("change", () => {
      const chosen = items.find((e) => e.kind === picker.value);
      replace(slot, editor(programId, chosen, refresh, listed.program));
    });
    replace(body,
      h("p", { class: "hint", text: `What ${listed.program} sends its participants. Your words go as plain text and as an HTML message headed with the program's name in its colour.` }),
      colourForm(programId, listed, (said) => refresh(current.kind, said)),
      pick, slot);
    if (message) {
      announce(message);
      heading.focus();
    }
  }
  refresh();
  return h("section", { class: "panel", "aria-labelledby": heading.id }, heading, body);
}
