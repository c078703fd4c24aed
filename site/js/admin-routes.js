/**
 * The admin page's views as URLs, so that deep links, reloads and the back
 * button work. No DOM, no network.
 *
 *   /admin/                          programs and their cohorts
 *   /admin/?program=new              a new program
 *   /admin/?program=ID               a program: its settings, questionnaire and cohorts
 *   /admin/?program=ID&view=report   the program's dashboard
 *   /admin/?cohort=ID                a cohort: life cycle, import, participants
 *   /admin/?cohort=ID&view=report    the cohort's dashboard
 *   /admin/?cohort=ID&view=follow-up its quiet pairs and closure/rematch requests
 *   /admin/?view=audit               the audit log
 *   /admin/?view=admins              the administrators
 */
export const ADMIN_PATH = "/admin/";

const VIEWS = new Set(["report", "follow-up", "audit", "admins"]);

/** `location.search` → `{cohort, program, view}` (each a string or null). */
export function parseRoute(search) {
  const params = new URLSearchParams(search ?? "");
  const get = (key) => params.get(key) || null;
  const view = get("view");
  return { cohort: get("cohort"), program: get("program"), view: VIEWS.has(view) ? view : null };
}

/** The URL of a view: `{cohort: "c 1"}` → "/admin/?cohort=c%201". */
export function routeUrl(route) {
  const parts = [];
  if (route?.cohort) parts.push(`cohort=${encodeURIComponent(route.cohort)}`);
  else if (route?.program) parts.push(`program=${encodeURIComponent(route.program)}`);
  if (route?.view) parts.push(`view=${encodeURIComponent(route.view)}`);
  return parts.length ? `${ADMIN_PATH}?${parts.join("&")}` : ADMIN_PATH;
}

/**
 * Which view a route shows: "home", "new-program", "program", "cohort",
 * "program-report", "cohort-report", "cohort-follow-up", "audit" or "admins".
 */
export function viewOf(route) {
  if (route?.cohort && route.view === "follow-up") return "cohort-follow-up";
  if (route?.cohort) return route.view === "report" ? "cohort-report" : "cohort";
  if (route?.program === "new") return "new-program";
  if (route?.program) return route.view === "report" ? "program-report" : "program";
  if (route?.view === "audit" || route?.view === "admins") return route.view;
  return "home";
}

/** The admin nav's section a view belongs to. */
export function sectionOf(route) {
  const view = viewOf(route);
  return view === "audit" || view === "admins" ? view : "programs";
}
