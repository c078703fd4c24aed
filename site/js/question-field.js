/**
 * One questionnaire question as form controls. Returns the element to place
 * in the form, the controls (for error marking) and the message element.
 */
import { h } from "./dom.js";
import { errorMessage } from "./forms.js";
import { inputName, scaleAsRadios, scaleBounds, usesSelect } from "./questionnaire.js";

export function requiredMark() {
  return h("span", { class: "required" }, " (required)");
}

/** A labelled radio button or checkbox. */
function option(type, name, id, value, label, extra = {}) {
  return h("div", { class: "option" },
    h("input", { type, name, id, value, ...extra }),
    h("label", { for: id }, label));
}

/** A set of radios or checkboxes inside a fieldset with a legend. */
/** The question's help text, and a note when its answer is shown to the partner. */
function hintFor(question, base) {
  const shown = question.shown_to_partner ? "Your partner sees this answer after matching." : "";
  const text = [question.help, shown].filter(Boolean).join(" ");
  return text ? h("p", { class: "hint", id: `${base}-hint` }, text) : null;
}

function group(question, base, type, choices) {
  const hint = hintFor(question, base);
  const error = errorMessage(`${base}-error`);
  const controls = [];
  const options = choices.map(([value, label], i) => {
    const el = option(type, inputName(question.id), `${base}-${i}`, value, label, {
      required: type === "radio" && question.required,
      "aria-describedby": hint ? hint.id : null,
    });
    controls.push(el.querySelector("input"));
    return el;
  });
  const fieldset = h("fieldset", { class: `choices choices-${type}` },
    h("legend", {}, question.label, question.required ? requiredMark() : null),
    hint, error,
    h("div", { class: type === "radio" && question.type === "scale" ? "options scale" : "options" }, options));
  return { element: fieldset, controls, error };
}

/** A single labelled control: input, textarea or select. */
function single(question, base, control) {
  const hint = hintFor(question, base);
  const error = errorMessage(`${base}-error`);
  if (hint) control.setAttribute("aria-describedby", hint.id);
  if (question.required) control.setAttribute("required", "");
  const element = h("div", { class: "field" },
    h("label", { for: base }, question.label, question.required ? requiredMark() : null),
    hint, error, control);
  return { element, controls: [control], error };
}

function controlFor(question, base) {
  const name = inputName(question.id);
  const options = question.options ?? [];
  switch (question.type) {
    case "long_text":
      return h("textarea", { id: base, name, rows: 4 });
    case "number":
      return h("input", {
        id: base, name, type: "number", inputmode: "decimal", step: "any",
        min: question.min, max: question.max,
      });
    case "scale": {
      const { min, max } = scaleBounds(question);
      return h("input", { id: base, name, type: "number", inputmode: "numeric", min, max, step: 1 });
    }
    case "choice":
      return h("select", { id: base, name },
        h("option", { value: "" }, "Choose one…"),
        options.map((o) => h("option", { value: o }, o)));
    default:
      return h("input", { id: base, name, type: "text" });
  }
}

/**
 * Render `question` (the `index`th of the questionnaire). The wrapper carries
 * data-question, data-type and data-roles so the form can show it only for
 * the roles it belongs to. `prefix` keeps element ids apart when a page
 * shows the questions twice (the admin's preview).
 */
export function renderQuestion(question, index, prefix = "q") {
  const base = `${prefix}${index}`;
  const options = question.options ?? [];
  let part;
  if (question.type === "multi_choice") {
    part = group(question, base, "checkbox", options.map((o) => [o, o]));
  } else if (question.type === "choice" && !usesSelect(question)) {
    part = group(question, base, "radio", options.map((o) => [o, o]));
  } else if (question.type === "scale" && scaleAsRadios(question)) {
    const { min, max } = scaleBounds(question);
    const steps = [];
    for (let n = min; n <= max; n += 1) steps.push([String(n), String(n)]);
    part = group(question, base, "radio", steps);
  } else {
    part = single(question, base, controlFor(question, base));
  }
  const root = h("div", {
    class: "question",
    "data-question": question.id,
    "data-type": question.type,
    "data-roles": (question.roles ?? []).join(" "),
  }, part.element);
  return { root, controls: part.controls, error: part.error };
}
