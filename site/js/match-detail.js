/**
 * "My mentoring"'s matches: the summary card of each, and one match drawn in
 * full (goals, plan, meetings, resources, feedback, check-in, closing).
 */
import { getMatch, getMe, getSelfAssessment } from "./api.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { profileParts } from "./partner-profile.js";
import { criterionLabel } from "./format.js";
import { celebrationSection, nextStepsSection } from "./next-steps.js";
import { planSection } from "./meeting-plan.js";
import { resourcesSection } from "./my-resources.js";
import { goalsSection } from "./match-goals.js";
import { checkInSection, feedbackSection, meetingsSection } from "./match-journal.js";
import { closureSection } from "./match-closure.js";

function reasons(why) {
  const items = why.flatMap((w) => w.reasons ?? []);
  if (!items.length) return null;
  return h("ul", { class: "reasons" }, ...items.map((r) =>
    h("li", {}, h("strong", { text: `${criterionLabel(r.criterion)}: ` }), r.detail ?? "")));
}

function partnerCard(p) {
  return h("div", { class: "partner" },
    h("h3", { text: `${p.name}, ${p.role}` }),
    ...profileParts(p),
    p.email ? h("p", {}, "Contact: ", h("a", { href: `mailto:${p.email}`, text: p.email })) : null,
    p.why?.length ? h("p", { class: "hint", text: "Why we matched you:" }) : null,
    reasons(p.why ?? []));
}

export function matchSummary(m, open) {
  const names = m.partners.map((p) => p.name).join(", ");
  return h("li", { class: "card" },
    h("h2", { text: `${m.program?.name ?? "Program"}: ${m.cohort?.name ?? ""}` }),
    h("p", { text: `You are the ${m.my_role}.` }),
    ...m.partners.map(partnerCard),
    h("button", { type: "button", class: "secondary", onclick: () => open(m.id),
      text: `Open our match with ${names}` }));
}

/** Draw one match in `box`; every write reloads it from the API.
 * `afterClose`: what else the page redraws once she closes it. */
export async function showMatch(box, matchId, { focus = true, afterClose = null } = {}) {
  const reload = async (focusId, message) => {
    await showMatch(box, matchId, { focus: false, afterClose });
    const target = (focusId && document.getElementById(focusId)) || box.querySelector("h2");
    if (target) focusElement(target);
    if (message) announce(message);
  };
  let m;
  let mine;
  let me;
  try {
    // The self-assessment only feeds the closure form's "after" ratings, and
    // her resources the next steps: without them the match still shows.
    [m, mine, me] = await Promise.all([getMatch(matchId), getSelfAssessment().catch(() => null),
      getMe().catch(() => null)]);
  } catch (err) {
    replace(box, h("p", { class: "error", text: err.message }));
    announce(err.message);
    return;
  }
  const names = m.partners.map((p) => p.name).join(", ");
  const heading = h("h2", { id: "match-heading", tabindex: "-1", text: `Our match: ${names}` });
  replace(box, heading,
    h("p", { text: m.status === "closed" ? "Status: closed." : "Status: open." }),
    celebrationSection(m, Object.fromEntries([[m.me.id, "you"], ...m.partners.map((p) => [p.id, p.name])])),
    nextStepsSection(m, me?.matches?.find((x) => x.id === matchId)?.resources ?? []),
    goalsSection(matchId, m, reload),
    planSection(matchId, m, reload),
    meetingsSection(matchId, m, reload),
    resourcesSection(me?.matches?.find((x) => x.id === matchId), reload),
    feedbackSection(matchId, m, reload),
    checkInSection(matchId, m, reload),
    closureSection(matchId, m, reload, mine?.assessments?.find((a) => a.cohort.id === m.cohort?.id), afterClose));
  if (focus) {
    focusElement(heading);
    announce(`Your match with ${names} is shown.`);
  }
}
