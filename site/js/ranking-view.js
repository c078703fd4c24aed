/**
 * Stable mode on "My mentoring": for each cohort where she ranks, a mentee
 * puts up to N of her suggested mentors in order (first choice first) and
 * saves it until the matching date; a mentor may put the mentees who ranked
 * her in her own order. Once the cohort is published, each reads why she got
 * whom (GET /api/me/choices gives the words).
 *
 * Mounted by my-mentoring.js; a participant with no such cohort sees nothing.
 */
import { getRankings, saveRanking } from "./api.js";
import { announce, focusElement, h, nextId, replace } from "./dom.js";
import { FieldErrors, busyAction, formAlert, hideAlert } from "./forms.js";
import { profileParts } from "./partner-profile.js";
import { formatDate } from "./format.js";

export function ordinal(n) {
  const tens = n % 100;
  const suffix = tens >= 10 && tens <= 20 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** The day before `iso` (the last day to rank: matching starts on `iso`). */
function dayBefore(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const FIT = [["common", "In common"], ["different", "Different"], ["unknown", "Not given"]];

function fitList(fit) {
  const rows = FIT.filter(([key]) => fit?.[key]?.length).map(([key, label]) =>
    h("li", { class: `fit-${key}` }, h("strong", { text: `${label}: ` }), fit[key].join("; ")));
  return rows.length ? h("ul", { class: "reasons" }, ...rows) : null;
}

function closedText(view) {
  if (view.outcome) return null;
  return view.role === "mentee"
    ? "Rankings are closed. Your match appears here and under My matches once it is published."
    : "Rankings are closed. Your mentees appear under My matches once the matches are published.";
}

function openText(view) {
  const until = view.deadline
    ? ` You can change it until ${formatDate(dayBefore(view.deadline))}; matching starts on ${formatDate(view.deadline)}.`
    : " You can change it until your program manager starts matching.";
  return view.role === "mentee"
    ? `Rank up to ${view.n} of your suggested mentors, first choice first, and save.${until}`
    : `Optional: put the mentees who ranked you in your own order. Without it, matching goes by how well you fit (the score).${until}`;
}

/**
 * The editor: `candidates` are `{id, name, parts}`; `order` the saved ids.
 * Returns the section's body; `save(ids)` sends the whole list.
 */
function editor(view, candidates, reload) {
  const alert = formAlert();
  const errors = new FieldErrors();
  const byId = new Map(candidates.map((c) => [c.id, c]));
  let order = view.ranked.filter((id) => byId.has(id));
  const limit = view.role === "mentee" ? view.n : candidates.length;
  const listId = nextId("ranking-list");
  const list = h("ol", { class: "ranking", id: listId, "aria-label": view.role === "mentee" ? "Your ranking" : "Your order" });
  const unsaved = h("p", { class: "hint", "aria-live": "polite" });
  const save = h("button", { type: "button", class: "primary",
    text: view.role === "mentee" ? "Save my ranking" : "Save my order" });
  const cards = h("ul", { class: "cards", "aria-label": view.role === "mentee" ? "Suggested mentors" : "Mentees who ranked you" });

  const move = (id, by) => {
    const at = order.indexOf(id);
    const to = at + by;
    if (to < 0 || to >= order.length) return;
    order.splice(at, 1);
    order.splice(to, 0, id);
    draw(`${byId.get(id).name} is now your ${ordinal(to + 1)} choice.`, `${id}-${by < 0 ? "up" : "down"}`);
  };
  const remove = (id) => { order = order.filter((x) => x !== id); draw(`${byId.get(id).name} is off your list.`, null); };
  const add = (id) => { order.push(id); draw(`${byId.get(id).name} is your ${ordinal(order.length)} choice.`, null); };

  function draw(said = null, focusKey = null) {
    const saved = JSON.stringify(order) === JSON.stringify(view.ranked);
    unsaved.textContent = saved ? "" : "Not saved yet.";
    const rows = order.map((id, i) => {
      const who = byId.get(id).name;
      const up = h("button", { type: "button", class: "secondary", "data-key": `${id}-up`, disabled: i === 0 || !view.open,
        "aria-label": `Move ${who} up`, text: "Move up" });
      const down = h("button", { type: "button", class: "secondary", "data-key": `${id}-down`, disabled: i === order.length - 1 || !view.open,
        "aria-label": `Move ${who} down`, text: "Move down" });
      const off = h("button", { type: "button", class: "secondary", disabled: !view.open,
        "aria-label": `Remove ${who}`, text: "Remove" });
      up.addEventListener("click", () => move(id, -1));
      down.addEventListener("click", () => move(id, 1));
      off.addEventListener("click", () => remove(id));
      return h("li", {}, h("span", { class: "ranked-name", text: `${ordinal(i + 1)}: ${who}` }),
        view.open ? h("span", { class: "actions" }, up, down, off) : null);
    });
    replace(list, ...(rows.length ? rows : [h("li", { class: "empty", text: view.role === "mentee"
      ? "Nobody yet: add mentors from your suggestions below."
      : "Nobody in your own order: matching goes by the score." })]));
    replace(cards, ...candidates.map((c) => {
      const place = order.indexOf(c.id);
      const button = h("button", { type: "button", disabled: place >= 0 || order.length >= limit || !view.open,
        text: place >= 0 ? `Your ${ordinal(place + 1)} choice` : `Add ${c.name} as your ${ordinal(order.length + 1)} choice` });
      button.addEventListener("click", () => add(c.id));
      return h("li", { class: "card" }, h("h4", { text: c.name }), ...c.parts, view.open || place >= 0 ? button : null);
    }));
    save.disabled = !view.open || saved;
    if (said) announce(said);
    if (focusKey) {
      const again = list.querySelector(`[data-key="${focusKey}"]`);
      if (again && !again.disabled) again.focus();
    }
  }
  save.addEventListener("click", () => {
    hideAlert(alert);
    errors.clear();
    busyAction({ button: save, busy: "Saving…", alert, errors,
      send: () => saveRanking(view.cohort.id, order),
      done: async (saved) => {
        announce(saved.ranked.length
          ? `Saved: ${saved.ranked.map((id, i) => `${ordinal(i + 1)} ${byId.get(id)?.name}`).join(", ")}.`
          : "Saved: your list is empty.");
        await reload();
      } });
  });
  draw();
  return [alert,
    h("h3", { text: view.role === "mentee" ? "Your ranking" : "Your order" }), list,
    view.open ? h("p", { class: "actions" }, save, unsaved) : null,
    h("h3", { text: view.role === "mentee" ? "Your suggested mentors" : "Mentees who ranked you" }),
    candidates.length ? cards : h("p", { text: view.role === "mentee"
      ? "Matching found no mentor for you to rank. Your program manager can add mentors or change the matching rules."
      : "No mentee has ranked you yet." })];
}

function candidatesOf(view) {
  if (view.role === "mentee") {
    return view.suggestions.map((s) => ({ id: s.mentor.id, name: s.mentor.name,
      parts: [...profileParts(s.mentor), h("p", { text: `Score ${s.score} of 100.` }),
        h("p", { class: "hint", text: "How you fit:" }), fitList(s.fit)].filter(Boolean) }));
  }
  return view.asked_by.map((a) => ({ id: a.mentee.id, name: a.mentee.name,
    parts: [...profileParts(a.mentee), h("p", { text: `Ranked you ${ordinal(a.choice)}.` })] }));
}

function draw(el, body, view, reload) {
  const status = h("p", { class: "ranking-status", tabindex: "-1",
    text: view.open ? openText(view) : closedText(view) });
  const outcome = view.outcome
    ? h("div", { class: "outcome", id: nextId("ranking-outcome") },
      h("h3", { text: view.role === "mentee" ? "Why you got your mentor" : "Why you got your mentees" }),
      ...view.outcome.lines.map((line) => h("p", { text: line })))
    : null;
  replace(body, outcome, view.outcome ? null : status,
    ...(view.outcome ? [] : editor(view, candidatesOf(view), reload)));
  return view.outcome ? outcome : status;
}

async function section(view) {
  const headingId = nextId("ranking-heading");
  const body = h("div", {});
  // Once rankings close (or the match is out) there is nothing left to rank.
  const title = view.role !== "mentee" ? "Mentees who ranked you"
    : view.open ? "Rank your mentors" : "Your ranking";
  const el = h("section", { class: "ranking-section choice", "aria-labelledby": headingId },
    h("h2", { id: headingId, text: `${title}: ${view.program?.name ?? "Program"}, ${view.cohort.name}` }), body);
  async function reload() {
    const fresh = (await getRankings()).cohorts.find((c) => c.cohort.id === view.cohort.id);
    if (fresh) focusElement(draw(el, body, fresh, reload));
  }
  draw(el, body, view, reload);
  return el;
}

/** Fill `root` with a section per cohort where she ranks (nothing otherwise). */
export async function mountRankings(root) {
  let views;
  try {
    views = (await getRankings()).cohorts;
  } catch (err) {
    replace(root, h("p", { role: "alert", text: `Your rankings could not be loaded. ${err.message}` }));
    return;
  }
  replace(root, ...(await Promise.all(views.map(section))));
}
