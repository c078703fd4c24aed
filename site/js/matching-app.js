/**
 * The matching page of one cohort (/admin/matching.html?cohort=ID): the
 * program's policy (weights as sliders, required toggles, versions), what-if
 * runs with their difference, "Match now" with progress, the proposal with
 * every reason and why-not, mentor load, and publishing.
 */
import {
  ApiError, adminCohort, adminMe, adminParticipants, getPolicy, getProposal, getRun,
  adjustPair, getAdjustments, startWaitingRun, publishCohort, savePolicy, startRun, startWhatIf,
} from "./api.js";
import { announce, h, replace } from "./dom.js";
import { formatDateTime } from "./format.js";
import { equitySection } from "./equity-view.js";
import { diffSummary } from "./matching-logic.js";
import { allowedPairs } from "./policy-count.js";
import { policyEditor } from "./policy-editor.js";
import { personDetails, waitingMentees } from "./matching-logic.js";
import { proposalSection } from "./proposal-view.js";
import { publishControls } from "./publish-view.js";

const POLL_MS = 700;
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilDone(runId, status) {
  for (;;) {
    const run = await getRun(runId);
    status.textContent = run.status === "queued" ? "Waiting for the matcher…"
      : run.status === "running" ? "Matching…" : "";
    if (run.status === "complete" || run.status === "failed") return run;
    await wait(POLL_MS);
  }
}

function history(policy, onRestore) {
  if (!policy.history?.length) return h("p", { class: "hint", text: "No saved versions yet: the program's starting policy is in use." });
  return h("details", {}, h("summary", { text: `Version history (${policy.history.length})` }),
    h("ul", {}, ...policy.history.map((v) => h("li", {},
      `Version ${v.version} by ${v.saved_by} (${formatDateTime(v.saved_at)}): ${v.changes.join("; ")} `,
      v.version === policy.version ? "" : h("button", { type: "button", onclick: () => onRestore(v.version) },
        `Restore version ${v.version}`)))));
}

export async function mountMatchingApp(root) {
  const cohortId = new URLSearchParams(window.location.search).get("cohort");
  const status = root.querySelector("[role=status]") ?? h("p", { role: "status" });
  try {
    await adminMe();
  } catch (err) {
    replace(root, h("h1", { text: "Matching" }),
      h("p", {}, "Please ", h("a", { href: "/admin/", text: "sign in" }), " first."));
    return;
  }
  if (!cohortId) {
    replace(root, h("h1", { text: "Matching" }), h("p", {}, "Choose a cohort on the ", h("a", { href: "/admin/", text: "admin page" }), "."));
    return;
  }
  // Filters and sort survive the re-render after an adjustment or a run.
  const view = { text: "", below: "", sort: null };
  // So do the policy's edits and the last what-if (policy-editor.js).
  const policyState = {};
  const proposalBox = h("div", { id: "proposal" });
  const alert = h("p", { class: "message error", role: "alert" });
  // Publishing's success, styled apart from errors and from the stale warning.
  const notice = h("p", { class: "message success", role: "status", id: "publish-result" });

  async function render() {
    const cohort = await adminCohort(cohortId);
    const published = cohort.status === "published";
    const [people, matched, adjustments, proposal, policy] = await Promise.all([
      adminParticipants(cohortId),
      published ? adminParticipants(cohortId, { matched: "1" }) : null,
      getAdjustments(cohortId),
      getProposal(cohortId).catch((err) => { if (err.status === 404) return null; throw err; }),
      getPolicy(cohort.program.id),
    ]);
    const names = Object.fromEntries(people.map((p) => [p.id, p.name]));
    const capacities = Object.fromEntries(people.map((p) => [p.id, p.capacity ?? 0]));
    // `shown`: the success stays on the page (publishing), not only announced.
    const act = async (work, done, shown = false) => {
      alert.textContent = "";
      notice.textContent = "";
      try {
        await work();
        if (shown) notice.textContent = done; else announce(done);
        await render();
      } catch (err) {
        alert.textContent = err.message;
        // Refused because the proposal went stale meanwhile: show why, and "Match again".
        if (err.status === 409) await render().catch(() => {});
      }
    };
    const runAndShow = async (start) => {
      const run = await untilDone((await start()).run, status);
      if (run.status === "failed") throw new ApiError(500, { message: run.error });
      return run;
    };
    const editor = policyEditor({ policy, questions: cohort.questionnaire?.questions ?? [],
      state: policyState, names, counter: allowedPairs(cohortId),
      onSave: (body) => act(() => savePolicy(cohort.program.id, body), "Policy saved."),
      onTry: (body) => act(async () => {
        const run = await runAndShow(() => startWhatIf(cohortId, body));
        policyState.tried = { run, policy: body };
        status.textContent = diffSummary(run.diff);
      }, "What-if finished."),
      onAdopt: (body) => act(() => savePolicy(cohort.program.id, { ...body, version: policy.version }),
        `The tried policy is saved as version ${policy.version + 1}.`) });
    const onAdjust = (body, done) => act(() => adjustPair(cohortId, body), done);
    const waitingPairs = proposal?.kind === "waiting";
    const controls = publishControls(cohort, proposal, published ? waitingMentees(people, matched.map((p) => p.id)) : null, {
      onMatch: () => act(() => runAndShow(() => startRun(cohortId)), "Matching is complete."),
      onMatchWaiting: () => act(() => runAndShow(() => startWaitingRun(cohortId)),
        "The waiting list is matched: review the new pairs, then publish them."),
      onPublish: () => act(() => publishCohort(cohortId), waitingPairs
        ? `Published the new pairs of ${cohort.name}: only their people are being e-mailed.`
        : `Published ${cohort.name}: every participant is being e-mailed their match.`, true),
    });
    replace(proposalBox, ...(proposal
      ? proposalSection(proposal, names, capacities, view, { group: cohort.program?.type === "group", onAdjust,
        details: personDetails(people, cohort.questionnaire?.questions ?? []), adjustments, cohortId,
        readOnly: proposal.published, move: !waitingPairs })
      : [h("p", { text: published ? "No proposal: this cohort was matched by choice." : "No proposal yet: press “Match now”." })]));
    replace(root,
      h("h1", { text: `Matching · ${cohort.name}` }),
      h("p", { text: `Status: ${cohort.status}. ` }, h("a", { href: `/admin/?cohort=${encodeURIComponent(cohortId)}`, text: "Back to the cohort" }),
        " · ", h("a", { href: "#proposal-h", text: "Go to the proposal" })),
      alert, notice, status, editor, history(policy, (v) => act(() => savePolicy(cohort.program.id, { restore: v }), `Version ${v} restored.`)),
      h("section", { "aria-labelledby": "proposal-h" },
        h("h2", { id: "proposal-h", text: "Proposal" }),
        controls,
        proposalBox),
      proposal ? await equitySection(cohortId, cohort.questionnaire, view) : "");
  }
  try { await render(); } catch (err) { replace(root, h("h1", { text: "Matching" }), h("p", { role: "alert", text: err.message })); }
}
