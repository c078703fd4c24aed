/**
 * The matching page's equity audit: matched and unmatched mentees, match
 * rate and mean score by self-identified group, or by the answer to one
 * single-choice question of the program ("Audit by"). The server hides every
 * count under its threshold and any count that would reveal one; this view
 * says so where a cell is empty.
 */
import { getEquity } from "./api.js";
import { announce, h, replace } from "./dom.js";

const SELF_ID = "";

/** The questions mentees can be audited by: one answer each (single choice), asked of mentees. */
export function auditableQuestions(questionnaire) {
  return (questionnaire?.questions ?? []).filter((q) => q.type === "choice"
    && (q.roles ?? ["mentee"]).includes("mentee"));
}

function describe(audit, question) {
  const hidden = `any count under ${audit.threshold}, and any count that would reveal one, is hidden.`;
  return question
    ? `Audited by “${question.label}”: each mentee's answer to that question, “not said” where she gave none; ${hidden}`
    : `Audited by self-identification, given with consent only; ${hidden}`;
}

function table(a) {
  const count = (v) => (v === null || v === undefined
    ? h("td", { class: "num suppressed", text: "fewer than 10 (hidden)" })
    : h("td", { class: "num", text: String(v) }));
  const caption = `equity-${a.attribute}`;
  return h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": caption },
    h("table", {},
      h("caption", { id: caption, text: a.label }),
      h("thead", {}, h("tr", {}, ...["Group", "Matched", "Unmatched", "Total", "Match rate", "Mean score"]
        .map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, ...a.rows.map((r) => h("tr", {},
        h("th", { scope: "row", text: r.group }), ...r.counts.map(count),
        h("td", { class: "num", text: r.matched_rate === null ? "—" : `${Math.round(r.matched_rate * 100)}%` }),
        h("td", { class: "num", text: r.mean_score === null ? "—" : String(r.mean_score) })))),
      h("tfoot", {}, h("tr", {}, h("th", { scope: "row", text: "All mentees" }),
        ...a.total.map(count), h("td", {}), h("td", {})))));
}

/**
 * The section, with its first audit loaded. `view.auditBy` (a question id, or
 * "" for self-identification) is the admin's choice and survives re-renders.
 */
export async function equitySection(cohortId, questionnaire, view) {
  const questions = auditableQuestions(questionnaire);
  if (!questions.some((q) => q.id === view.auditBy)) view.auditBy = SELF_ID;
  const select = h("select", { id: "audit-by" },
    h("option", { value: SELF_ID, text: "Self-identification" }),
    ...questions.map((q) => h("option", { value: q.id, text: q.label })));
  select.value = view.auditBy;
  const results = h("div", { id: "equity-results" });
  const problem = h("p", { class: "error", role: "alert" });
  let latest = 0;

  async function load(announced) {
    const asked = ++latest;
    const by = select.value;
    results.setAttribute("aria-busy", "true");
    problem.textContent = "";
    try {
      const audit = await getEquity(cohortId, by || undefined);
      if (asked !== latest) return; // a later choice is on its way
      const question = questions.find((q) => q.id === by);
      replace(results, h("p", { class: "hint", id: "equity-about", text: describe(audit, question) }),
        ...audit.attributes.map(table));
      if (announced) announce(`Equity audit by ${question ? question.label : "self-identification"}.`);
    } catch (err) {
      if (asked !== latest) return;
      problem.textContent = err.message;
      replace(results); // the tables were of the previous choice
    } finally {
      if (asked === latest) results.removeAttribute("aria-busy");
    }
  }

  select.addEventListener("change", () => {
    view.auditBy = select.value;
    load(true);
  });
  await load(false);
  return h("section", { class: "equity", "aria-labelledby": "equity-h" },
    h("h2", { id: "equity-h", text: "Equity audit" }),
    h("p", {}, h("label", { for: "audit-by" }, "Audit by "), select),
    problem, results);
}
