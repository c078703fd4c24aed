/**
 * The participant pages' forms: one that sends its fields to the API and
 * shows the API's errors beside them, and ids unique on the page.
 */
import { h, nextId } from "./dom.js";
import { FieldErrors, formAlert, submitForm } from "./forms.js";

/** A checkbox named `name` with its label after it, as one form field. */
export function checkField(name, base, label) {
  const id = nextId(base);
  return h("div", { class: "field" }, h("input", { type: "checkbox", name, id }), " ", h("label", { for: id, text: label }));
}

/**
 * A form that sends `body()` with `send`, shows the API's errors beside their
 * fields or in its alert, and calls `done` on success.
 */
export function apiForm({ label, submit, busy, fields, send, done }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const button = h("button", { type: "submit", text: submit });
  const form = h("form", { "aria-label": label, novalidate: true }, alert, ...fields(errors), button);
  return submitForm(form, {
    button, busy, alert, errors, send: () => send(form), done: (result) => done(result, form),
  });
}

