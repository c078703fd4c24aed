/**
 * A match's goals on "My mentoring": each with its milestones and progress,
 * priority, comments, edits and history, and the form for a new goal.
 */
import { addGoal, addMilestone, setMilestone } from "./api.js";
import { announce, h, nextId } from "./dom.js";
import { field, formAlert, showAlert } from "./forms.js";
import { apiForm } from "./api-form.js";
import { goalEdit, goalHistory, lazyDetails } from "./journal-edit.js";
import { goalComments, priorityControls } from "./goal-talk.js";
import { formatDate, today } from "./format.js";

function goalBlock(matchId, g, reload, m) {
  const progressId = nextId("progress");
  const { done, total, percent } = g.progress;
  const list = h("ul", { class: "milestones" }, ...g.milestones.map((ms) => {
    const box = h("input", { type: "checkbox", id: `ms-${g.id}-${ms.id}`, checked: Boolean(ms.done) });
    box.addEventListener("change", async () => {
      box.disabled = true;
      try {
        await setMilestone(matchId, g.id, ms.id, box.checked, ms.version);
        await reload(`ms-${g.id}-${ms.id}`, box.checked ? `Done: ${ms.title}.` : `Not done: ${ms.title}.`);
      } catch (err) {
        box.disabled = false;
        box.checked = !box.checked;
        announce(err.message);
        showAlert(alert, err.message);
      }
    });
    return h("li", {}, box, " ", h("label", { for: box.id, text: ms.title }));
  }));
  const alert = formAlert();
  const addMs = apiForm({
    label: `Add a milestone to ${g.title}`,
    submit: "Add milestone",
    busy: "Adding…",
    fields: (errors) => [field(errors, "title", `New milestone for “${g.title}”`,
      h("input", { type: "text", name: "title", maxlength: "200", required: true }))],
    send: (f) => addMilestone(matchId, g.id, f.elements.title.value.trim()),
    done: () => reload(null, `Milestone added to ${g.title}.`),
  });
  return h("li", { class: "card goal" },
    h("h4", { id: `goal-${g.id}`, tabindex: "-1", text: g.title }),
    priorityControls(matchId, g, m, reload),
    g.success ? h("p", { text: `Success looks like: ${g.success}` }) : null,
    h("p", { class: "hint", text: `Target date: ${formatDate(g.target_date)}` }),
    h("label", { for: progressId, text: `Progress: ${done} of ${total} milestones (${percent} %)` }),
    " ",
    h("progress", { id: progressId, max: "100", value: String(percent), text: `${percent} %` }),
    alert,
    g.milestones.length ? list : h("p", { text: "No milestones yet." }),
    addMs,
    goalComments(matchId, g, m, reload),
    m.status === "open" ? goalEdit(matchId, g, reload) : null,
    goalHistory(g, Object.fromEntries([[m.me.id, "you"], ...m.partners.map((p) => [p.id, p.name])])));
}

export function goalsSection(matchId, m, reload) {
  const form = () => apiForm({
    label: "Add a goal",
    submit: "Add goal",
    busy: "Adding…",
    fields: (errors) => [
      field(errors, "title", "Goal", h("input", { type: "text", name: "title", maxlength: "200", required: true })),
      field(errors, "success", "What success looks like",
        h("textarea", { name: "success", rows: "2", maxlength: "2000" })),
      field(errors, "target_date", "Target date",
        h("input", { type: "date", name: "target_date", min: today(), required: true })),
    ],
    send: (f) => addGoal(matchId, {
      title: f.elements.title.value.trim(),
      success: f.elements.success.value.trim(),
      target_date: f.elements.target_date.value,
    }),
    done: () => reload(null, "Goal added."),
  });
  return h("section", { "aria-labelledby": "goals-heading" },
    h("h3", { id: "goals-heading", tabindex: "-1", text: `Goals (${m.goals.length})` }),
    m.goals.length ? h("ul", { class: "cards" }, ...m.goals.map((g) => goalBlock(matchId, g, reload, m)))
      : h("p", { text: "No goals yet: set your first one together." }),
    m.status === "open" ? lazyDetails({ class: "add-form" }, "Add a goal", form) : null);
}
