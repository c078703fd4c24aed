/**
 * One participant's profile inside the cohort page: what they told us, a
 * form to correct their name, capacity, job title and bio, and withdrawing them
 * (asked twice, on the page: no browser dialog).
 */
import { facts } from "./admin-ui.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { formatDateTime, roleLabel } from "./format.js";
import {
  busyAction, FieldErrors, field, formAlert, submitForm,
} from "./forms.js";
import { statusOf } from "./roster.js";

function answerText(value) {
  if (Array.isArray(value)) return value.join(", ");
  if (value === null || value === undefined || value === "") return "–";
  return String(value);
}

function editForm(p, { save }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const make = (key, label, props) => {
    const control = h("input", { id: `profile-${key}`, ...props });
    return { control, element: field(errors, key, label, control) };
  };
  const name = make("name", "Name", { type: "text", value: p.name ?? "", autocomplete: "off" });
  const capacity = p.role === "mentor"
    ? make("capacity", "Capacity (mentees at most)", { type: "number", min: 1, max: 10, step: 1, value: p.capacity ?? "" })
    : null;
  const jobTitle = make("job_title", "Job title (optional, up to 100 characters)",
    { type: "text", value: p.job_title ?? "", autocomplete: "off" });
  const bioControl = h("textarea", { id: "profile-bio", rows: 4 });
  bioControl.value = p.bio ?? "";
  const bio = field(errors, "bio", "Bio (optional, up to 600 characters)", bioControl);
  const submit = h("button", { type: "submit", class: "primary" }, "Save changes");
  const form = h("form", { novalidate: true, "aria-label": `Edit ${p.name ?? ""}` },
    alert, name.element, capacity?.element, jobTitle.element, bio,
    h("div", { class: "actions" }, submit));
  const changes = {};
  submitForm(form, {
    button: submit, busy: "Saving…", alert, errors,
    check: () => {
      for (const key of Object.keys(changes)) delete changes[key];
      if (name.control.value.trim() !== (p.name ?? "")) changes.name = name.control.value.trim();
      if (capacity && capacity.control.value !== String(p.capacity ?? "")) changes.capacity = Number(capacity.control.value);
      // Empty clears it (the API takes null as "not given").
      for (const [key, control] of [["job_title", jobTitle.control], ["bio", bioControl]]) {
        const value = control.value.trim();
        if (value !== (p[key] ?? "")) changes[key] = value || null;
      }
      const problems = [];
      if ("name" in changes && !changes.name) problems.push({ field: "name", message: "A name is needed." });
      if ("capacity" in changes && !(Number.isInteger(changes.capacity) && changes.capacity >= 1 && changes.capacity <= 10)) {
        problems.push({ field: "capacity", message: "Capacity is a whole number from 1 to 10." });
      }
      if (problems.length) return problems;
      return Object.keys(changes).length ? null : "Nothing has changed.";
    },
    send: () => save(p, { ...changes }),
  });
  return form;
}

function withdrawPart(p, { withdraw }) {
  const part = h("div", { class: "withdraw" });
  if (statusOf(p) === "withdrawn") {
    replace(part, h("p", {}, `${p.name ?? "This participant"} has withdrawn and is left out of matching.`));
    return part;
  }
  const ask = h("button", { type: "button", class: "secondary danger" }, "Withdraw from the cohort");
  const message = h("p", { class: "error-text", hidden: true });
  ask.addEventListener("click", () => {
    const yes = h("button", { type: "button", class: "primary danger" }, `Yes, withdraw ${p.name ?? ""}`);
    const no = h("button", { type: "button", class: "secondary" }, "Keep them");
    const question = h("p", { id: "withdraw-question", tabindex: "-1" },
      `Withdraw ${p.name ?? "this participant"}? They will be left out of matching.`);
    no.addEventListener("click", () => {
      replace(part, ask, message);
      ask.focus();
    });
    yes.addEventListener("click", () => busyAction({
      button: yes, busy: "Withdrawing…",
      send: () => withdraw(p),
      failed: (err) => {
        replace(part, ask, message);
        message.textContent = `Withdrawing failed. ${err.message}`;
        message.hidden = false;
        announce(message.textContent);
        ask.focus();
      },
    }));
    replace(part, question, h("div", { class: "actions" }, yes, no));
    focusElement(question);
  });
  replace(part, ask, message);
  return part;
}

function answersPart(p, { questions, load, sessionEnded }) {
  const part = h("div", { class: "answers" }, h("p", {}, "Loading the answers…"));
  const labels = new Map((questions ?? []).map((q) => [q.id, q.label]));
  const draw = (answers) => {
    const entries = Object.entries(answers ?? {});
    replace(part, entries.length
      ? facts(entries.map(([id, value]) => [labels.get(id) ?? id, answerText(value)]))
      : h("p", { class: "empty" }, "No answers."));
  };
  if (p.answers || !load) {
    draw(p.answers);
    return part;
  }
  // The list holds who people are; their answers come with the profile.
  load(p).then((full) => draw(full?.answers), (err) => {
    if (!sessionEnded(err)) replace(part, h("p", { class: "error-text" }, `The answers could not be loaded. ${err.message}`));
  });
  return part;
}

/**
 * Fill `root` with `p`'s profile. `actions`: `{questions, load(p), save(p,
 * changes), withdraw(p), sessionEnded(err), close()}`.
 */
export function renderProfile(root, p, actions) {
  const close = h("button", { type: "button", class: "secondary small" }, "Close the profile");
  close.addEventListener("click", actions.close);
  replace(root,
    h("div", { class: "panel-head" }, h("h4", { id: "profile-heading" }, p.name ?? p.email ?? "Participant"), close),
    facts([
      ["Email", p.email ?? ""],
      ["Role", roleLabel(p.role)],
      p.role === "mentor" ? ["Capacity", p.capacity != null ? String(p.capacity) : "–"] : null,
      ["Status", statusOf(p) === "withdrawn" ? "Withdrawn" : "Active"],
      ["Enrolled", formatDateTime(p.created_at) || "–"],
      ["Job title", p.job_title || "–"],
      ["Bio", p.bio ? h("span", { class: "bio" }, p.bio) : "–"],
    ]),
    h("h5", {}, "Answers"),
    answersPart(p, actions),
    h("h5", {}, "Edit"),
    editForm(p, actions),
    h("h5", {}, "Withdraw"),
    withdrawPart(p, actions));
}
