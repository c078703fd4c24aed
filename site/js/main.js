/**
 * Entry point of every page: mounts each component on the element that names
 * it with `data-component`. A page loads only the modules it uses.
 */
const components = {
  "cohort-list": () => import("./cohort-list.js").then((m) => m.mountCohortList),
  "enrol-form": () => import("./enrol-form.js").then((m) => m.mountEnrolForm),
  "admin-app": () => import("./admin-app.js").then((m) => m.mountAdminApp),
};

for (const el of document.querySelectorAll("[data-component]")) {
  const load = components[el.dataset.component];
  if (load) load().then((mount) => mount(el));
}
