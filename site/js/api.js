/**
 * The only module that talks to the network.
 *
 * Every call goes to the same origin with the session cookie. State-changing
 * requests carry `X-Requested-With: tandem` and a JSON body (the API refuses
 * them otherwise, which is its CSRF defence). Non-2xx responses become ApiError.
 *
 * A 401 on a call that needs a session means the session has ended: this
 * module says so once, as a `session-ended` event on window (cancelable,
 * `detail.error` the ApiError). A page that takes over (the admin page shows
 * its sign-in form) cancels it; the error then carries `sessionEnded: true`
 * and the form or view that made the call shows nothing of its own.
 */

export const SESSION_ENDED = "session-ended";

/** The token an e-mailed link carries after `#t=` in the page's address. */
export function tokenFrom(hash) {
  return new URLSearchParams(String(hash).replace(/^#/, "")).get("t");
}

export class ApiError extends Error {
  constructor(status, body = {}) {
    super(typeof body.message === "string" && body.message
      ? body.message
      : `The request failed (status ${status}).`);
    this.name = "ApiError";
    this.status = status;
    this.error = typeof body.error === "string" ? body.error : "error";
    this.field = typeof body.field === "string" ? body.field : null;
    // Per-row problems of a CSV import: [{row, field, message}].
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    // True once a page has taken over after a `session-ended` event.
    this.sessionEnded = false;
  }
}

/** Whether `err` ended the session and the page has already shown so (sign-in). */
export const sessionEnded = (err) => err instanceof ApiError && err.sessionEnded;

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * `session: false` for the calls that present a credential (a password, a
 * link's token) or end the session: a 401 there is a refusal, not an end.
 */
async function request(method, path, body, contentType = "application/json", { session = true } = {}) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  };
  if (method !== "GET") {
    init.headers["X-Requested-With"] = "tandem";
    init.headers["Content-Type"] = contentType;
    // A file goes as it is (bytes, not decoded here); other bodies are JSON.
    init.body = contentType === "application/json" ? JSON.stringify(body ?? {})
      : typeof body === "string" || body instanceof ArrayBuffer || body instanceof Blob ? body : String(body ?? "");
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, {
      error: "network",
      message: "Could not reach the server. Check your connection and try again.",
    });
  }
  const data = await readJson(response);
  if (!response.ok) {
    const error = new ApiError(response.status, data && typeof data === "object" ? data : {});
    if (response.status === 401 && session) {
      const event = new CustomEvent(SESSION_ENDED, { cancelable: true, detail: { error } });
      error.sessionEnded = !window.dispatchEvent(event);
    }
    throw error;
  }
  return data;
}

const seg = encodeURIComponent;

export const getLifecycle = () => request("GET", "/api/lifecycle");
export const getOpenApi = () => request("GET", "/api/openapi.json");
export const getOpenCohorts = () => request("GET", "/api/cohorts");
export const getCohort = (id) => request("GET", `/api/cohorts/${seg(id)}`);
export const enrol = (cohortId, enrollment) =>
  request("POST", `/api/cohorts/${seg(cohortId)}/enrollments`, enrollment);

export const adminMe = () => request("GET", "/api/admin/me");
export const adminLogin = (email, password) =>
  request("POST", "/api/admin/login", { email, password }, "application/json", { session: false });
export const adminLogout = () => request("POST", "/api/admin/logout", {}, "application/json", { session: false });
export const adminPrograms = () => request("GET", "/api/admin/programs");

/**
 * The participants of a cohort, following `next` when the API pages the
 * list. `filters`: the API's own (`{matched: "1"}`, `{status: "withdrawn"}`).
 */
export async function adminParticipants(cohortId, filters = {}) {
  const query = new URLSearchParams(filters).toString();
  let page = await request("GET", `/api/admin/cohorts/${seg(cohortId)}/participants${query ? `?${query}` : ""}`);
  if (Array.isArray(page)) return page;
  const all = [...(page?.participants ?? [])];
  // `next` is the path of the next page, filters kept.
  for (let guard = 0; page?.next && guard < 1000; guard += 1) {
    page = await request("GET", String(page.next));
    all.push(...(page?.participants ?? []));
  }
  return all;
}

export const adminProgram = (id) => request("GET", `/api/admin/programs/${seg(id)}`);
export const createProgram = (program) => request("POST", "/api/admin/programs", program);
export const updateProgram = (id, program) => request("PUT", `/api/admin/programs/${seg(id)}`, program);
export const createCohort = (programId, cohort) =>
  request("POST", `/api/admin/programs/${seg(programId)}/cohorts`, cohort);
export const adminCohort = (id) => request("GET", `/api/admin/cohorts/${seg(id)}`);
/** The cohort with its dates, public link, counts by role and mentor seats. */
export const cohortOverview = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/overview`);
export const updateCohortDetails = (id, details) => request("PUT", `/api/admin/cohorts/${seg(id)}/details`, details);
export const updateCohort = (id, changes) => request("PATCH", `/api/admin/cohorts/${seg(id)}`, changes);
const participantPath = (cohortId, id) => `/api/admin/cohorts/${seg(cohortId)}/participants/${seg(id)}`;
export const adminParticipant = (cohortId, id) => request("GET", participantPath(cohortId, id));
export const updateParticipant = (cohortId, id, changes) => request("PUT", participantPath(cohortId, id), changes);
export const withdrawParticipant = (cohortId, id) => request("POST", `${participantPath(cohortId, id)}/withdraw`, {});

/**
 * Send a participant file; `dryRun` only checks it (nothing is written
 * either way when a row is bad). The file goes as its bytes (an ArrayBuffer or Blob; the server tells
 * the encoding), `type` its Content-Type (text/csv or the .xlsx type);
 * `mode: "update"` updates the people already in the cohort.
 */
export const importParticipants = (cohortId, body, dryRun, { type = "text/csv", mode = "add" } = {}) => {
  const query = new URLSearchParams();
  if (dryRun) query.set("dry_run", "1");
  if (mode === "update") query.set("mode", "update");
  const search = query.toString();
  return request("POST", `/api/admin/cohorts/${seg(cohortId)}/participants/import${search ? `?${search}` : ""}`,
    body, type);
};

// Exports are plain links: the browser downloads them with the session cookie.
export const participantsCsvUrl = (cohortId) => `/api/admin/cohorts/${seg(cohortId)}/participants.csv`;
export const participantsXlsxUrl = (cohortId) => `/api/admin/cohorts/${seg(cohortId)}/participants.xlsx`;
export const matchesCsvUrl = (cohortId) => `/api/admin/cohorts/${seg(cohortId)}/matches.csv`;
export const templateCsvUrl = (cohortId) => `/api/admin/cohorts/${seg(cohortId)}/participants/template.csv`;
export const auditCsvUrl = () => "/api/admin/audit.csv";

export const cohortReport = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/report`);
export const programReport = (id) => request("GET", `/api/admin/programs/${seg(id)}/report`);
/** How the published matches are doing, from their journals (counts only, answers suppressed under 10). */
export const cohortEngagement = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/engagement`);
/** Self-assessed growth per skill: means before and after. */
export const cohortGrowth = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/self-assessment`);
/** Quiet pairs and closure/rematch requests: `{quiet, requests, targets, quiet_days}`. */
export const cohortFollowUp = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/follow-up`);
export const cohortChoices = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/choices`);
export const cohortReadiness = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/readiness`);
export const cohortTraining = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/training`);
/** Act on a request: `{action: "acknowledge" | "rematch", note, cohort}`. */
export const actOnRequest = (cohortId, matchId, body) =>
  request("POST", `/api/admin/cohorts/${seg(cohortId)}/follow-up/${seg(matchId)}`, body);

export const startRun = (cohortId) => request("POST", `/api/admin/cohorts/${seg(cohortId)}/runs`, {});
export const getRun = (runId) => request("GET", `/api/admin/runs/${seg(runId)}`);
/** On a published cohort: match the mentees still waiting against the seats still free. */
export const startWaitingRun = (cohortId) => request("POST", `/api/admin/cohorts/${seg(cohortId)}/runs`, { waiting: true });
/** The cohort's locks and forbids: `[{kind, mentee, mentor, made_by, made_at}]`. */
export const getAdjustments = (cohortId) => request("GET", `/api/admin/cohorts/${seg(cohortId)}/adjustments`);

/** One page of the audit log, newest first; `next`: the previous page's link to the one after it. */
export const auditPage = (next) => request("GET", next ? String(next) : "/api/admin/audit");

export const listAdmins = () => request("GET", "/api/admin/admins");
export const inviteAdmin = (email) => request("POST", "/api/admin/admins", { email });
export const removeAdmin = (id) => request("DELETE", `/api/admin/admins/${seg(id)}`);
export const getMyMatch = (token) => request("POST", "/api/my-match", { token }, "application/json", { session: false });
export const getPolicy = (programId) => request("GET", `/api/admin/programs/${seg(programId)}/policy`);
export const savePolicy = (programId, policy) =>
  request("PUT", `/api/admin/programs/${seg(programId)}/policy`, policy);
export const startWhatIf = (cohortId, policy) =>
  request("POST", `/api/admin/cohorts/${seg(cohortId)}/runs`, { what_if: policy });
/** A count run: how many pairs `policy` allows (and the saved policy), in the finished run's `stats`. */
export const startCount = (cohortId, policy) =>
  request("POST", `/api/admin/cohorts/${seg(cohortId)}/runs`, { count: policy });
export const getProposal = (cohortId) => request("GET", `/api/admin/cohorts/${seg(cohortId)}/proposal`);
export const publishCohort = (cohortId) => request("POST", `/api/admin/cohorts/${seg(cohortId)}/publish`, {});
/** E-mail a published cohort's people not told yet (their message failed): `{untold, dispatched}`. */
export const retryNotifications = (cohortId) =>
  request("POST", `/api/admin/cohorts/${seg(cohortId)}/notifications/retry`, {});
export const adjustPair = (cohortId, body) =>
  request("POST", `/api/admin/cohorts/${seg(cohortId)}/adjustments`, body);
/** The equity audit, by self-identification or, given `by` (a question's id), by its answers. */
export const getEquity = (cohortId, by) => request("GET", `/api/admin/cohorts/${seg(cohortId)}/equity`
  + (by ? `?by=${encodeURIComponent(by)}` : ""));
export const acceptInvitation = (token, password) =>
  request("POST", "/api/admin/invitations/accept", { token, password }, "application/json", { session: false });

// -- the participant's own pages (me.html) ------------------------------------
const matchPath = (id) => `/api/matches/${seg(id)}`;
const noSession = { session: false };
export const requestSignInLink = (email) => request("POST", "/api/sign-in", { email }, "application/json", noSession);
export const signInWithToken = (token) => request("POST", "/api/sign-in/token", { token }, "application/json", noSession);
export const participantSignOut = () => request("POST", "/api/sign-out", {}, "application/json", noSession);
export const getMe = () => request("GET", "/api/me");
export const getMatch = (id) => request("GET", matchPath(id));
export const addGoal = (id, goal) => request("POST", `${matchPath(id)}/goals`, goal);
export const commentOnGoal = (id, goalId, text) =>
  request("POST", `${matchPath(id)}/goals/${seg(goalId)}/comments`, { text });
export const orderGoals = (id, order, version) =>
  request("PUT", `${matchPath(id)}/goals/order`, { order, version: version ?? null });
export const addMilestone = (id, goalId, title) =>
  request("POST", `${matchPath(id)}/goals/${seg(goalId)}/milestones`, { title });
export const setMilestone = (id, goalId, msId, done, version) =>
  request("PATCH", `${matchPath(id)}/goals/${seg(goalId)}/milestones/${seg(msId)}`, { done, version });
export const addMeeting = (id, meeting) => request("POST", `${matchPath(id)}/meetings`, meeting);
export const addFeedback = (id, feedback) => request("POST", `${matchPath(id)}/feedback`, feedback);
export const addCheckIn = (id, checkIn) => request("POST", `${matchPath(id)}/check-ins`, checkIn);
export const closeMatch = (id, closure) => request("POST", `${matchPath(id)}/closure`, closure);
/** `changes` carries the `version` read; a stale one is 409. */
export const editGoal = (id, goalId, changes) => request("PATCH", `${matchPath(id)}/goals/${seg(goalId)}`, changes);
export const editMeeting = (id, meetingId, changes) =>
  request("PATCH", `${matchPath(id)}/meetings/${seg(meetingId)}`, changes);
/** A planned meeting or one's own logged one; a planned one is cancelled in both calendars. */
export const cancelMeeting = (id, meetingId) => request("DELETE", `${matchPath(id)}/meetings/${seg(meetingId)}`, {});
export const checkInCalendarUrl = (id) => `${matchPath(id)}/check-in.ics`;
export const markResource = (resourceId, done) => request("PUT", `/api/me/resources/${seg(resourceId)}`, { done });
/** A program's resources and training (admin). */
export const programAchievements = (programId) =>
  request("GET", `/api/admin/programs/${seg(programId)}/achievements`);
export const programEmails = (programId) => request("GET", `/api/admin/programs/${seg(programId)}/emails`);
/** The colour heading the program's e-mails (`null`: Tandem's). */
export const saveProgramColour = (programId, colour) =>
  request("PUT", `/api/admin/programs/${seg(programId)}/colour`, { colour });
export const saveProgramEmail = (programId, kind, words) =>
  request("PUT", `/api/admin/programs/${seg(programId)}/emails/${seg(kind)}`, words);
export const resetProgramEmail = (programId, kind) =>
  request("DELETE", `/api/admin/programs/${seg(programId)}/emails/${seg(kind)}`, {});
export const previewProgramEmail = (programId, kind, words) =>
  request("POST", `/api/admin/programs/${seg(programId)}/emails/${seg(kind)}/preview`, words);
export const programResources = (programId) => request("GET", `/api/admin/programs/${seg(programId)}/resources`);
export const addResource = (programId, resource) =>
  request("POST", `/api/admin/programs/${seg(programId)}/resources`, resource);
export const editResource = (programId, resourceId, changes) =>
  request("PATCH", `/api/admin/programs/${seg(programId)}/resources/${seg(resourceId)}`, changes);
export const deleteResource = (programId, resourceId) =>
  request("DELETE", `/api/admin/programs/${seg(programId)}/resources/${seg(resourceId)}`, {});
/** My self-assessments, one per enrolment; giving one: `{cohort, stage: "before" | "after", ratings}`. */
export const getSelfAssessment = () => request("GET", "/api/me/self-assessment");
export const giveSelfAssessment = (body) => request("PUT", "/api/me/self-assessment", body);
export const myDataUrl = () => "/api/me/export";
export const eraseMe = () => request("DELETE", "/api/me", { confirm: true });
export const getChoice = (cohortId) => request("GET", `/api/cohorts/${seg(cohortId)}/choice`);
export const requestMentor = (cohortId, mentor) =>
  request("POST", `/api/cohorts/${seg(cohortId)}/choice/requests`, { mentor });
export const cancelRequest = (cohortId) =>
  request("DELETE", `/api/cohorts/${seg(cohortId)}/choice/requests/mine`, {});
export const decideRequest = (cohortId, menteeId, decision) =>
  request("POST", `/api/cohorts/${seg(cohortId)}/choice/requests/${seg(menteeId)}`, { decision });
export const setPause = (cohortId, until) => request("PUT", "/api/me/pause", { cohort: cohortId, until });
/** Stable mode: `{cohorts: [...]}`, a section per cohort where I rank; saving my whole ranking. */
export const getRankings = () => request("GET", "/api/me/choices");
export const saveRanking = (cohortId, ranked) => request("PUT", "/api/me/choices", { cohort: cohortId, ranked });
/** Stable mode on the admin's cohort page: who has ranked so far; making the suggestions to rank. */
export const cohortRanking = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/ranking`);
export const makeSuggestions = (id) => request("POST", `/api/admin/cohorts/${seg(id)}/runs`, { suggest: true });

// -- single sign-on (the organisation's OpenID provider) ------------------------
/** `{enabled, name, password_sign_in}`: whether to offer "Sign in with <name>". */
export const ssoStatus = () => request("GET", "/api/auth/oidc", null, "application/json", noSession);
/** The signed-in participant's address and the name her provider gave. */
export const ssoParticipant = () => request("GET", "/api/auth/oidc/participant", null, "application/json", noSession);
/** Where a "Sign in with…" link goes: the API redirects to the provider. */
export const ssoLoginUrl = (who, next) =>
  `/api/auth/oidc/login?who=${seg(who)}${next ? `&next=${seg(next)}` : ""}`;
/** Whether this page was opened by a single sign-on that just succeeded. */
export function ssoJustSignedIn() {
  if (window.location.hash !== "#signed-in") return false;
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  return true;
}
/** A program's goals `{goals: [... with "goal" in words], version}`; saving sends them all. */
export const programGoals = (id) => request("GET", `/api/admin/programs/${seg(id)}/goals`);
export const saveProgramGoals = (id, body) => request("PUT", `/api/admin/programs/${seg(id)}/goals`, body);
/** Each goal on a cohort: `[{goal, kind, value, target, met, suppressed, binding}]`. */
export const cohortGoals = (id) => request("GET", `/api/admin/cohorts/${seg(id)}/goals`);
