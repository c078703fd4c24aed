/**
 * Import participants from a CSV file in two steps: "Check the file" sends
 * it as a dry run and lists every bad row (nothing is written); once it is
 * clean, "Import" writes all the rows (or, if anything changed meanwhile,
 * none, and lists why).
 */
import { importParticipants, templateCsvUrl } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { dataRows } from "./csv.js";
import { setBusy } from "./forms.js";
import { plural } from "./format.js";

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

/** How many rows an answer says were imported (`imported`) or would be (a dry run's `valid`). */
function countOf(answer, fallback) {
  const key = answer?.dry_run ? "valid" : "imported";
  return typeof answer?.[key] === "number" ? answer[key] : fallback;
}

/**
 * `cohort`: `{id, name}`. `onImported(count)` after a real
 * import. Returns `{element}`.
 */
export function csvImport(cohort, { onImported, sessionEnded }) {
  const file = h("input", { type: "file", id: "import-file", accept: ".csv,text/csv", "aria-describedby": "import-hint" });
  const check = h("button", { type: "submit", class: "secondary" }, "Check the file");
  const commit = h("button", { type: "button", class: "primary", id: "import-commit", hidden: true });
  // Filled while the file is checked or imported; announced through the live region.
  const progress = h("p", { class: "progress", id: "import-progress" });
  const result = h("div", { class: "import-result", id: "import-result", tabindex: "-1" });
  let text = null;

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
        h("p", {}, "Correct these rows and check the file again."), errorTable(err.errors));
    } else {
      show(`The file could not be ${what}`, h("p", { class: "error-text" }, err.message));
    }
  }

  const form = h("form", { class: "import-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: file.id }, "CSV file"), file),
    h("div", { class: "actions" }, check, commit, progress));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    commit.hidden = true;
    const chosen = file.files?.[0];
    if (!chosen) {
      show("Choose a file first", h("p", {}, "Pick the CSV file to import, then check it."));
      return;
    }
    setBusy(check, true, "Checking…");
    try {
      text = await chosen.text();
      const rows = dataRows(text);
      progress.textContent = `Checking ${plural(rows, "row")}…`;
      announce(progress.textContent);
      const answer = await importParticipants(cohort.id, text, true);
      const count = countOf(answer, rows);
      show(`${plural(count, "row")} ready to import`,
        h("p", {}, `Every row of “${chosen.name}” is correct. Nothing is written until you import.`));
      commit.textContent = `Import ${plural(count, "participant")}`;
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
      const answer = await importParticipants(cohort.id, text, false);
      const count = countOf(answer, dataRows(text));
      commit.hidden = true;
      file.value = "";
      show(`Imported ${plural(count, "participant")}`, h("p", {}, "They are in the list below."));
      onImported(count);
    } catch (err) {
      failed(err, "imported");
    } finally {
      progress.textContent = "";
      setBusy(commit, false);
    }
  });

  const heading = h("h3", { id: "import-heading" }, "Import participants from CSV");
  return {
    element: h("section", { class: "panel import", "aria-labelledby": heading.id },
      heading,
      h("p", { class: "hint", id: "import-hint" },
        "One row a person: role (mentor or mentee), name, email, capacity (mentors: how many mentees), "
        + "then one column per question, named by its id. Separate the choices of a multiple-choice "
        + "answer with “;”. The file is checked first; a file with any bad row imports nothing."),
      h("p", {}, template),
      form,
      result),
  };
}
