/**
 * The questionnaire builder: a list of questions to add, reorder, edit and
 * remove. Typing changes the questions in place (focus stays put); adding,
 * moving and removing redraw the list and put focus where the person
 * continues (the moved question's button, the new question's first field).
 */
import { announce, h, srOnly } from "./dom.js";
import { errorMessage, field } from "./forms.js";
import { roleLabel } from "./format.js";
import {
  QUESTION_TYPES, hasOptions, hasRange, moveItem, newQuestion, parseOptions, slugify,
} from "./questionnaire-edit.js";
import { ROLES } from "./questionnaire.js";

const numberOrNull = (text) => {
  const t = String(text).trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};

function card(q, i, count, { errors, onChange, onMove, onRemove }) {
  const base = `qb-${i}`;
  const key = `questionnaire.questions[${i}]`;
  const n = i + 1;
  const label = h("input", { type: "text", id: `${base}-label`, value: q.label, autocomplete: "off" });
  const type = h("select", { id: `${base}-type` },
    QUESTION_TYPES.map(([value, text]) => h("option", { value, selected: value === q.type }, text)));
  const help = h("input", { type: "text", id: `${base}-help`, value: q.help ?? "", autocomplete: "off" });
  const options = h("textarea", { id: `${base}-options`, rows: 4, "aria-describedby": `${base}-options-hint` });
  options.value = (q.options ?? []).join("\n");
  const min = h("input", { type: "number", id: `${base}-min`, step: "any", value: q.min ?? "" });
  const max = h("input", { type: "number", id: `${base}-max`, step: "any", value: q.max ?? "" });
  const required = h("input", { type: "checkbox", id: `${base}-required`, checked: Boolean(q.required) });
  const shown = h("input", { type: "checkbox", id: `${base}-shown`, checked: Boolean(q.shown_to_partner) });
  const roleBoxes = ROLES.map((role) => h("input", {
    type: "checkbox", id: `${base}-role-${role}`, value: role, checked: q.roles.includes(role),
  }));
  const rolesError = errorMessage(`${base}-roles-error`);
  errors.register(`${key}.roles`, { controls: roleBoxes, error: rolesError });

  const optionsPart = h("div", { class: "qb-options", hidden: !hasOptions(q.type) },
    field(errors, `${key}.options`, "Options", options, "One option a line."));
  const rangePart = h("div", { class: "qb-range", hidden: !hasRange(q.type) },
    field(errors, `${key}.min`, "Smallest value", min),
    field(errors, `${key}.max`, "Largest value", max));

  const sync = () => {
    q.label = label.value;
    q.type = type.value;
    q.help = help.value;
    q.options = parseOptions(options.value);
    q.min = numberOrNull(min.value);
    q.max = numberOrNull(max.value);
    q.required = required.checked;
    q.shown_to_partner = shown.checked;
    q.roles = roleBoxes.filter((b) => b.checked).map((b) => b.value);
    if (q.type === "scale") {
      // A scale with no bounds given runs 1–5, as the enrolment form draws it.
      if (min.value === "") min.placeholder = "1";
      if (max.value === "") max.placeholder = "5";
    }
    optionsPart.hidden = !hasOptions(q.type);
    rangePart.hidden = !hasRange(q.type);
    legend.replaceChildren(`Question ${n}`, q.label.trim() ? `: ${q.label.trim()}` : "");
    if (!q.id) column.textContent = slugify(q.label);
    onChange();
  };
  const legend = h("legend", {}, `Question ${n}`, q.label.trim() ? `: ${q.label.trim()}` : "");
  // Its id names its column in a participant import (and in the template).
  const column = h("code", {}, q.id || slugify(q.label));
  const columnHint = h("p", { class: "hint qb-column", id: `${base}-column` },
    q.id ? "Its column in a spreadsheet import: " : "Its column in a spreadsheet import (set when you save): ", column);

  const button = (text, action, props = {}) => {
    const b = h("button", { type: "button", class: "secondary small", ...props }, text, srOnly(` question ${n}`));
    b.addEventListener("click", action);
    return b;
  };
  const up = button("Move up", () => onMove(i, -1, "up"), { disabled: i === 0, "data-move": "up" });
  const down = button("Move down", () => onMove(i, 1, "down"), { disabled: i === count - 1, "data-move": "down" });
  const remove = button("Remove", () => onRemove(i));

  const cardError = errorMessage(`${base}-error`);
  errors.register(key, { controls: [label], error: cardError });
  const fieldset = h("fieldset", { class: "qb-question" }, legend, cardError,
    field(errors, `${key}.label`, "Question", label), columnHint,
    h("div", { class: "qb-row" },
      field(errors, `${key}.type`, "Answer type", type),
      h("div", { class: "option qb-required" }, required, h("label", { for: required.id }, "Required"))),
    field(errors, `${key}.help`, "Help text (optional)", help),
    optionsPart, rangePart,
    h("fieldset", { class: "qb-roles" }, h("legend", {}, "Who answers"), rolesError,
      h("div", { class: "options" }, roleBoxes.map((box) =>
        h("div", { class: "option" }, box, h("label", { for: box.id }, `${roleLabel(box.value)}s`))))),
    h("div", { class: "option qb-shown" }, shown,
      h("label", { for: shown.id }, "Show the answer to the partner after matching")),
    h("div", { class: "actions qb-actions" }, up, down, remove));
  fieldset.addEventListener("input", sync);
  fieldset.addEventListener("change", sync);
  return h("li", { class: "qb-item", "data-index": String(i) }, fieldset);
}

/**
 * A builder over `questions` (a list it edits in place and replaces on
 * reorder). `errors`: the form's FieldErrors; `onChange(questions)` after
 * every change. Returns `{element, questions()}`.
 */
export function questionBuilder(initial, { errors, onChange }) {
  let questions = initial.map((q) => ({ ...q, roles: [...(q.roles ?? ROLES)], options: [...(q.options ?? [])] }));
  const list = h("ol", { class: "qb-list", role: "list" });
  const add = h("button", { type: "button", class: "secondary", id: "qb-add" }, "Add question");
  const empty = h("p", { class: "empty" }, "No questions yet: add the first one.");
  const changed = () => onChange(questions);

  function draw(focusSelector) {
    const handlers = {
      errors,
      onChange: changed,
      onMove(i, delta, which) {
        questions = moveItem(questions, i, delta);
        const to = Math.max(0, Math.min(questions.length - 1, i + delta));
        draw(null);
        // Keep focus on the same button of the moved question; at an end, the other one.
        const item = list.children[to];
        const target = item.querySelector(`[data-move="${which}"]:not(:disabled)`)
          ?? item.querySelector("[data-move]:not(:disabled)");
        target?.focus();
        announce(`Question moved to position ${to + 1} of ${questions.length}.`);
        changed();
      },
      onRemove(i) {
        const [gone] = questions.splice(i, 1);
        draw(null);
        const next = list.children[Math.min(i, questions.length - 1)];
        (next?.querySelector("input") ?? add).focus();
        announce(`Removed question ${i + 1}${gone.label ? `, “${gone.label}”` : ""}. ${questions.length} left.`);
        changed();
      },
    };
    list.replaceChildren(...questions.map((q, i) => card(q, i, questions.length, handlers)));
    empty.hidden = questions.length > 0;
    if (focusSelector) list.querySelector(focusSelector)?.focus();
  }

  add.addEventListener("click", () => {
    questions.push(newQuestion());
    draw(`#qb-${questions.length - 1}-label`);
    announce(`Question ${questions.length} added.`);
    changed();
  });

  draw(null);
  const element = h("div", { class: "question-builder" }, list, empty, add);
  return { element, questions: () => questions };
}
