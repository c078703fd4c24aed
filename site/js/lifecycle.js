/**
 * The cohort life cycle's labels, fetched once per page from
 * `GET /api/lifecycle` and handed to format.js.
 */
import { getLifecycle } from "./api.js";
import { setLifecycle } from "./format.js";

let loading = null;

/**
 * Resolves once the labels are known. Never rejects: without them the raw
 * ids show, and the next call tries again.
 */
export function loadLifecycle() {
  loading ??= getLifecycle().then(setLifecycle, () => {
    loading = null;
  });
  return loading;
}
