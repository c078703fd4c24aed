/**
 * The program page's "Goals reached": goals their pairs chose to share with
 * the program team once reached (opt-in per goal on My mentoring), newest
 * first, for the program's own recognition. Nothing else of a journal shows.
 */
import { programAchievements } from "./api.js";
import { h, replace } from "./dom.js";
import { formatDate } from "./format.js";

export function achievementsPanel(programId) {
  const heading = h("h3", { id: "program-achievements-heading" }, "Goals reached");
  const body = h("div", {}, h("p", { text: "Loading…" }));
  programAchievements(programId).then(({ achievements }) => {
    replace(body, achievements.length
      ? h("ul", { class: "achievements" }, ...achievements.map((a) => h("li", {},
        h("strong", { text: a.goal }), ` — ${a.by}, ${a.cohort}, ${formatDate(a.reached_at)}`)))
      : h("p", { class: "hint", text: "None shared yet. A pair can share a goal with you "
        + "when they edit it on My mentoring; it shows here once all its milestones are done." }));
  }, (err) => replace(body, h("p", { class: "error", text: err.message })));
  return h("section", { class: "panel", "aria-labelledby": heading.id }, heading, body);
}
