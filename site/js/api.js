/**
 * The only module that talks to the network.
 *
 * Every call goes to the same origin with the session cookie. State-changing
 * requests carry `X-Requested-With: tandem` and a JSON body (the API refuses
 * them otherwise, which is its CSRF defence). Non-2xx responses become ApiError.
 */

export class ApiError extends Error {
  constructor(status, body = {}) {
    super(typeof body.message === "string" && body.message
      ? body.message
      : `The request failed (status ${status}).`);
    this.name = "ApiError";
    this.status = status;
    this.error = typeof body.error === "string" ? body.error : "error";
    this.field = typeof body.field === "string" ? body.field : null;
  }
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function request(method, path, body) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  };
  if (method !== "GET") {
    init.headers["X-Requested-With"] = "tandem";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body ?? {});
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
    throw new ApiError(response.status, data && typeof data === "object" ? data : {});
  }
  return data;
}

const seg = encodeURIComponent;

export const getLifecycle = () => request("GET", "/api/lifecycle");
export const getOpenCohorts = () => request("GET", "/api/cohorts");
export const getCohort = (id) => request("GET", `/api/cohorts/${seg(id)}`);
export const enrol = (cohortId, enrollment) =>
  request("POST", `/api/cohorts/${seg(cohortId)}/enrollments`, enrollment);

export const adminMe = () => request("GET", "/api/admin/me");
export const adminLogin = (email, password) =>
  request("POST", "/api/admin/login", { email, password });
export const adminLogout = () => request("POST", "/api/admin/logout", {});
export const adminPrograms = () => request("GET", "/api/admin/programs");
export const adminParticipants = (cohortId) =>
  request("GET", `/api/admin/cohorts/${seg(cohortId)}/participants`);
