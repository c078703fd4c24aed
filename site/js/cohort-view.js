/**
 * A cohort's page (`?cohort=ID`): its dates and state with the life-cycle
 * controls, counts by role and seats against mentees, the public enrolment
 * link, "Match now", the exports, a choice-mode cohort's requests and seats
 * (choice-admin.js), the CSV import and the participants.
 */
import { facts, loadFailed, viewLink } from "./admin-ui.js";
import {
  adminParticipant, adminParticipants, cohortOverview, matchesCsvUrl, participantsCsvUrl, participantsXlsxUrl,
  updateParticipant, withdrawParticipant,
} from "./api.js";
import { choiceSection } from "./choice-admin.js";
import { cohortDates } from "./cohort-dates.js";
import { lifecycleControls, mailRetryControls, publicLink } from "./cohort-controls.js";
import { csvImport } from "./csv-import.js";
import { announce, focusElement, h, replace } from "./dom.js";
import { goalsSection } from "./goals-view.js";
import { count, describeCounts, formatDate, plural, statusLabel } from "./format.js";
import { matchNow } from "./match-run.js";
import { renderParticipants } from "./participant-list.js";
import { rankingSection } from "./ranking-admin.js";
import { readinessSection } from "./readiness-admin.js";
import { trainingParts } from "./training-admin.js";
import { seats } from "./roster.js";

const back = (ctx, cohort) => h("p", { class: "breadcrumb" },
  viewLink({}, ctx.navigate, {}, "All programs"),
  cohort?.program ? [" › ", viewLink({ program: cohort.program.id }, ctx.navigate, {}, cohort.program.name)] : null);

/** `?cohort=ID`. */
export async function renderCohort(root, ctx) {
  const id = ctx.route.cohort;
  replace(root, back(ctx, null), h("p", {}, "Loading the cohort…"));
  let cohort;
  try {
    cohort = await cohortOverview(id);
  } catch (err) {
    if (ctx.sessionEnded(err)) return null;
    const heading = h("h2", { id: "cohort-heading" }, err.status === 404 ? "Cohort not found" : "Cohort");
    replace(root, back(ctx, null), heading, err.status === 404
      ? h("p", {}, "None of the programs has a cohort at this address.")
      : loadFailed(err, () => renderCohort(root, ctx)));
    ctx.setTitle(heading.textContent);
    return heading;
  }
  if (ctx.stale()) return null;

  const heading = h("h2", { id: "cohort-heading" }, cohort.name);
  const counts = h("p", { class: "counts", id: "participant-counts" });
  const seatLine = h("p", { id: "seats" });
  const mailLine = h("p", { id: "mail-counts" });
  const { actions: mailRetry, message: retryMessage } = mailRetryControls(id, ctx);
  const participantsHeading = h("h3", { id: "participants-heading" }, "Participants");
  const participants = h("section", { id: "participants", class: "participants-panel", "aria-labelledby": participantsHeading.id },
    participantsHeading, h("p", {}, "Loading participants…"));
  const stateHeading = h("h3", { id: "cohort-state-heading" }, "State and dates");
  const meta = h("p", { class: "meta" });
  const state = h("section", { class: "panel", "aria-labelledby": stateHeading.id });

  function drawCounts() {
    const roles = cohort.counts ?? {};
    const mentees = roles.mentee ?? 0;
    const mentorSeats = typeof cohort.seats === "number" ? cohort.seats : 0;
    counts.textContent = `${count((roles.mentor ?? 0) + mentees)} taking part: ${describeCounts(roles)}`;
    seatLine.textContent = `${plural(mentorSeats, "mentor seat")} for ${plural(mentees, "mentee")}`
      + (mentorSeats < mentees ? `: ${count(mentees - mentorSeats)} short.` : ".");
    const mail = cohort.notifications ?? { sent: 0, failed: 0 };
    mailLine.hidden = !(mail.sent || mail.failed);
    mailLine.textContent = `E-mails to its people: ${count(mail.sent)} sent`
      + (mail.failed ? `, ${count(mail.failed)} not sent after three tries (the server log says why).` : ".");
    mailRetry.hidden = !(mail.failed && cohort.status === "published");
  }

  function drawState() {
    drawCounts();
    meta.textContent = `${cohort.program?.name ? `${cohort.program.name} · ` : ""}${statusLabel(cohort.status)}`;
    replace(state, stateHeading,
      facts([
        ["State", statusLabel(cohort.status)],
        ["Enrolment opens", formatDate(cohort.enrollment_opens ?? cohort.enrolment_opens) || "Not set"],
        ["Enrolment closes", formatDate(cohort.enrollment_closes ?? cohort.enrolment_closes) || "Not set"],
        ["Matching time", formatDate(cohort.matching_at) || "Not set"],
      ], { id: "cohort-facts" }),
      cohortDates(cohort, {
        onSaved: (saved) => {
          heading.textContent = saved?.name ?? heading.textContent;
          refreshState();
        },
      }),
      lifecycleControls(cohort, ctx, moved),
      counts, seatLine, mailLine, mailRetry, retryMessage,
      publicLink(cohort));
  }

  /** After a life-cycle move: once matches are published, who is matched is known. */
  async function moved() {
    await refreshState();
    if (["published", "closed"].includes(cohort.status)) loadParticipants();
    drawChoices();
    ranking.reload();
  }
  // A cohort of a program matched by ranked choices: who has ranked so far.
  const ranking = rankingSection(id, { sessionEnded: ctx.sessionEnded });

  // A cohort published in choice mode: its requests and mentors' seats.
  const choices = h("div", {});
  function drawChoices() {
    if (cohort.choice && !choices.firstChild) choices.append(choiceSection(id, { sessionEnded: ctx.sessionEnded }));
  }

  /** Read the cohort again after its state moved (a transition, a finished run). */
  async function refreshState(focus = true) {
    try {
      cohort = await cohortOverview(id);
    } catch (err) {
      if (!ctx.sessionEnded(err)) announce(`The cohort could not be reloaded. ${err.message}`);
      return;
    }
    if (ctx.stale()) return;
    drawState();
    if (focus) focusElement(stateHeading);
  }

  // The list's filters and open profile, kept across reloads; a link from the
  // matching page (#participant=ID) opens that person's profile.
  const linked = new URLSearchParams(window.location.hash.slice(1)).get("participant");
  const listView = linked ? { open: linked } : {};
  let arrived = false;
  // The reloaded profile, where the person was working.
  const profileFocus = () => {
    const top = document.getElementById("profile-heading");
    if (top) focusElement(top);
  };

  async function loadParticipants() {
    let list;
    try {
      // Once matches are published each row says whether its person is
      // matched (the API's reading of the published matches), in the same pass.
      const published = cohort.published_run || cohort.status === "published" || cohort.status === "closed";
      list = await adminParticipants(id, published ? { mark_matched: "1" } : {});
    } catch (err) {
      if (!ctx.sessionEnded(err)) replace(participants, participantsHeading, loadFailed(err, loadParticipants));
      return;
    }
    if (ctx.stale()) return;
    const { seats: mentorSeats } = seats(list);
    const roles = countRoles(list);
    cohort = { ...cohort, counts: roles, seats: mentorSeats };
    drawCounts();
    renderParticipants(participants, participantsHeading, list, {
      questions: cohort.questionnaire?.questions ?? [],
      sessionEnded: ctx.sessionEnded,
      load: (p) => adminParticipant(id, p.id),
      // Said once the list shows the change, not before.
      async save(p, changes) {
        await updateParticipant(id, p.id, changes);
        await loadParticipants();
        profileFocus();
        announce(`Saved ${changes.name ?? p.name ?? ""}.`);
      },
      async withdraw(p) {
        await withdrawParticipant(id, p.id);
        await loadParticipants();
        profileFocus();
        announce(`${p.name ?? "The participant"} has withdrawn.`);
      },
    }, listView);
    // Arrived by a link to one person: take the reader to her profile, once.
    if (linked && !arrived && listView.open === linked) {
      arrived = true;
      profileFocus();
    }
  }

  const report = viewLink({ cohort: id, view: "report" }, ctx.navigate, { class: "link-button" }, "Dashboard");
  const followUp = viewLink({ cohort: id, view: "follow-up" }, ctx.navigate, { class: "link-button" }, "Follow-up");
  // The matching page (policy, proposal, why-nots, publishing) is a page of its own.
  const review = h("a", { class: "link-button", href: `/admin/matching.html?cohort=${encodeURIComponent(id)}` },
    "Policy and proposal");
  const exports = h("p", { class: "actions" }, report, followUp, review,
    h("a", { class: "link-button", href: participantsCsvUrl(id), download: "" }, "Participants (CSV)"),
    h("a", { class: "link-button", href: participantsXlsxUrl(id), download: "" }, "Participants (Excel)"),
    h("a", { class: "link-button", href: matchesCsvUrl(id), download: "" }, "Matches (CSV)"));

  const finished = () => {
    refreshState(false);
    loadParticipants();
  };
  const training = trainingParts(id, { program: cohort.program?.id, navigate: ctx.navigate,
    beforeMatching: !["published", "closed"].includes(cohort.status) });
  const readiness = readinessSection(id);
  // An import changes who takes part: the counts above and the mentors' panels below too.
  const imported = () => {
    loadParticipants();
    refreshState(false);
    training.reload();
    readiness.reload();
  };
  drawState();
  replace(root, back(ctx, cohort), heading, meta, state,
    h("section", { class: "panel", "aria-labelledby": "matching-heading" },
      h("h3", { id: "matching-heading" }, "Matching"),
      h("p", { class: "hint" }, "Matching runs once enrolment is closed; the result waits for your review before it is published."),
      training.warning,
      matchNow(id, { onFinished: finished, sessionEnded: ctx.sessionEnded, stale: ctx.stale }).element,
      exports),
    goalsSection(cohort),
    choices,
    ranking,
    csvImport(cohort, { sessionEnded: ctx.sessionEnded, onImported: imported }).element,
    participants,
    training.section,
    readiness.section);
  ctx.setTitle(cohort.name);
  loadParticipants();
  drawChoices();
  return heading;
}

function countRoles(list) {
  const counts = { mentor: 0, mentee: 0 };
  for (const p of list) if (p.role in counts && p.status !== "withdrawn") counts[p.role] += 1;
  return counts;
}
