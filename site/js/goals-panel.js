/**
 * A program's goals on its admin page: the list in plain words (questions
 * by their text), whether the matcher must meet each, a form to add one,
 * and remove. Every change saves the whole list with the version it started
 * from, so an edit made meanwhile by another admin is refused, not lost.
 */
import { adminPrograms, cohortGoals, getPolicy, programGoals, saveProgramGoals } from "./api.js";
import { announce, h, replace } from "./dom.js";
import { FieldErrors, busyAction, field, formAlert, showAlert, submitForm } from "./forms.js";
import { trend } from "./goals-view.js";

const KINDS = {
  parity: "Parity: every group matched at about the same rate",
  reach: "Reach: enough mentees from a group",
  mix: "Mix: enough pairs that meet a criterion",
};

// Self-identified groups, when the program uses those answers for its goals
// (the same ids and words as the API's; gender and ethnicity are in her own words).
const SELF_ID = [
  { id: "self_id.gender", label: "Gender (self-identified)", options: null },
  { id: "self_id.age_range", label: "Age range (self-identified)",
    options: ["under 25", "25–34", "35–44", "45–54", "55+", "prefer not to say"] },
  { id: "self_id.ethnicity", label: "Ethnicity (self-identified)", options: null },
];

const groupQuestions = (program) => [...(program.questionnaire?.questions ?? [])
  .filter((q) => q.type === "choice" && (q.roles ?? ["mentee"]).includes("mentee")),
...(program.self_id_goals ? SELF_ID : [])];

function select(name, id, options, current) {
  return h("select", { name, id },
    ...options.map(([value, text]) => h("option", { value, text, selected: value === current })));
}

/** The form to add a goal: only the fields its kind reads are shown. */
function addForm(program, criteria, { send }) {
  const errors = new FieldErrors();
  const alert = formAlert();
  const questions = groupQuestions(program);
  const kind = select("kind", "goal-kind", Object.entries(KINDS), "parity");
  const question = select("question", "goal-question", questions.map((q) => [q.id, q.label]), questions[0]?.id);
  const group = h("select", { name: "group", id: "goal-group" });
  // An answer in her own words: the group is typed (compared without case).
  const groupText = h("input", { type: "text", name: "group-text", id: "goal-group-text" });
  const typed = () => questions.find((x) => x.id === question.value)?.options === null;
  const fillGroups = () => {
    const q = questions.find((x) => x.id === question.value);
    replace(group, ...(q?.options ?? []).map((o) => h("option", { value: o, text: o })));
    show();
  };
  question.addEventListener("change", fillGroups);
  const share = h("input", { type: "number", name: "share", id: "goal-share", min: "0", max: "100", step: "any", value: "50" });
  const points = h("input", { type: "number", name: "points", id: "goal-points", min: "0", max: "100", step: "any", value: "10" });
  const criterion = select("criterion", "goal-criterion", criteria.map((c) => [c.name, c.name]), criteria[0]?.name);
  const binding = h("input", { type: "checkbox", name: "binding", id: "goal-binding" });
  const parts = {
    question: field(errors, "question", "Question that forms the groups", question),
    group: field(errors, "group", "Group", group),
    groupText: field(null, "group-text", "Group, as people answer it", groupText,
      "Answers are compared without capitals or spaces around them."),
    share: field(errors, "share", "At least (%)", share),
    points: field(errors, "points", "Within (points of the whole cohort's matched rate)", points),
    criterion: field(errors, "criterion", "Criterion of the policy", criterion,
      "A pair counts when it gets full points on it."),
    binding: h("div", { class: "field goal-check" }, binding,
      h("label", { for: binding.id, text: "The matcher must meet it (the proposal is the best one that does)" })),
  };
  const shown = { parity: ["question", "points", "binding"], reach: ["question", "group", "share"],
    mix: ["criterion", "share", "binding"] };
  function show() {
    for (const [name, el] of Object.entries(parts)) el.hidden = !shown[kind.value].includes(name);
    if (kind.value === "reach" && typed()) [parts.group.hidden, parts.groupText.hidden] = [true, false];
  }
  kind.addEventListener("change", show);
  fillGroups();
  const button = h("button", { type: "submit", class: "primary", text: "Add goal" });
  const heading = h("h4", { id: "goal-add-heading", text: "Add a goal" });
  const form = h("form", { class: "goal-form", novalidate: true, "aria-labelledby": heading.id },
    heading, alert, field(errors, "kind", "Kind of goal", kind), ...Object.values(parts),
    h("div", { class: "actions" }, button));
  const body = () => {
    const goal = { kind: kind.value };
    if (kind.value !== "mix") goal.question = question.value;
    if (kind.value === "reach") goal.group = typed() ? groupText.value.trim() : group.value;
    if (kind.value !== "parity") goal.share = Number(share.value);
    if (kind.value === "parity") goal.points = Number(points.value);
    if (kind.value === "mix") goal.criterion = criterion.value;
    if (kind.value !== "reach") goal.binding = binding.checked;
    return goal;
  };
  submitForm(form, {
    button, busy: "Saving…", alert, errors,
    check: () => {
      const g = body();
      const problems = [];
      if (kind.value !== "mix" && !questions.length) {
        problems.push({ field: "question", message: "The questionnaire has no single-choice question for mentees: add one (a department, a location) first." });
      }
      if (kind.value === "mix" && !criteria.length) {
        problems.push({ field: "criterion", message: "The policy has no criteria yet: add one on the Policy and proposal page first." });
      }
      for (const key of ["share", "points"]) {
        if (key in g && !(g[key] >= 0 && g[key] <= 100)) problems.push({ field: key, message: "Give a number from 0 to 100." });
      }
      return problems;
    },
    send: () => send(body()),
  });
  return form;
}

/** The panel; loads the goals and the policy's criteria itself. */
export function goalsPanel(program) {
  const heading = h("h3", { id: "goals-heading", text: "Goals" });
  const body = h("div", {}, h("p", { text: "Loading the goals…" }));
  const panel = h("section", { class: "panel", id: "goals", "aria-labelledby": heading.id }, heading,
    h("p", { class: "hint", text: "Goals are measured on every cohort (figures from fewer than 10 people are withheld). A parity or mix goal the matcher must meet is kept by every proposal, at the price the proposal states." }),
    body);
  let state = { goals: [], version: 0 };
  let criteria = [];
  const alert = formAlert();

  const save = async (goals, said) => {
    const plain = goals.map(({ goal, ...rest }) => rest);
    state = await saveProgramGoals(program.id, { goals: plain, version: state.version });
    draw();
    announce(said);
  };

  function draw() {
    const list = state.goals.length
      ? h("ul", { class: "goal-list" }, ...state.goals.map((g, i) => {
        const remove = h("button", { type: "button", class: "secondary small", text: "Remove" });
        remove.addEventListener("click", () => busyAction({
          button: remove, busy: "Removing…", alert,
          send: () => save(state.goals.filter((_, j) => j !== i), `Removed the goal “${g.goal}”.`),
          failed: (err) => showAlert(alert, err.message),
        }));
        const items = [h("span", { text: g.goal }), " "];
        if (g.kind !== "reach") {
          const box = h("input", { type: "checkbox", id: `goal-binding-${i}`, checked: Boolean(g.binding) });
          box.addEventListener("change", () => busyAction({
            button: box, busy: "Saving…", alert,
            send: () => save(state.goals.map((x, j) => (j === i ? { ...x, binding: box.checked } : x)),
              box.checked ? "The matcher will meet that goal." : "That goal is tracked only."),
            failed: (err) => { box.checked = !box.checked; showAlert(alert, err.message); },
          }));
          items.push(h("span", { class: "goal-binding" }, box, " ",
            h("label", { for: box.id, text: "the matcher must meet it" })), " ");
        } else {
          items.push(h("span", { class: "hint", text: "(tracked: it is about who enrols)" }), " ");
        }
        items.push(remove);
        return h("li", {}, ...items);
      }))
      : h("p", { text: "No goals yet. Add one below: for example, every department matched within 10 points of the whole cohort." });
    const form = addForm(program, criteria, {
      send: (goal) => save([...state.goals, goal], "Goal added."),
    });
    const cohortsTrend = h("div", { id: "goal-trend-program" });
    replace(body, alert, list, cohortsTrend, form);
    if (state.goals.length) drawTrend(cohortsTrend);
  }

  // How the program's cohorts did on the goals as they are now.
  async function drawTrend(into) {
    try {
      const overview = await adminPrograms();
      const cohorts = overview.find((p) => p.id === program.id)?.cohorts ?? [];
      if (!cohorts.length) return;
      const byCohort = await Promise.all(cohorts.map((c) => cohortGoals(c.id).catch(() => null)));
      const goals = byCohort.find((list) => list?.length) ?? [];
      if (goals.length) replace(into, trend(cohorts, byCohort, goals));
    } catch {
      replace(into, h("p", { class: "hint", text: "How the cohorts did could not be loaded; reload the page to try again." }));
    }
  }

  Promise.all([programGoals(program.id), getPolicy(program.id)]).then(([goals, policy]) => {
    state = goals;
    criteria = policy?.criteria ?? [];
    draw();
  }).catch((err) => replace(body, h("p", { class: "error", text: `The goals could not be loaded: ${err.message}. Reload the page to try again.` })));
  return panel;
}
