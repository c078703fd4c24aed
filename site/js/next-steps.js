/**
 * Achievements and "What to do next" on My mentoring: the few steps a pair can take now, read
 * from the match's journal (pure: `nextSteps` does no I/O), each a link to
 * the part of the page where she does it.
 */
import { h } from "./dom.js";
import { formatDate } from "./format.js";

/**
 * The steps for match `m` (as `GET /api/matches/{id}` answers), in the order
 * they matter: a due check-in, the first meeting to plan, a goal to set, the
 * next resource of her stage. `resources`: her resources for this match
 * (`GET /api/me`), or none.
 */
export function nextSteps(m, resources = []) {
  if (m.status === "closed") return [];
  const steps = [];
  const names = m.partners.map((p) => p.name).join(", ");
  if (m.check_in?.due) {
    steps.push({ text: "Your check-in is due: three short questions.", target: "check-in-heading" });
  }
  const planned = m.planned ?? [];
  if (!m.meetings.length && !planned.length) {
    steps.push({ text: `Plan your first meeting with ${names}.`, target: "plan-heading" });
  } else if (planned.length) {
    const next = planned[0];
    steps.push({ text: `Your next meeting is on ${formatDate(next.date)}.`, target: "plan-heading" });
  }
  if (!m.goals.length) steps.push({ text: "Set your first goal together.", target: "goals-heading" });
  const todo = resources.find((r) => !r.done);
  if (todo) steps.push({ text: `Read “${todo.title}”.`, target: "resources-heading" });
  return steps;
}

/** The section: a short list of links, or a line saying all is in hand. */
export function nextStepsSection(m, resources) {
  const steps = nextSteps(m, resources);
  const go = (target) => (event) => {
    const el = document.getElementById(target);
    if (!el) return;
    event.preventDefault();
    el.closest("details")?.setAttribute("open", "");
    el.focus();
  };
  return h("section", { class: "card next-steps", "aria-labelledby": "next-heading" },
    h("h3", { id: "next-heading", text: "What to do next" }),
    steps.length
      ? h("ul", {}, ...steps.map((s) => h("li", {},
        h("a", { href: `#${s.target}`, onclick: go(s.target), text: s.text }))))
      : h("p", { text: m.status === "closed" ? "This match is closed: well done." : "You are up to date. Keep meeting and noting what you learn." }));
}

/** Days a milestone done stays celebrated on the page. */
const RECENT_DAYS = 14;

/**
 * What the pair has achieved lately (pure): goals reached, then milestones
 * ticked off in the last two weeks of an unfinished goal. `names` maps a
 * member's id to how the reader calls her ("you", a partner's name).
 */
export function achievements(m, names = {}, now = new Date()) {
  const since = now.getTime() - RECENT_DAYS * 86400000;
  const out = [];
  for (const g of m.goals ?? []) {
    if (g.progress?.total && g.progress.done === g.progress.total) {
      out.push(`Goal reached: “${g.title}”.`);
      continue;
    }
    for (const ms of g.milestones ?? []) {
      if (ms.done && Date.parse(ms.updated_at) >= since) {
        const who = names[ms.updated_by] ?? "Your pair";
        out.push(`${who === "you" ? "You" : who} ticked off “${ms.title}” on “${g.title}”.`);
      }
    }
  }
  return out;
}

/** `achievements` at an ISO time (for tests that pin the clock). */
export const achievementsAt = (m, names, iso) => achievements(m, names, new Date(iso));

/** A card of congratulations, or nothing when there is nothing new. */
export function celebrationSection(m, names) {
  const items = achievements(m, names);
  if (!items.length) return null;
  return h("section", { class: "card celebration", "aria-labelledby": "celebration-heading" },
    h("h3", { id: "celebration-heading", text: "Well done" }),
    h("ul", {}, ...items.map((text) => h("li", { text }))));
}
