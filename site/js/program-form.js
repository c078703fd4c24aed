/**
 * The program form: name, description, type and the questionnaire (with its
 * builder and a live preview). Checks everything before sending; problems the
 * API finds show the same way, beside their field and in a summary.
 */
import { h } from "./dom.js";
import { enrolPreview } from "./enrol-preview.js";
import { programTypeLabel } from "./format.js";
import {
  errorMessage, FieldErrors, field, formAlert, submitForm,
} from "./forms.js";
import { guardLeaving } from "./leave-guard.js";
import { questionBuilder } from "./question-builder.js";
import { apiQuestionnaire, questionnaireProblems } from "./questionnaire-edit.js";

const PROGRAM_TYPES = ["one_to_one", "group", "reverse"];

// How matches are made (the program's matching_mode).
const MODES = [
  ["admin", "The program team matches", "Run matching, review the proposal, then publish it."],
  ["choice", "Participants choose", "Mentees pick from the mentors matching suggests."],
  ["stable", "Mentees rank, matching decides",
    "Mentees rank their suggested mentors by the matching date; matching gives each the highest "
    + "choice no one ranked higher by that mentor takes from her. You review and publish the result."],
];

/**
 * `program`: `{name, description, type, questionnaire}` to start from.
 * `submitText`, `busyText`: the button. `save(body)` sends it and resolves
 * when done (an ApiError with a field shows beside that field).
 * Returns `{element, heading}` (the form's first field for focus).
 */
export function programForm(program, { submitText, busyText, save }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const name = h("input", { type: "text", id: "program-name", required: true, value: program.name ?? "", autocomplete: "off" });
  const description = h("textarea", { id: "program-description", rows: 3 });
  description.value = program.description ?? "";
  // The skills participants rate themselves on, one per line (empty on a new program: the defaults).
  const skills = h("textarea", { id: "program-skills", rows: 4, "aria-describedby": "program-skills-hint" });
  skills.value = (program.skills ?? []).join("\n");
  const types = PROGRAM_TYPES.map((type) => h("input", {
    type: "radio", name: "program-type", id: `program-type-${type}`, value: type,
    checked: (program.type ?? "one_to_one") === type,
  }));
  const typeError = errorMessage("program-type-error");
  errors.register("type", { controls: types, error: typeError });
  const modes = MODES.map(([mode]) => h("input", {
    type: "radio", name: "program-mode", id: `program-mode-${mode}`, value: mode,
    checked: (program.matching_mode ?? "admin") === mode, "aria-describedby": `program-mode-${mode}-hint`,
  }));
  const modeError = errorMessage("program-mode-error");
  errors.register("matching_mode", { controls: modes, error: modeError });
  // Stable mode: how many suggestions a mentee ranks (shown only for that mode).
  const choices = h("input", { type: "number", id: "program-stable-choices", min: 1, max: 20, step: 1,
    value: String(program.stable_choices ?? 5) });
  const choicesField = field(errors, "stable_choices", "Choices each mentee ranks", choices,
    "Up to this many of her suggested mentors, first choice first (1 to 20; 5 suits most programs).");
  const showChoices = () => { choicesField.hidden = !modes.find((r) => r.value === "stable").checked; };
  modes.forEach((r) => r.addEventListener("change", showChoices));
  showChoices();
  // Goals on self-identification groups: off unless the program says so.
  const selfIdGoals = h("input", { type: "checkbox", id: "program-self-id-goals",
    checked: Boolean(program.self_id_goals), "aria-describedby": "program-self-id-goals-hint" });

  const preview = enrolPreview(program.questionnaire?.questions ?? []);
  const builder = questionBuilder(program.questionnaire?.questions ?? [], {
    errors, onChange: (questions) => preview.update(questions),
  });
  const submit = h("button", { type: "submit", class: "primary" }, submitText);
  const progress = h("p", { class: "progress", id: "program-progress" });

  const form = h("form", { class: "program-form", novalidate: true, "aria-labelledby": "program-form-heading" },
    alert,
    h("fieldset", {}, h("legend", {}, "About the program"),
      field(errors, "name", "Name", name),
      field(errors, "description", "Description (optional)", description,
        "Shown to people choosing a cohort to enrol in."),
      field(errors, "skills", "Skills to self-assess (optional)", skills,
        "One per line, up to 8. Participants rate each from 1 to 5 when they enrol and when their "
        + "match closes. Left empty: Confidence, Communication, Leadership, Networking, Career "
        + "planning, Technical depth."),
      h("fieldset", { class: "choices" }, h("legend", {}, "Type"), typeError,
        h("div", { class: "options" }, types.map((r) =>
          h("div", { class: "option" }, r, h("label", { for: r.id }, programTypeLabel(r.value)))))),
      h("div", { class: "field checkbox" },
        h("div", { class: "option" }, selfIdGoals,
          h("label", { for: selfIdGoals.id }, "Use self-identification answers for diversity goals")),
        h("p", { class: "hint", id: "program-self-id-goals-hint" },
          "Goals can then be set on self-identified groups (gender, age range, ethnicity) and "
          + "kept by matching. Enrolment's consent says so; only answers given with that consent "
          + "count, and no figure from fewer than 10 people is shown.")),
      h("fieldset", { class: "choices" }, h("legend", {}, "Matching mode"), modeError,
        h("div", { class: "options" }, modes.map((r, i) =>
          h("div", { class: "option" }, r, h("label", { for: r.id }, MODES[i][1],
            h("span", { class: "hint", id: `${r.id}-hint` }, MODES[i][2]))))), choicesField)),
    h("fieldset", { class: "questionnaire-fieldset" }, h("legend", {}, "Questionnaire"),
      h("p", { class: "hint" }, "What people answer when they enrol; matching compares the answers."),
      builder.element),
    h("div", { class: "actions" }, submit, progress));

  // Any edit makes the form unsaved until a save succeeds.
  let edited = false;
  form.addEventListener("input", () => { edited = true; });
  form.addEventListener("change", () => { edited = true; });
  guardLeaving(() => edited && form.isConnected);

  submitForm(form, {
    button: submit, busy: busyText, alert, errors,
    check: () => {
      const problems = [];
      if (!name.value.trim()) problems.push({ field: "name", message: "Give the program a name." });
      const n = Number(choices.value);
      if (!choicesField.hidden && !(Number.isInteger(n) && n >= 1 && n <= 20)) {
        problems.push({ field: "stable_choices", message: "Choices each mentee ranks: a whole number from 1 to 20." });
      }
      problems.push(...questionnaireProblems(builder.questions()));
      return problems;
    },
    send: async () => {
      const body = {
        name: name.value.trim(),
        description: description.value.trim(),
        type: types.find((r) => r.checked)?.value ?? "one_to_one",
        matching_mode: modes.find((r) => r.checked)?.value ?? "admin",
        stable_choices: Number(choices.value) || 5,
        self_id_goals: selfIdGoals.checked,
        questionnaire: apiQuestionnaire(builder.questions()),
      };
      const skillList = skills.value.split("\n").map((s) => s.trim()).filter(Boolean);
      if (skillList.length) body.skills = skillList;
      progress.textContent = busyText;
      edited = false;
      try {
        await save(body);
      } catch (err) {
        edited = true;
        throw err;
      } finally {
        progress.textContent = "";
      }
    },
  });

  const element = h("div", { class: "program-editor" }, form, preview.element);
  return { element, first: name };
}
