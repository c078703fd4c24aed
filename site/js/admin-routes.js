/**
 * The admin page's views as URLs, so that deep links, reloads and the back
 * button work: `/admin/` lists programs and cohorts, `/admin/?cohort=ID`
 * also shows that cohort's participants. No DOM, no network.
 */
export const ADMIN_PATH = "/admin/";

/** `location.search` → `{cohort: id | null}`. */
export function parseRoute(search) {
  const cohort = new URLSearchParams(search ?? "").get("cohort");
  return { cohort: cohort ? cohort : null };
}

/** The URL of a view: `{cohort: "c1"}` → "/admin/?cohort=c1". */
export function routeUrl(route) {
  return route?.cohort ? `${ADMIN_PATH}?cohort=${encodeURIComponent(route.cohort)}` : ADMIN_PATH;
}

/** The cohort `id` among `programs` (each with `cohorts`), or null. */
export function findCohort(programs, id) {
  for (const program of programs ?? []) {
    const cohort = (program.cohorts ?? []).find((c) => c.id === id);
    if (cohort) return cohort;
  }
  return null;
}
