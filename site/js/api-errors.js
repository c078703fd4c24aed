/**
 * Pure logic for showing API errors on a form: which field an error names,
 * and its message in words for people. No DOM, no network.
 */

/**
 * The registered field an API error refers to: the longest key in `known`
 * that `field` equals or starts with (at a "." or "[" boundary), so
 * "answers.skills.0" finds "answers.skills". Null when none matches.
 */
export function resolveField(field, known) {
  if (!field) return null;
  let best = null;
  for (const key of known) {
    const matches = field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[`);
    if (matches && (best === null || key.length > best.length)) best = key;
  }
  return best;
}

/**
 * The message to show beside a field: without the "field.path: " prefix the
 * API puts in front (the API already words it for people), as a sentence.
 */
export function fieldMessage(field, message) {
  let text = String(message ?? "").trim();
  const prefix = /^([\w.[\]-]+):\s+/.exec(text);
  if (prefix && (prefix[1] === field || (field && field.startsWith(prefix[1])))) {
    text = text.slice(prefix[0].length);
  }
  if (!text) return "Please check this.";
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
