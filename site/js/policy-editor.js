/**
 * The matching page's policy editor: every criterion with its question, how
 * it compares, its parameter in words, weight and required flag; adding and
 * removing criteria; the questions no criterion uses; the live count with
 * the warnings of its spread; a what-if's changed pairs and "Adopt this
 * policy". Edits live in `state` (the page's), so they survive the page's
 * re-render after a what-if, and leaving with unsaved edits asks first.
 */
import { announce, h, replace, srOnly } from "./dom.js";
import { guardLeaving } from "./leave-guard.js";
import { diffSummary } from "./matching-logic.js";
import {
  COMPARISONS, bestScoreWords, changedPairs, compareOptions, criterionQuestions,
  defaultParameter, fieldsFor, missingSide, newCriterion, otherQuestions, parameterOf,
  samePolicy, shareWords, spreadWarnings, uniqueName, unusedQuestions,
} from "./policy-logic.js";


const plain = (policy) => ({ criteria: policy.criteria, min_score: policy.min_score ?? 0,
  mode: policy.mode ?? "admin" });

/**
 * The editor's section. `state` is kept by the page across re-renders:
 * `{from, edited, tried}` (the version edited, the edited policy, the last
 * what-if `{run, policy}`). `counter` is policy-count.js's `allowedPairs`.
 * `onSave(body)`, `onTry(policy)` and `onAdopt(policy)` do the I/O.
 */
export function policyEditor({ policy, questions, state, names, counter, onSave, onTry, onAdopt }) {
  if (state.from !== policy.version) Object.assign(state, { from: policy.version, edited: null, tried: null });
  const saved = plain(policy);
  const byId = Object.fromEntries(questions.map((q) => [q.id, q]));
  let next = 0;
  // `auto`: named by the editor (added here), so renamed with its question.
  const model = (state.edited ?? saved).criteria.map((c) => ({ key: next++, auto: false, c: { ...c } }));
  let minScore = (state.edited ?? saved).min_score;
  let stats = null;
  const section = h("section", { "aria-labelledby": "policy-h", class: "policy-editor" });
  const edited = () => ({ criteria: model.map((m) => m.c), min_score: minScore, mode: saved.mode });
  const isUnsaved = () => !samePolicy(edited(), saved);
  guardLeaving(isUnsaved);

  function changed({ redraw = false } = {}) {
    state.edited = isUnsaved() ? edited() : null;
    stats = null;
    if (redraw) draw(); else refresh();
    counter.changed(edited());
  }

  const shares = new Map();   // criterion name -> its figures' element
  const warnings = h("ul", { class: "spread-warnings" });
  const best = h("p", { class: "hint" });
  const unused = h("p", { id: "unused-questions" });
  const unsavedNote = h("span", { class: "hint unsaved" });
  const discard = h("button", { type: "button", class: "link-button" }, "Discard changes");
  discard.addEventListener("click", () => {
    model.splice(0, model.length, ...saved.criteria.map((c) => ({ key: next++, auto: false, c: { ...c } })));
    minScore = saved.min_score;
    changed({ redraw: true });
    announce("Back to the saved policy.");
    section.querySelector("#policy-h")?.focus();
  });
  const whatIfBox = h("div");

  function refresh() {
    const words = spreadWarnings(stats, edited());
    replace(warnings, ...words.map((w) => h("li", { class: w.kind }, w.kind === "warning" ? "Warning: " : "Note: ", w.text, ".")));
    warnings.hidden = !words.length;
    best.textContent = bestScoreWords(stats?.best_score);
    const figures = Object.fromEntries((stats?.criteria ?? []).map((f) => [f.name, f]));
    for (const [name, el] of shares) el.textContent = shareWords(figures[name]);
    const left = unusedQuestions(model.map((m) => m.c), questions);
    unused.textContent = left.length ? `Not used by any criterion: ${left.join(", ")}.`
      : "Every question of the questionnaire is used by a criterion.";
    unsavedNote.textContent = isUnsaved() ? "Unsaved changes." : "";
    discard.hidden = !isUnsaved();
    replace(whatIfBox, state.tried ? whatIfView(state.tried, names, samePolicy(state.tried.policy, edited()), onAdopt) : "");
  }

  counter.listen?.((counted) => { stats = counted; refresh(); });

  function setQuestion(m, question) {
    const allowed = compareOptions(question);
    const type = allowed.includes(m.c.type) ? m.c.type : allowed[0] ?? m.c.type;
    const { other } = criterionQuestions(m.c);
    const others = otherQuestions(question, questions);
    const keep = others.find((q) => q.id === other) ?? others[0];
    setFields(m, type, question, keep?.id ?? null);
    const param = parameterOf(type);
    if (param) m.c[param] = defaultParameter(question);
    if (m.auto) m.c.name = uniqueName(question.id, model.filter((x) => x !== m).map((x) => x.c.name));
  }

  function setFields(m, type, question, other) {
    const { field, mentee_field, mentor_field, target, scale, ...rest } = m.c;
    m.c = { ...rest, type, ...fieldsFor(type, question, other) };
    const param = parameterOf(type);
    const before = { target, scale }[param];
    if (param) m.c[param] = before ?? defaultParameter(question);
  }

  /** The other side's question, for a question only one side is asked. */
  function otherField(m, id, question, other, side) {
    const choices = otherQuestions(question, questions);
    if (!choices.length) return "";
    const select = h("select", { id: `${id}-o` },
      other && !choices.some((q) => q.id === other) ? h("option", { value: other, selected: true }, other) : "",
      ...choices.map((q) => h("option", { value: q.id, selected: q.id === other }, q.label)));
    select.addEventListener("change", () => { setFields(m, m.c.type, question, select.value); changed({ redraw: true }); });
    return h("div", { class: "field" },
      h("label", { for: select.id }, side === "mentor" ? "Mentors' question" : "Mentees' question"), select);
  }

  /** gap's target or near's scale, in words around its number. */
  function parameterField(m, id, label) {
    const param = parameterOf(m.c.type);
    if (!param) return "";
    const input = h("input", { type: "number", id: `${id}-p`, step: "any", value: String(m.c[param] ?? ""),
      class: "inline-number", ...(param === "scale" ? { min: "0" } : {}) });
    input.addEventListener("input", () => {
      if (input.value !== "") m.c[param] = Number(input.value);
      changed();
    });
    return param === "target"
      ? h("p", { class: "parameter" }, h("label", {}, `Full points when the mentor's “${label}” is `, input, " more than the mentee's"),
        h("span", { class: "hint" }, "Less than that earns points in proportion, none when it is no more; a negative number asks for a more junior mentor."))
      : h("p", { class: "parameter" }, h("label", {}, `Full points for the same “${label}”, falling to none at a difference of `, input));
  }

  function criterionView(m) {
    const id = `crit-${m.key}`;
    const { question: qid, other } = criterionQuestions(m.c);
    const question = byId[qid];
    const qSelect = h("select", { id: `${id}-q` },
      question ? "" : h("option", { value: qid ?? "", selected: true }, `${qid ?? "none"} (not in the questionnaire)`),
      ...questions.map((q) => h("option", { value: q.id, selected: q.id === qid }, q.label)));
    qSelect.addEventListener("change", () => { setQuestion(m, byId[qSelect.value]); changed({ redraw: true }); });

    const types = compareOptions(question);
    if (!types.includes(m.c.type)) types.push(m.c.type);
    const tSelect = h("select", { id: `${id}-t` },
      ...types.map((t) => h("option", { value: t, selected: t === m.c.type }, COMPARISONS[t] ?? t)));
    tSelect.addEventListener("change", () => {
      setFields(m, tSelect.value, question ?? { id: qid }, other);
      changed({ redraw: true });
    });

    const side = m.c.type === "rank" ? null : missingSide(question);
    const pickers = [h("div", { class: "field" }, h("label", { for: qSelect.id }, "Question"), qSelect),
      side ? otherField(m, id, question, other, side) : "",
      h("div", { class: "field" }, h("label", { for: tSelect.id }, "Compare by"), tSelect)];
    const cannot = question && !compareOptions(question).length
      ? h("p", { class: "error-text" }, `“${question.label}” is a long text: no criterion can compare it; choose another question.`) : "";
    const sideNote = side ? h("p", { class: otherQuestions(question, questions).length ? "hint" : "error-text" },
      otherQuestions(question, questions).length
        ? `${side === "mentor" ? "Mentors" : "Mentees"} are not asked “${question.label}”: their answer to the question beside it is compared with it.`
        : `${side === "mentor" ? "Mentors" : "Mentees"} are not asked “${question.label}” and no question of theirs can be compared with it: choose another question.`) : "";

    const weight = h("input", { type: "range", min: "0", max: "100", step: "5",
      value: String(m.c.weight ?? 1), id: `${id}-w`, "aria-describedby": `${id}-wv` });
    const shown = h("output", { id: `${id}-wv`, for: weight.id, text: String(m.c.weight ?? 1) });
    weight.addEventListener("input", () => { shown.textContent = weight.value; m.c.weight = Number(weight.value); changed(); });
    const required = h("input", { type: "checkbox", id: `${id}-r`, checked: !!m.c.required });
    required.addEventListener("change", () => { m.c.required = required.checked; changed(); });
    const remove = h("button", { type: "button", class: "link-button" }, "Remove", srOnly(` ${m.c.name}`));
    remove.addEventListener("click", () => {
      model.splice(model.indexOf(m), 1);
      changed({ redraw: true });
      announce(`${m.c.name} removed.`);
      section.querySelector("#add-criterion")?.focus();
    });
    const figures = h("p", { class: "hint" });
    shares.set(m.c.name, figures);
    return h("fieldset", { class: "criterion" }, h("legend", { text: m.c.name }),
      h("div", { class: "pickers" }, ...pickers), cannot, sideNote, parameterField(m, id, question?.label ?? qid),
      h("div", { class: "criterion-row" },
        h("span", {}, h("label", { for: weight.id }, "Weight "), weight, " ", shown),
        h("span", {}, required, h("label", { for: required.id, text: " Required: pairs without it are not allowed" }))),
      h("div", { class: "criterion-row" }, figures, remove));
  }

  function add() {
    const used = new Set(model.flatMap((m) => Object.values(criterionQuestions(m.c))));
    const question = questions.find((q) => !used.has(q.id) && compareOptions(q).length) ?? questions[0];
    const m = { key: next++, auto: true, c: newCriterion(question, questions, model.map((x) => x.c.name)) };
    model.push(m);
    changed({ redraw: true });
    section.querySelector(`#crit-${m.key}-q`)?.focus();
    announce(`Criterion ${m.c.name} added.`);
  }

  // A flag the manager judges right is kept: the saved policy is saved again
  // with the flag's key confirmed (a later change to the question flags it anew).
  function keepButton(w) {
    const keep = h("button", { type: "button", class: "small" }, "Keep it as it is");
    keep.addEventListener("click", () => {
      if (isUnsaved()) {
        announce("Save or discard your changes first: keeping a flag saves the policy.");
        return;
      }
      onSave({ ...saved, confirmed: [...(policy.confirmed ?? []), w.key], version: policy.version });
    });
    return keep;
  }

  function draw() {
    const focused = document.activeElement?.id;
    shares.clear();
    const addButton = h("button", { type: "button", id: "add-criterion", disabled: !questions.length }, "Add a criterion");
    addButton.addEventListener("click", add);
    const min = h("input", { type: "number", min: "0", max: "100", id: "min-score", value: String(minScore ?? 0) });
    min.addEventListener("input", () => { minScore = Number(min.value); changed(); });
    const save = h("button", { type: "button", class: "primary" }, `Save as version ${policy.version + 1}`);
    save.addEventListener("click", () => onSave({ ...edited(), version: policy.version }));
    const tryIt = h("button", { type: "button" }, "Try it first (what-if)");
    tryIt.addEventListener("click", () => onTry(edited()));
    replace(section,
      h("h2", { id: "policy-h", tabindex: "-1", text: `Policy (version ${policy.version})` }),
      h("p", { class: "hint" }, "Each criterion compares one question's answers of a mentee and a mentor and gives the pair 0 to full points; the weights say how much each counts."),
      policy.warnings?.length ? h("ul", { class: "spread-warnings", id: "policy-warnings" },
        ...policy.warnings.map((w) => h("li", { class: "warning" }, "The saved policy: ", w.message, ". ",
          keepButton(w)))) : "",
      ...model.map(criterionView),
      h("p", {}, addButton),
      unused,
      h("p", {}, h("label", { for: "min-score" }, "Minimum score "), min),
      counter.element, best, warnings,
      h("p", { class: "actions" }, save, tryIt, discard, unsavedNote),
      whatIfBox);
    refresh();
    if (focused) document.getElementById(focused)?.focus();
  }

  draw();
  counter.changed(edited());
  return section;
}

/** A finished what-if: matched and mean score before → after, the changed pairs, and adopting it. */
function whatIfView(tried, names, current, onAdopt) {
  const { run, policy } = tried;
  const diff = run.diff ?? { pairs_changed: 0, pairs: [], matched: [null, null], mean_score: [null, null] };
  const rows = changedPairs(diff, names);
  const shown = rows.length < diff.pairs_changed ? ` (the first ${rows.length} shown)` : "";
  const adopt = h("button", { type: "button", class: "primary" }, "Adopt this policy");
  adopt.addEventListener("click", () => onAdopt(policy));
  const notes = spreadWarnings(run.stats, policy);
  return h("section", { "aria-labelledby": "what-if-h", class: "what-if" },
    h("h3", { id: "what-if-h", text: "What-if: the tried policy against the current proposal" }),
    h("p", { text: diffSummary(diff) }),
    notes.length ? h("ul", { class: "spread-warnings" }, ...notes.map((w) => h("li", { class: w.kind }, w.text, "."))) : "",
    rows.length ? h("table", { class: "what-if-pairs" },
      h("caption", { text: `Changed pairs: ${diff.pairs_changed}${shown}` }),
      h("thead", {}, h("tr", {}, ...["Mentee", "Mentor now (score)", "With the tried policy (score)"]
        .map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, ...rows.map((r) => h("tr", {},
        h("th", { scope: "row", text: r.mentee }), h("td", { text: r.before }), h("td", { text: `→ ${r.after}` })))))
      : h("p", { text: "No mentee would get another mentor." }),
    current ? h("p", {}, adopt, " ", h("span", { class: "hint" }, "Saves the tried policy as the next version; press “Match now” to use it."))
      : h("p", { class: "notice" }, "You changed the policy after this what-if: try it again to see what your changes do."));
}
