/**
 * A program's page (`?program=ID`): its settings and questionnaire, its
 * cohorts and a form for a new cohort; and the new-program page
 * (`?program=new`), which starts from a questionnaire that works.
 */
import { loadFailed, viewLink } from "./admin-ui.js";
import { goalsPanel } from "./goals-panel.js";
import { adminProgram, adminPrograms, createCohort, createProgram, updateProgram } from "./api.js";
import { announce, h, replace } from "./dom.js";
import {
  FieldErrors, field, formAlert, submitForm,
} from "./forms.js";
import { cohortTable } from "./program-list.js";
import { programForm } from "./program-form.js";
import { achievementsPanel } from "./achievements-panel.js";
import { emailsPanel } from "./program-emails.js";
import { resourcesPanel } from "./program-resources.js";
import { defaultQuestions } from "./questionnaire-edit.js";

function back(ctx) {
  return h("p", { class: "breadcrumb" }, viewLink({}, ctx.navigate, {}, "← All programs"));
}

/** `?program=new`. */
export async function renderNewProgram(root, ctx) {
  const heading = h("h2", { id: "program-form-heading" }, "New program");
  const { element } = programForm(
    { name: "", description: "", type: "one_to_one", questionnaire: { questions: defaultQuestions() } },
    {
      submitText: "Create program",
      busyText: "Creating the program…",
      async save(body) {
        const made = await createProgram(body);
        announce(`Program “${body.name}” created.`);
        ctx.navigate({ program: made.id });
      },
    });
  replace(root, back(ctx), heading,
    h("p", { class: "lead" }, "A new program starts with four questions that matching uses. Change them as you like."),
    element);
  ctx.setTitle("New program");
  return heading;
}

const DATES = [
  ["enrolment_opens", "Enrolment opens (optional)"],
  ["enrolment_closes", "Enrolment closes"],
  ["matching_at", "Matching time"],
];

function cohortForm(program, ctx) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const controls = {};
  const labelled = (key, label, control) => {
    controls[key] = control;
    return field(errors, key, label, control);
  };
  const submit = h("button", { type: "submit", class: "primary" }, "Create cohort");
  const heading = h("h3", { id: "new-cohort-heading" }, "New cohort");
  const form = h("form", { class: "cohort-form", novalidate: true, "aria-labelledby": heading.id },
    alert,
    labelled("name", "Cohort name", h("input", { type: "text", id: "cohort-name", autocomplete: "off" })),
    h("div", { class: "qb-row" }, DATES.map(([key, label]) =>
      labelled(key, label, h("input", { type: "date", id: `cohort-${key.replace("_", "-")}` })))),
    h("p", { class: "hint" }, "A new cohort is a draft: open enrolment from its page when you are ready."),
    h("div", { class: "actions" }, submit));
  const body = () => {
    const b = { name: controls.name.value.trim() };
    for (const [key] of DATES) if (controls[key].value) b[key] = controls[key].value;
    return b;
  };
  submitForm(form, {
    button: submit, busy: "Creating…", alert, errors,
    check: () => {
      const b = body();
      const problems = [];
      if (!b.name) problems.push({ field: "name", message: "Give the cohort a name." });
      if (b.enrolment_closes && b.matching_at && b.matching_at < b.enrolment_closes) {
        problems.push({ field: "matching_at", message: "Matching comes after enrolment closes." });
      }
      return problems;
    },
    send: () => createCohort(program.id, body()),
    done: (made) => {
      announce(`Cohort “${body().name}” created.`);
      ctx.navigate({ cohort: made.id });
    },
  });
  return h("section", { class: "panel", "aria-labelledby": heading.id }, heading, form);
}

/** `?program=ID`. */
export async function renderProgram(root, ctx) {
  const id = ctx.route.program;
  replace(root, back(ctx), h("p", {}, "Loading the program…"));
  let program;
  let overview;
  try {
    // Cohorts and their counts come with the overview.
    [program, overview] = await Promise.all([adminProgram(id), adminPrograms()]);
  } catch (err) {
    if (ctx.sessionEnded(err)) return null;
    const heading = h("h2", { id: "program-heading" }, err.status === 404 ? "Program not found" : "Program");
    replace(root, back(ctx), heading, err.status === 404
      ? h("p", {}, "There is no program at this address.")
      : loadFailed(err, () => renderProgram(root, ctx)));
    ctx.setTitle(heading.textContent);
    return heading;
  }
  if (ctx.stale()) return null;
  // The overview's cohorts carry their head counts.
  const cohorts = overview.find((p) => p.id === id)?.cohorts ?? program.cohorts ?? [];
  let version = program.version;
  const heading = h("h2", { id: "program-form-heading" }, program.name);
  const savedNote = h("p", { class: "notice", id: "program-saved", hidden: true });
  const { element } = programForm(program, {
    submitText: "Save changes",
    busyText: "Saving…",
    async save(body) {
      // The version read: an edit made meanwhile by another admin is refused, not overwritten.
      const saved = await updateProgram(id, version == null ? body : { ...body, version });
      version = saved?.version ?? version;
      heading.textContent = body.name;
      ctx.setTitle(body.name);
      savedNote.textContent = `Saved at ${new Date().toLocaleTimeString("en-GB")}.`;
      savedNote.hidden = false;
      announce("Program saved.");
    },
  });
  const cohortsHeading = h("h3", { id: "program-cohorts-heading" }, "Cohorts");
  replace(root, back(ctx), heading,
    h("p", { class: "actions" },
      viewLink({ program: id, view: "report" }, ctx.navigate, { class: "link-button" }, "Program dashboard")),
    h("section", { class: "panel", "aria-labelledby": cohortsHeading.id }, cohortsHeading,
      cohortTable(cohorts, cohortsHeading.id, `Cohorts of ${program.name}`, ctx.navigate)),
    goalsPanel(program),
    cohortForm(program, ctx),
    resourcesPanel(id),
    emailsPanel(id),
    achievementsPanel(id),
    h("h3", {}, "Settings and questionnaire"),
    savedNote,
    element);
  ctx.setTitle(program.name);
  return heading;
}
