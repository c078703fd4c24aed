/**
 * The API reference (api.html): the document GET /api/openapi.json serves,
 * drawn by Swagger UI (vendored in /vendor/swagger-ui-5.36.0/, loaded by a
 * classic <script> on the page, since its bundle is not an ES module). The
 * document is fetched here, through api.js, and handed over as `spec`.
 */
import { getOpenApi } from "./api.js";

export async function mountApiDoc(el) {
  const status = el.querySelector("[data-status]");
  let spec;
  try {
    spec = await getOpenApi();
  } catch (err) {
    status.textContent = `The API description could not be loaded: ${err.message}`;
    return;
  }
  status.remove();
  const target = document.createElement("div");
  el.append(target);
  window.SwaggerUIBundle({
    spec,
    domNode: target,
    deepLinking: true,
    // Reading only: a write needs the CSRF header and a session, and this
    // page is a reference, not a console.
    supportedSubmitMethods: ["get"],
    defaultModelsExpandDepth: 0,
  });
}
