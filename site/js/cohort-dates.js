/**
 * Changing a cohort's name and dates (enrolment opens, closes, matching
 * time), folded away under its state until asked for.
 */
import { updateCohortDetails } from "./api.js";
import { announce, h } from "./dom.js";
import {
  errorMessage, FieldErrors, formAlert, hideAlert, setBusy, showApiError, showProblems,
} from "./forms.js";

const FIELDS = [
  ["enrolment_opens", "Enrolment opens", (c) => c.enrollment_opens],
  ["enrolment_closes", "Enrolment closes", (c) => c.enrollment_closes],
  ["matching_at", "Matching time", (c) => c.matching_at],
];

/** A date input's value from an ISO date or date-time. */
const day = (iso) => (typeof iso === "string" ? iso.slice(0, 10) : "");

/** `onSaved(cohort)` with the cohort as the API returns it. */
export function cohortDates(cohort, { onSaved, sessionEnded }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const field = (key, label, control) => {
    const error = errorMessage(`${control.id}-error`);
    errors.register(key, { controls: [control], error });
    return h("div", { class: "field" }, h("label", { for: control.id }, label), error, control);
  };
  const name = h("input", { type: "text", id: "edit-cohort-name", value: cohort.name ?? "", autocomplete: "off" });
  const dates = FIELDS.map(([key, label, get]) =>
    [key, label, h("input", { type: "date", id: `edit-${key.replace("_", "-")}`, value: day(get(cohort)) })]);
  const submit = h("button", { type: "submit", class: "secondary" }, "Save the dates");
  const form = h("form", { novalidate: true, "aria-label": "Name and dates" }, alert,
    field("name", "Cohort name", name),
    h("div", { class: "qb-row" }, dates.map(([key, label, input]) => field(key, label, input))),
    h("div", { class: "actions" }, submit));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    hideAlert(alert);
    if (!name.value.trim()) {
      showProblems(alert, errors, [{ field: "name", message: "Give the cohort a name." }]);
      return;
    }
    // Only what is filled in is sent: the API keeps a date left out.
    const body = { name: name.value.trim() };
    for (const [key, , input] of dates) if (input.value) body[key] = input.value;
    setBusy(submit, true, "Saving…");
    try {
      const saved = await updateCohortDetails(cohort.id, body);
      announce("The name and dates are saved.");
      onSaved(saved);
    } catch (err) {
      if (sessionEnded(err)) return;
      showApiError(alert, errors, err);
    } finally {
      setBusy(submit, false);
    }
  });
  return h("details", { class: "cohort-dates" }, h("summary", {}, "Change the name or dates"), form);
}
