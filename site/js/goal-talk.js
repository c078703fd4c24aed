/**
 * Goals refined together, under each goal on My mentoring: the pair's
 * comments (the mentor's feedback, the mentee's answer) and, for the
 * mentee, buttons that move a goal up or down her order of priority.
 */
import { commentOnGoal, orderGoals } from "./api.js";
import { h, nextId } from "./dom.js";
import { FieldErrors, busyAction, field, formAlert, showAlert, submitForm } from "./forms.js";
import { formatDate } from "./format.js";

/** The comments on goal `g` and, while the match is open, a form to add one. */
export function goalComments(matchId, g, m, reload) {
  const list = g.comments.length
    ? h("ul", { class: "comments" }, ...g.comments.map((c) => h("li", {},
      h("strong", { text: c.author === m.me.id ? "You" : c.by }),
      h("span", { class: "hint", text: ` · ${formatDate(c.created_at)}` }),
      h("p", { class: "comment-text", text: c.text }))))
    : h("p", { class: "hint", text: m.my_role === "mentor"
      ? "No comments yet: your feedback helps your mentee sharpen this goal."
      : "No comments yet: your mentor can comment on this goal, and you can reply here." });
  if (m.status !== "open") return h("div", { class: "goal-talk" }, h("h5", { text: "Comments" }), list);
  const errors = new FieldErrors();
  const alert = formAlert();
  const text = h("textarea", { name: "text", rows: "2", maxlength: "2000", required: true,
    id: nextId(`comment-${g.id}`) });
  const button = h("button", { type: "submit", class: "secondary", text: "Add comment" });
  const label = m.my_role === "mentor" ? `Your feedback on “${g.title}”` : `Your comment on “${g.title}”`;
  const form = h("form", { "aria-label": `Comment on “${g.title}”`, novalidate: true }, alert,
    field(errors, "text", label, text), button);
  submitForm(form, {
    button, busy: "Adding…", alert, errors,
    send: () => commentOnGoal(matchId, g.id, text.value.trim()),
    done: () => reload(`goal-${g.id}`, `Comment added to ${g.title}.`),
  });
  return h("div", { class: "goal-talk" }, h("h5", { text: "Comments" }), list, form);
}

/** The mentee's "Move up" / "Move down" for goal `g` (nothing for a mentor). */
export function priorityControls(matchId, g, m, reload) {
  if (m.goals.length < 2) return null; // one goal: no order to speak of
  if (m.my_role !== "mentee" || m.status !== "open") {
    return h("p", { class: "hint", text: `Priority ${g.priority} of ${m.goals.length}` });
  }
  const alert = formAlert();
  const ids = m.goals.map((x) => x.id);
  const at = ids.indexOf(g.id);
  const move = (step, text) => {
    const b = h("button", { type: "button", class: "secondary small", text,
      "aria-label": `${text}: ${g.title}`, disabled: at + step < 0 || at + step >= ids.length });
    b.addEventListener("click", () => {
      const order = [...ids];
      [order[at], order[at + step]] = [order[at + step], order[at]];
      busyAction({
        button: b, busy: "Moving…", alert,
        send: () => orderGoals(matchId, order, m.goal_order_version),
        done: () => reload(`goal-${g.id}`, `${g.title} is now priority ${at + step + 1}.`),
        failed: (err) => showAlert(alert, err.message),
      });
    });
    return b;
  };
  return h("div", { class: "priority" },
    h("span", { class: "hint", text: `Priority ${g.priority} of ${m.goals.length} ` }),
    move(-1, "Move up"), " ", move(1, "Move down"), alert);
}
