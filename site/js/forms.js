/**
 * Form helpers shared by the pages: inline error messages, a form-level
 * alert, reading form values, the busy state of a submit button, one
 * labelled field (`field`) and the one submit sequence (`submitForm`, and
 * `busyAction` for a button outside a form).
 *
 * Each field registers its controls and a message element; showing an error
 * fills the message, marks the controls aria-invalid and ties the message to
 * them with aria-describedby.
 */
import { sessionEnded } from "./api.js";
import { h } from "./dom.js";
import { fieldMessage, resolveField } from "./api-errors.js";

/** An empty message element for a field; hidden until it has something to say. */
export function errorMessage(id) {
  return h("p", { class: "field-error", id, hidden: true });
}

function describedBy(el, id, on) {
  const ids = new Set((el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) el.setAttribute("aria-describedby", [...ids].join(" "));
  else el.removeAttribute("aria-describedby");
}

export class FieldErrors {
  constructor() {
    this.fields = new Map();
  }

  /** `controls`: the inputs the field is made of; `error`: its message element. */
  register(name, { controls, error }) {
    this.fields.set(name, { controls, error });
  }

  /**
   * Show `message` for the field an API error names. Returns the control to
   * focus, or null when no registered field matches.
   */
  show(field, message) {
    const key = resolveField(field, this.fields.keys());
    if (key === null) return null;
    const { controls, error } = this.fields.get(key);
    // Inside a hidden part of the form (a question of the other role) the
    // message could not be seen: let the caller fall back to the form alert.
    const visible = controls.find((c) => !c.closest("[hidden]"));
    if (!visible) return null;
    error.textContent = fieldMessage(field, message);
    error.hidden = false;
    for (const control of controls) {
      control.setAttribute("aria-invalid", "true");
      describedBy(control, error.id, true);
    }
    return visible;
  }

  clear() {
    for (const { controls, error } of this.fields.values()) {
      if (error.hidden) continue;
      error.hidden = true;
      error.textContent = "";
      for (const control of controls) {
        control.removeAttribute("aria-invalid");
        describedBy(control, error.id, false);
      }
    }
  }
}

let fieldIds = 0;

/**
 * One labelled control: label, hint (optional, tied to the control with
 * aria-describedby), message element, control. Registered in `errors` under
 * `name` so check and API errors show beside it; without `errors` it has no
 * message element. A control without an id gets one made from `name`.
 */
export function field(errors, name, label, control, hint = null) {
  control.id ||= `${String(name).replace(/\W/g, "-")}-${++fieldIds}`;
  let error = null;
  if (errors) {
    error = errorMessage(`${control.id}-error`);
    errors.register(name, { controls: [control], error });
  }
  const hintEl = hint ? h("p", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  if (hintEl) describedBy(control, hintEl.id, true);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), hintEl, error, control);
}

/** A message box for errors that belong to no single field. Empty and hidden at first. */
export function formAlert() {
  return h("div", { class: "form-alert", role: "alert", tabindex: "-1", hidden: true });
}

/** Fill a form alert and move focus to it so the message is read out. */
export function showAlert(alert, message, field = null) {
  alert.replaceChildren(h("p", {}, fieldMessage(field, message)));
  alert.hidden = false;
  alert.focus();
}

/**
 * Show every problem at once: each beside its field, and a summary in the
 * form alert that links to each field (following a link moves focus into
 * the field). Focus moves to the summary. `problems`: `[{field, message}]`;
 * one whose field is not on show is listed without a link.
 */
export function showProblems(alert, errors, problems) {
  const items = problems.map(({ field, message }) => {
    const control = field ? errors.show(field, message) : null;
    const text = fieldMessage(field, message);
    if (!control) return h("li", {}, text);
    const link = h("a", { href: `#${control.id}` }, text);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      control.focus();
    });
    return h("li", {}, link);
  });
  const title = problems.length === 1
    ? "There is a problem with your answers"
    : `There are ${problems.length} problems with your answers`;
  alert.replaceChildren(h("h2", { class: "alert-title" }, title), h("ul", {}, items));
  alert.hidden = false;
  alert.focus();
}

export function hideAlert(alert) {
  alert.hidden = true;
  alert.replaceChildren();
}

/** Form values as `{name: [string, …]}`, the shape the pure logic modules take. */
export function formValues(form) {
  const values = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== "string") continue;
    (values[name] ??= []).push(value);
  }
  return values;
}

/** Show a button as working ("Sending…") and stop it being pressed twice. */
export function setBusy(button, busy, busyText) {
  if (busy) {
    button.dataset.idleText = button.textContent;
    button.textContent = busyText;
    button.disabled = true;
  } else {
    button.textContent = button.dataset.idleText ?? button.textContent;
    button.disabled = false;
  }
}

/**
 * An API error on a form: beside its field (and in the summary) when the
 * field is on the form, else in the form's alert.
 */
export function showApiError(alert, errors, err) {
  if (err.field && errors.show(err.field, err.message)) {
    showProblems(alert, errors, [{ field: err.field, message: err.message }]);
  } else {
    showAlert(alert, err.message, err.field);
  }
}

/**
 * The one busy sequence: `button` shows `busy` and cannot be pressed again,
 * `send()` runs, then `done(result)`; the button comes back either way. A
 * failure shows beside its field (`errors`) or in `alert`, or through
 * `failed(err)` when the form says it otherwise, and nothing at all when the
 * session ended (api.js's `session-ended`: the page has shown its sign-in).
 */
export async function busyAction({ button, busy, alert, errors = null, send, done, failed }) {
  setBusy(button, true, busy);
  try {
    const result = await send();
    if (done) await done(result);
  } catch (err) {
    if (sessionEnded(err)) return;
    if (failed) failed(err);
    else showApiError(alert, errors ?? new FieldErrors(), err);
  } finally {
    setBusy(button, false);
  }
}

/**
 * The one submit sequence of a form. On submit: the old messages go,
 * `check()` may refuse with problems (`[{field, message}]`, shown together
 * beside their fields and summed up in the alert) or a sentence (in the
 * alert), and nothing is sent; otherwise `busyAction` sends. `button`: the
 * submit button, or `(event) => button` when the form has several (`check`
 * and `send` are given the one pressed).
 */
export function submitForm(form, { button, busy, alert, errors = null, check, send, done, failed }) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const pressed = typeof button === "function" ? button(event) : button;
    if (pressed.disabled) return;
    errors?.clear();
    hideAlert(alert);
    const problem = check ? check(pressed) : null;
    if (typeof problem === "string" && problem) {
      showAlert(alert, problem);
      return;
    }
    if (Array.isArray(problem) && problem.length) {
      showProblems(alert, errors ?? new FieldErrors(), problem);
      return;
    }
    await busyAction({ button: pressed, busy, alert, errors, send: () => send(pressed), done, failed });
  });
  return form;
}
