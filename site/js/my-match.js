/**
 * "Your match": the page a participant opens from her e-mail.
 *
 * The link carries a signed token in the URL's fragment (`#t=…`), which
 * browsers never send to a server or in a Referer. The page takes it out of
 * the address bar at once and asks the API for this participant's own match.
 */
import { getMyMatch, tokenFrom } from "./api.js";
import { h, replace, announce } from "./dom.js";
import { profileParts } from "./partner-profile.js";
import { criterionLabel } from "./format.js";

const pct = (n) => `${Math.round(n)} of 100`;

function reasonList(reasons) {
  return h("ul", { class: "reasons" }, ...reasons.map((r) =>
    h("li", {}, h("strong", { text: `${criterionLabel(r.criterion)}: ` }), r.detail,
      h("span", { class: "hint", text: ` (${r.points} points)` }))));
}

function matchCard(m) {
  const who = m.partner;
  return h("article", { class: "card" },
    h("h2", { text: `${who.name}, your ${m.partner_is}` }),
    ...profileParts(who),
    h("p", {}, "Plan your first meeting on ", h("a", { href: "/me.html", text: "My mentoring" }),
      " (it sends you both a calendar invitation), or write to ",
      h("a", { href: `mailto:${who.email}`, text: who.email }), "."),
    h("p", { text: `How well you fit: ${pct(m.score)}.` }),
    h("h3", { text: "Why we matched you" }),
    reasonList(m.reasons));
}

function member(card, role) {
  return h("li", {}, h("strong", { text: card.name }), card.you ? " (you)" : "",
    role ? `, ${role}` : "", card.you ? "" : [" · ", h("a", { href: `mailto:${card.email}`, text: card.email })]);
}

/** A group program's shared page: the mentor and every mentee of her group. */
function groupCard(group) {
  return h("section", { class: "card", "aria-labelledby": "group-h" },
    h("h2", { id: "group-h", text: `Your group (${group.size} ${group.size === 1 ? "mentee" : "mentees"})` }),
    h("ul", { class: "group" }, member(group.mentor, "mentor"),
      ...group.mentees.map((c) => member(c, "mentee"))));
}

/** The page's content for the API's answer (pure: no I/O). */
export function renderMatch(view) {
  const heading = h("h1", { tabindex: "-1", text: `Your match in ${view.program}` });
  const intro = h("p", { text: `Cohort ${view.cohort}. Hello ${view.me.name}.` });
  if (!view.matches.length) {
    const why = view.why_not ? ` (${view.why_not})` : "";
    return [heading, intro,
      h("p", { text: `This time we could not find you a partner${why}. Your program manager can tell you what happens next.` })];
  }
  return [heading, intro, ...view.matches.map(matchCard), view.group ? groupCard(view.group) : "",
    h("p", {}, "Your goals, meetings and the program's resources are on ",
      h("a", { href: "/me.html", text: "My mentoring" }), ": sign in there with this e-mail address.")];
}

export async function mountMyMatch(root) {
  const token = tokenFrom(window.location.hash);
  // Keep the token out of the address bar, history and any copy of the URL.
  if (token) history.replaceState(null, "", window.location.pathname);
  if (!token) {
    replace(root, h("h1", { text: "Your match" }),
      h("p", { text: "Open this page from the link in your e-mail." }));
    return;
  }
  // Focus stays where the page load put it: the heading is the first thing in
  // <main> and the announcer says the match is shown (a heading focused on
  // load would wear a focus ring nobody asked for).
  try {
    const view = await getMyMatch(token);
    replace(root, ...renderMatch(view));
    announce("Your match is shown.");
  } catch (err) {
    replace(root, h("h1", { tabindex: "-1", text: "Your match" }),
      h("p", { class: "error", role: "alert", text: err.message || "Something went wrong." }));
  }
}
