/**
 * A program's resources and training on its admin page: the list by stage
 * (a new program starts with Tandem's starter set), a form to add one, and
 * edit and delete for each.
 */
import { addResource, deleteResource, editResource, programResources } from "./api.js";
import { announce, h, replace } from "./dom.js";
import { FieldErrors, busyAction, field, formAlert, showAlert, submitForm } from "./forms.js";

const STAGES = {
  "first-meeting": "Before the first meeting",
  "first-month": "The first month",
  "mid-point": "Mid-point",
  closing: "Closing",
};
const AUDIENCES = { both: "Mentors and mentees", mentor: "Mentors", mentee: "Mentees" };

function choices(name, labels, current) {
  return h("select", { name },
    ...Object.entries(labels).map(([value, text]) => h("option", { value, text, selected: value === current })));
}

function resourceFields(errors, r = {}) {
  const text = h("textarea", { name: "text", rows: "4", maxlength: "4000" });
  text.value = r.text ?? "";
  const required = h("input", { type: "checkbox", name: "required", id: `required-${r.id ?? "new"}`, checked: Boolean(r.required) });
  return [
    field(errors, "title", "Title", h("input", { type: "text", name: "title", maxlength: "200", required: true, value: r.title ?? "" })),
    field(errors, "url", "Link", h("input", { type: "url", name: "url", maxlength: "2000", value: r.url ?? "" }),
      "A web address (https://…), or leave it empty and write a short text below."),
    field(errors, "text", "Or a short text", text),
    field(errors, "audience", "For", choices("audience", AUDIENCES, r.audience ?? "both")),
    field(errors, "stage", "Stage", choices("stage", STAGES, r.stage ?? "first-meeting")),
    h("div", { class: "field" }, required, " ",
      h("label", { for: required.id, text: "Required training for mentors before matching" })),
  ];
}

function values(f) {
  const out = {
    title: f.elements.title.value.trim(), audience: f.elements.audience.value,
    stage: f.elements.stage.value, required: f.elements.required.checked,
  };
  const url = f.elements.url.value.trim();
  const text = f.elements.text.value.trim();
  if (url) out.url = url;
  if (text) out.text = text;
  return out;
}

function resourceForm(label, submit, r, send, done) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const button = h("button", { type: "submit", text: submit });
  const form = h("form", { "aria-label": label, novalidate: true }, alert, ...resourceFields(errors, r), button);
  return submitForm(form, { button, busy: "Saving…", alert, errors, send: () => send(values(form)), done });
}

function row(programId, r, refresh) {
  const alert = formAlert();
  const remove = h("button", { type: "button", class: "secondary small", text: "Delete" });
  remove.addEventListener("click", () => busyAction({
    button: remove, busy: "Deleting…", alert,
    send: () => deleteResource(programId, r.id),
    done: () => refresh(`Deleted “${r.title}”.`),
    failed: (err) => showAlert(alert, err.message),
  }));
  const edit = resourceForm(`Edit ${r.title}`, "Save changes", r,
    (body) => editResource(programId, r.id, { ...body, version: r.version }),
    () => refresh(`Saved “${r.title}”.`));
  return h("li", { class: "card" },
    h("p", {}, h("strong", { text: r.title }), ` · ${AUDIENCES[r.audience] ?? r.audience}`,
      r.required ? " · required training" : ""),
    r.url ? h("p", {}, h("a", { href: r.url, rel: "noopener noreferrer", text: r.url })) : null,
    alert,
    h("div", { class: "row-actions" },
      h("details", { class: "add-form edit-form" }, h("summary", { text: "Edit" }), edit), remove));
}

/** The panel; it loads and redraws itself. */
export function resourcesPanel(programId) {
  const heading = h("h3", { id: "program-resources-heading", tabindex: "-1" }, "Resources and training");
  const body = h("div", {}, h("p", { text: "Loading resources…" }));
  async function refresh(message) {
    let listed;
    try {
      listed = await programResources(programId);
    } catch (err) {
      replace(body, h("p", { class: "error", text: err.message }));
      return;
    }
    const add = resourceForm("Add a resource", "Add resource", {},
      (b) => addResource(programId, b), () => refresh("Resource added."));
    replace(body,
      h("p", { class: "hint", text: "Participants see the resources for their role, from the first stage up to their match's current one, and mark them done on My mentoring." }),
      ...Object.entries(STAGES).map(([stage, label]) => {
        const items = listed.resources.filter((r) => r.stage === stage);
        return [h("h4", { text: label }), items.length
          ? h("ul", { class: "cards" }, ...items.map((r) => row(programId, r, refresh)))
          : h("p", { class: "hint", text: "None for this stage." })];
      }),
      h("details", { class: "add-form" }, h("summary", { text: "Add a resource" }), add));
    if (message) {
      announce(message);
      heading.focus();
    }
  }
  refresh();
  return h("section", { class: "panel", "aria-labelledby": heading.id }, heading, body);
}
