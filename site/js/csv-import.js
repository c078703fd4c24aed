/**
 * Import participants from a spreadsheet in two steps: "Check the file"
 * sends it as a dry run and shows how it was read (its encoding and
 * separator), the people in it by name, and in update mode what changes
 * for each; or every bad row (nothing is written). Once it is clean,
 * "Import" writes all the rows (or, if anything changed meanwhile, none,
 * and lists why).
 *
 * The file goes as its bytes, not as text: the server tells its encoding
 * (UTF-8, UTF-16 or Windows-1252) once, for the check and the import alike;
 * a browser decoding it here would turn "Müller" from Excel on Windows into
 * "M�ller" before anyone could see it.
 */
import { importParticipants, templateCsvUrl } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { setBusy } from "./forms.js";
import { plural } from "./format.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** People listed in the preview; the rest are counted. */
const SHOWN = 100;

function errorTable(errors) {
  return h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": "import-result-title" },
    h("table", { class: "import-errors" },
      h("caption", { class: "visually-hidden" }, "Problems in the file, by row"),
      h("thead", {}, h("tr", {}, ["Row", "Column", "Problem"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, errors.map((e) => h("tr", {},
        h("th", { scope: "row", class: "num" }, String(e.row ?? "–")),
        h("td", {}, e.field ? String(e.field) : "–"),
        h("td", {}, String(e.message ?? "")))))));
}

const shown = (value) => (value === null || value === undefined || value === ""
  ? "empty" : Array.isArray(value) ? value.join("; ") : String(value));

/** "department: Data → Sales; name: …" */
function describeChanges(changes) {
  return Object.entries(changes ?? {})
    .map(([column, c]) => `${column}: ${shown(c.from)} → ${shown(c.to)}`).join("; ");
}

const ACTION = { add: "New", update: "Updated", unchanged: "No change" };

/** The people the file holds, as the server read them. */
function peopleTable(rows, update) {
  const columns = ["Row", "Name", "E-mail", "Role", ...(update ? ["What happens"] : [])];
  const body = rows.slice(0, SHOWN).map((r) => h("tr", {},
    h("th", { scope: "row", class: "num" }, String(r.row)),
    h("td", {}, String(r.name ?? "")),
    h("td", {}, String(r.email ?? "")),
    h("td", {}, String(r.role ?? "")),
    ...(update ? [h("td", {}, r.action === "update"
      ? `Updated: ${describeChanges(r.changes)}` : ACTION[r.action] ?? "")] : [])));
  return h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": "import-people-caption" },
    h("table", { class: "import-people" },
      h("caption", { id: "import-people-caption" },
        rows.length > SHOWN ? `The first ${SHOWN} of ${plural(rows.length, "person")} in the file`
          : "The people in the file"),
      h("thead", {}, h("tr", {}, columns.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, body)));
}

/** "Read as Windows-1252 (Excel on Windows), columns separated by semicolons." */
const readAs = (answer) => (answer?.read_as
  ? `${answer.read_as[0].toUpperCase()}${answer.read_as.slice(1)}.` : "");

/** The columns this cohort's file takes: each question by its id, the CSV column. */
function columnList(questions) {
  const fixed = [["role", "mentor or mentee"], ["name", "her full name"], ["email", "her e-mail address"],
    ["capacity", "mentors: how many mentees (1–10)"], ["job_title", "optional"], ["bio", "optional"]];
  const ids = new Set(questions.map((q) => q.id));
  const items = [
    ...fixed.filter(([id]) => !ids.has(id) || !["job_title", "bio"].includes(id)),
    ...questions.map((q) => [q.id, `${q.label}${q.required ? " (required)" : ""}`
      + (q.type === "multi_choice" ? "; choices separated by “;”" : "")]),
  ];
  return h("details", { class: "import-columns" },
    h("summary", {}, "The columns, by name"),
    h("dl", {}, items.flatMap(([id, what]) => [h("dt", {}, h("code", {}, id)), h("dd", {}, what)])));
}

/**
 * `cohort`: `{id, name, questionnaire}`. `onImported(count)` after a real
 * import. Returns `{element}`.
 */
export function csvImport(cohort, { onImported, sessionEnded }) {
  const file = h("input", {
    type: "file", id: "import-file", "aria-describedby": "import-hint",
    accept: `.csv,.txt,.tsv,.xlsx,text/csv,text/plain,${XLSX}`,
  });
  const modes = [["add", "Add new people"], ["update", "Update the people already in this cohort, and add the new ones"]]
    .map(([value, text], i) => {
      const input = h("input", { type: "radio", name: "import-mode", id: `import-mode-${value}`, value, checked: i === 0 });
      return h("div", { class: "option" }, input, h("label", { for: input.id }, text));
    });
  const check = h("button", { type: "submit", class: "secondary" }, "Check the file");
  const commit = h("button", { type: "button", class: "primary", id: "import-commit", hidden: true });
  // Filled while the file is checked or imported; announced through the live region.
  const progress = h("p", { class: "progress", id: "import-progress" });
  const result = h("div", { class: "import-result", id: "import-result", tabindex: "-1" });
  let checked = null; // {bytes, type, mode} of the file checked last

  // The API writes the template: the columns it reads, for this cohort's questionnaire.
  const template = h("a", { class: "link-button", id: "import-template", href: templateCsvUrl(cohort.id), download: "" },
    "Download a template");

  function show(title, ...body) {
    const heading = h("h4", { id: "import-result-title" }, title);
    replace(result, heading, ...body);
    focusElement(result);
    announce(title);
  }

  function failed(err, what) {
    if (sessionEnded(err)) return;
    if (err.errors?.length) {
      show(`${plural(err.errors.length, "problem")} in the file: nothing was ${what}`,
        h("p", {}, "Correct these rows and check the file again. Rows are numbered as Excel numbers them (the header is row 1)."),
        errorTable(err.errors));
    } else {
      show(`The file could not be ${what}`, h("p", { class: "error-text" }, err.message));
    }
  }

  const mode = () => form.querySelector("input[name=import-mode]:checked")?.value ?? "add";
  const form = h("form", { class: "import-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: file.id }, "Spreadsheet file (.xlsx, .csv or .txt)"),
      h("div", { class: "import-picker" }, file, template)),
    h("fieldset", { class: "import-mode" }, h("legend", {}, "People already in the cohort"), ...modes),
    h("div", { class: "actions" }, check, commit, progress));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    commit.hidden = true;
    const chosen = file.files?.[0];
    if (!chosen) {
      show("Choose a file first", h("p", {}, "Pick the spreadsheet to import, then check it."));
      return;
    }
    setBusy(check, true, "Checking…");
    try {
      progress.textContent = `Checking “${chosen.name}”…`;
      announce(progress.textContent);
      const type = /\.xlsx$/i.test(chosen.name) || chosen.type === XLSX ? XLSX : "text/csv";
      checked = { bytes: await chosen.arrayBuffer(), type, mode: mode() };
      const answer = await importParticipants(cohort.id, checked.bytes, true, checked);
      const update = checked.mode === "update";
      const count = answer.valid ?? 0;
      const added = answer.added ?? 0;
      const summary = update
        ? `${added} ${added === 1 ? "new person" : "new people"}, ${answer.updated ?? 0} updated, ${answer.unchanged ?? 0} unchanged.`
        : "";
      show(`${plural(count, "row")} ready to import`,
        h("p", { id: "import-read-as" }, readAs(answer)),
        h("p", {}, `Every row of “${chosen.name}” is correct. ${summary} Check the names below; nothing is written until you import.`),
        peopleTable(answer.rows ?? [], update));
      commit.textContent = update
        ? `Add ${added} and update ${plural(answer.updated ?? 0, "participant")}`
        : `Import ${plural(count, "participant")}`;
      commit.hidden = false;
    } catch (err) {
      failed(err, "imported");
    } finally {
      progress.textContent = "";
      setBusy(check, false);
    }
  });

  commit.addEventListener("click", async () => {
    setBusy(commit, true, "Importing…");
    progress.textContent = "Importing…";
    announce("Importing…");
    try {
      const answer = await importParticipants(cohort.id, checked.bytes, false, checked);
      commit.hidden = true;
      file.value = "";
      const added = answer.added ?? answer.imported ?? 0;
      show(checked.mode === "update"
        ? `Added ${plural(added, "participant")} and updated ${answer.updated ?? 0}`
        : `Imported ${plural(added, "participant")}`, h("p", {}, "They are in the list below."));
      onImported(added);
    } catch (err) {
      failed(err, "imported");
    } finally {
      progress.textContent = "";
      setBusy(commit, false);
    }
  });

  const heading = h("h3", { id: "import-heading" }, "Import participants from a spreadsheet");
  return {
    element: h("section", { class: "panel import", "aria-labelledby": heading.id },
      heading,
      h("p", { class: "hint", id: "import-hint" },
        "One row a person: role (mentor or mentee), name, email, capacity (mentors: how many mentees), "
        + "then one column per question, named by its id (or its text). Separate the choices of a multiple-choice "
        + "answer with “;”. An Excel workbook (.xlsx) or a CSV file in any encoding Excel saves is fine. "
        + "The file is checked first; a file with any bad row imports nothing."),
      columnList(cohort.questionnaire?.questions ?? []),
      form,
      result),
  };
}
