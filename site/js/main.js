/**
 * Entry point of every page: marks the current page in the site header's nav
 * and mounts each component on the element that names it with
 * `data-component`. A page loads only the modules it uses (each page's
 * <head> preloads them, so they arrive in parallel with this one).
 */
const components = {
  "cohort-list": () => import("./cohort-list.js").then((m) => m.mountCohortList),
  "enrol-form": () => import("./enrol-form.js").then((m) => m.mountEnrolForm),
  "admin-app": () => import("./admin-app.js").then((m) => m.mountAdminApp),
  "my-match": () => import("./my-match.js").then((m) => m.mountMyMatch),
  "matching-app": () => import("./matching-app.js").then((m) => m.mountMatchingApp),
  "my-mentoring": () => import("./my-mentoring.js").then((m) => m.mountMyMentoring),
  "api-doc": () => import("./api-doc.js").then((m) => m.mountApiDoc),
  "sign-in-problem": () => import("./sign-in-problem.js").then((m) => m.mountSignInProblem),
};

/** "/index.html" and "/" are the same page, as are "/admin/index.html" and "/admin/". */
function pagePath(path) {
  return path.replace(/\/index\.html$/, "/");
}

for (const link of document.querySelectorAll(".site-header nav a[href]")) {
  const here = pagePath(new URL(link.href).pathname) === pagePath(window.location.pathname);
  if (here) link.setAttribute("aria-current", "page");
  else link.removeAttribute("aria-current");
}

for (const el of document.querySelectorAll("[data-component]")) {
  const load = components[el.dataset.component];
  if (load) load().then((mount) => mount(el));
}
