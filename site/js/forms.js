/**
 * Form helpers shared by the pages: inline error messages, a form-level
 * alert, reading form values and the busy state of a submit button.
 *
 * Each field registers its controls and a message element; showing an error
 * fills the message, marks the controls aria-invalid and ties the message to
 * them with aria-describedby.
 */
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
