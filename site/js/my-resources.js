/**
 * "Resources for this stage" on My mentoring: the program's resources for
 * her role, from the first stage up to her match's current one, each a link
 * or a short text she can mark done (`PUT /api/me/resources/{id}`).
 */
import { markResource } from "./api.js";
import { announce, h } from "./dom.js";

export const STAGE_LABELS = {
  "first-meeting": "Before the first meeting",
  "first-month": "The first month",
  "mid-point": "Mid-point",
  closing: "Closing",
};

/** One resource with its "Done" box; `reload(focusId, message)` after a change. */
export function resourceItem(r, reload, prefix = "resource") {
  const id = `${prefix}-${r.id}`;
  const box = h("input", { type: "checkbox", id, checked: Boolean(r.done) });
  box.addEventListener("change", async () => {
    box.disabled = true;
    try {
      await markResource(r.id, box.checked);
      await reload(id, box.checked ? `Marked done: ${r.title}.` : `Marked not done: ${r.title}.`);
    } catch (err) {
      box.disabled = false;
      box.checked = !box.checked;
      announce(err.message);
    }
  });
  const title = r.url
    ? h("a", { href: r.url, rel: "noopener noreferrer", target: "_blank", text: r.title })
    : h("strong", { text: r.title });
  return h("li", { class: "resource" },
    h("p", {}, title, r.required ? h("span", { class: "hint", text: " (required training)" }) : null),
    r.text ? h("details", {}, h("summary", { text: "Read it" }), h("p", { class: "resource-text", text: r.text })) : null,
    h("div", { class: "done-box" }, box, h("label", { for: id, text: `Done: ${r.title}` })));
}

/** The section for one match (`match` as `GET /api/me` lists it). */
export function resourcesSection(match, reload) {
  const list = match?.resources ?? [];
  const open = list.filter((r) => !r.done).length;
  const groups = Object.keys(STAGE_LABELS).map((stage) => [stage, list.filter((r) => r.stage === stage)])
    .filter(([, items]) => items.length);
  return h("section", { "aria-labelledby": "resources-heading" },
    h("h3", { id: "resources-heading", tabindex: "-1", text: "Resources for this stage" }),
    match?.stage ? h("p", { class: "hint", text: `Your match is at: ${STAGE_LABELS[match.stage] ?? match.stage}. ${open ? `${open} to read.` : "All read: well done."}` }) : null,
    list.length
      ? groups.map(([stage, items]) => [h("h4", { text: STAGE_LABELS[stage] }),
        h("ul", { class: "resources" }, ...items.map((r) => resourceItem(r, reload)))])
      : h("p", { text: "Your program has no resources for this stage yet." }));
}
