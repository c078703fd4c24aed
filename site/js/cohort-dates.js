/**
 * Changing a cohort's name and dates (enrolment opens, closes, matching
 * time), folded away under its state until asked for.
 */
import { updateCohortDetails } from "./api.js";
import { announce, h } from "./dom.js";
import {
  FieldErrors, field, formAlert, submitForm,
} from "./forms.js";

const FIELDS = [
  ["enrolment_opens", "Enrolment opens", (c) => c.enrollment_opens],
  ["enrolment_closes", "Enrolment closes", (c) => c.enrollment_closes],
  ["matching_at", "Matching time", (c) => c.matching_at],
];

/** A date input's value from an ISO date or date-time. */
const day = (iso) => (typeof iso === "string" ? iso.slice(0, 10) : "");

/** `onSaved(cohort)` with the cohort as the API returns it. */
export function cohortDates(cohort, { onSaved }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const name = h("input", { type: "text", id: "edit-cohort-name", value: cohort.name ?? "", autocomplete: "off" });
  const dates = FIELDS.map(([key, label, get]) =>
    [key, label, h("input", { type: "date", id: `edit-${key.replace("_", "-")}`, value: day(get(cohort)) })]);
  const submit = h("button", { type: "submit", class: "secondary" }, "Save the dates");
  const form = h("form", { novalidate: true, "aria-label": "Name and dates" }, alert,
    field(errors, "name", "Cohort name", name),
    h("div", { class: "qb-row" }, dates.map(([key, label, input]) => field(errors, key, label, input))),
    h("div", { class: "actions" }, submit));

  submitForm(form, {
    button: submit, busy: "Saving…", alert, errors,
    check: () => (name.value.trim() ? null : [{ field: "name", message: "Give the cohort a name." }]),
    send: () => {
      // Only what is filled in is sent: the API keeps a date left out.
      const body = { name: name.value.trim() };
      for (const [key, , input] of dates) if (input.value) body[key] = input.value;
      return updateCohortDetails(cohort.id, body);
    },
    done: (saved) => {
      announce("The name and dates are saved.");
      onSaved(saved);
    },
  });
  return h("details", { class: "cohort-dates" }, h("summary", {}, "Change the name or dates"), form);
}
