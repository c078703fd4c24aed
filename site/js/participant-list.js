/**
 * A cohort's participants: counts by role, a filter by name, email and role,
 * and a table that shows a page at a time, newest enrolment first.
 */
import { announce, h } from "./dom.js";
import { countsByRole, describeCounts, formatDateTime, roleLabel } from "./format.js";
import { PAGE_SIZE, filterParticipants, newestFirst, shownText } from "./roster.js";

function row(p) {
  return h("tr", { "data-participant": p.id },
    h("th", { scope: "row" }, p.name ?? ""),
    h("td", {}, p.email ?? ""),
    h("td", {}, roleLabel(p.role)),
    h("td", { class: "num" }, p.role === "mentor" && p.capacity != null ? String(p.capacity) : "–"),
    h("td", {}, formatDateTime(p.created_at)));
}

function filters() {
  const query = h("input", { type: "search", id: "participant-search", autocomplete: "off", spellcheck: "false" });
  const role = h("select", { id: "participant-role" },
    h("option", { value: "" }, "Everyone"),
    h("option", { value: "mentor" }, "Mentors"),
    h("option", { value: "mentee" }, "Mentees"));
  const element = h("div", { class: "filters", role: "search", "aria-label": "Participants" },
    h("div", { class: "field" }, h("label", { for: query.id }, "Find by name or email"), query),
    h("div", { class: "field" }, h("label", { for: role.id }, "Role"), role));
  return { element, query, role };
}

/**
 * Render the participants of `cohort` into `root` under a heading, which is
 * returned so the caller can move focus to it.
 */
export function renderParticipants(root, cohort, participants) {
  const heading = h("h2", { id: "participants-heading" }, `Participants in ${cohort.name}`);
  const counts = h("p", { class: "counts", id: "participant-counts" },
    `${participants.length} enrolled: ${describeCounts(countsByRole(participants))}`);
  if (participants.length === 0) {
    root.replaceChildren(heading, counts,
      h("p", { class: "empty" }, "No one has enrolled in this cohort yet."));
    return heading;
  }

  const sorted = newestFirst(participants);
  const { element: filterBar, query, role } = filters();
  // Changes are announced through the page's live region (announce).
  const status = h("p", { class: "shown", id: "participants-shown" });
  const tbody = h("tbody");
  const more = h("button", { type: "button", class: "secondary" });
  let limit = PAGE_SIZE;

  function update(say = false) {
    const matching = filterParticipants(sorted, { query: query.value, role: role.value });
    const shown = matching.slice(0, limit);
    tbody.replaceChildren(...shown.map(row));
    status.textContent = shownText(shown.length, matching.length, sorted.length);
    more.hidden = matching.length <= limit;
    more.textContent = `Show ${Math.min(PAGE_SIZE, matching.length - limit)} more`;
    if (say) announce(status.textContent);
  }

  function refilter() {
    limit = PAGE_SIZE;
    update(true);
  }
  query.addEventListener("input", refilter);
  role.addEventListener("change", refilter);
  more.addEventListener("click", () => {
    const firstNew = limit;
    limit += PAGE_SIZE;
    update();
    // Focus the first row just added, so keyboard users continue from there.
    const cell = tbody.rows[firstNew]?.cells[0];
    if (cell) {
      cell.setAttribute("tabindex", "-1");
      cell.focus();
    }
  });

  root.replaceChildren(
    heading,
    counts,
    filterBar,
    status,
    h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": "participants-heading" },
      h("table", { class: "participants" },
        h("caption", {}, "Newest enrolment first."),
        h("thead", {}, h("tr", {},
          ["Name", "Email", "Role", "Capacity", "Enrolled"].map((t) => h("th", { scope: "col" }, t)))),
        tbody)),
    h("div", { class: "actions more" }, more));
  update();
  return heading;
}
