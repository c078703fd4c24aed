/**
 * A cohort's participants: a search and filters (role, status, matched), a
 * table that shows a page at a time, newest enrolment first, and a profile
 * of the person chosen (participant-profile.js).
 */
import { announce, focusElement, h, srOnly } from "./dom.js";
import { formatDateTime, roleLabel } from "./format.js";
import { field } from "./forms.js";
import { renderProfile } from "./participant-profile.js";
import { PAGE_SIZE, filterParticipants, isMatched, newestFirst, shownText, statusOf } from "./roster.js";

const STATUS_LABELS = { active: "Active", withdrawn: "Withdrawn" };
const statusText = (p) => STATUS_LABELS[statusOf(p)] ?? statusOf(p);

function select(id, options) {
  return h("select", { id }, options.map(([value, text]) => h("option", { value }, text)));
}

function filters(hasMatches) {
  const query = h("input", { type: "search", id: "participant-search", autocomplete: "off", spellcheck: "false" });
  const role = select("participant-role", [["", "Everyone"], ["mentor", "Mentors"], ["mentee", "Mentees"]]);
  const status = select("participant-status", [["", "Any status"], ["active", "Active"], ["withdrawn", "Withdrawn"]]);
  const matched = select("participant-matched", [["", "Matched or not"], ["yes", "Matched"], ["no", "Not matched"]]);
  // Filters, not answers: labelled fields with no error message.
  const filter = (control, label) => field(null, control.id, label, control);
  const element = h("div", { class: "filters", role: "search", "aria-label": "Participants" },
    filter(query, "Find by name or email"), filter(role, "Role"), filter(status, "Status"),
    hasMatches ? filter(matched, "Matched") : null);
  return { element, query, role, status, matched };
}

/**
 * Render `participants` into `root` under `heading` (an element already
 * made). `actions`: `{load(p), save(p, changes), withdraw(p), …}` for the
 * profile. `view` is the caller's `{query, role, status, matched, open}`:
 * the filters and the open profile outlive a reload of the list (after an
 * edit), so the person stays where they were.
 */
export function renderParticipants(root, heading, participants, actions, view = {}) {
  if (participants.length === 0) {
    root.replaceChildren(heading,
      h("p", { class: "empty" }, "No one has enrolled in this cohort yet. Share the enrolment link or import a CSV file."));
    return;
  }

  const sorted = newestFirst(participants);
  const hasMatches = participants.some((p) => "matched" in p || "match" in p || "matches" in p);
  const bar = filters(hasMatches);
  for (const key of ["query", "role", "status", "matched"]) bar[key].value = view[key] ?? "";
  // Changes are announced through the page's live region (announce).
  const status = h("p", { class: "shown", id: "participants-shown" });
  const tbody = h("tbody");
  const more = h("button", { type: "button", class: "secondary" });
  const profile = h("section", { id: "participant-profile", class: "panel profile", hidden: true, "aria-labelledby": "profile-heading" });
  let limit = PAGE_SIZE;

  function open(p, opener, focus = true) {
    view.open = p.id;
    renderProfile(profile, p, {
      ...actions,
      close() {
        view.open = null;
        profile.hidden = true;
        // Back to the person's row (after a reload the old button is gone).
        (opener?.isConnected ? opener
          : tbody.querySelector(`tr[data-participant="${CSS.escape(String(p.id))}"] button`))?.focus();
      },
    });
    profile.hidden = false;
    if (focus) focusElement(profile.querySelector("h4"));
  }

  function row(p) {
    const view = h("button", { type: "button", class: "secondary small" }, "Details", srOnly(` of ${p.name ?? p.email ?? ""}`));
    view.addEventListener("click", () => open(p, view));
    return h("tr", { "data-participant": p.id },
      h("th", { scope: "row" }, p.name ?? ""),
      h("td", {}, p.email ?? ""),
      h("td", {}, roleLabel(p.role)),
      h("td", { class: "num" }, p.role === "mentor" && p.capacity != null ? String(p.capacity) : "–"),
      h("td", {}, statusText(p)),
      hasMatches ? h("td", {}, isMatched(p) ? "Yes" : "No") : null,
      h("td", {}, formatDateTime(p.created_at)),
      h("td", {}, view));
  }

  function update(say = false) {
    for (const key of ["query", "role", "status", "matched"]) view[key] = bar[key].value;
    const matching = filterParticipants(sorted, view);
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
  bar.query.addEventListener("input", refilter);
  for (const control of [bar.role, bar.status, bar.matched]) control.addEventListener("change", refilter);
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

  const columns = ["Name", "Email", "Role", "Capacity", "Status", hasMatches ? "Matched" : null, "Enrolled", "Profile"]
    .filter(Boolean);
  root.replaceChildren(
    heading,
    bar.element,
    status,
    h("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": heading.id },
      h("table", { class: "participants" },
        h("caption", {}, "Newest enrolment first."),
        h("thead", {}, h("tr", {}, columns.map((t) => h("th", { scope: "col" }, t)))),
        tbody)),
    h("div", { class: "actions more" }, more),
    profile);
  update();
  // The profile that was open before the reload shows the person as saved.
  const reopened = view.open ? participants.find((p) => p.id === view.open) : null;
  if (reopened) open(reopened, null, false);
}
