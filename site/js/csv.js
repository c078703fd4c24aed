/** CSV text from rows of values (RFC 4180 quoting), and an import template. No DOM, no network. */

/** One cell: quoted when it holds a comma, quote or line break; formula-like text made inert. */
export function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  // A spreadsheet would run "=…", "+…", "-…" or "@…" as a formula; a leading
  // apostrophe keeps it text. Plain numbers ("-5") stay numbers.
  if (/^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (arrays of values) → CSV text with CRLF line ends, as spreadsheets expect. */
export function toCsv(rows) {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const EXAMPLE = {
  text: "Some text", long_text: "A longer answer", number: 1, scale: 3,
};

function example(question, n) {
  const options = question.options ?? [];
  if (question.type === "choice") return options[n % Math.max(1, options.length)] ?? "";
  if (question.type === "multi_choice") return options.slice(0, n + 1).join(";");
  if (question.type === "number" || question.type === "scale") {
    const low = typeof question.min === "number" ? question.min : 1;
    return low + n;
  }
  return EXAMPLE[question.type] ?? "";
}

/**
 * The import template for a questionnaire: the participant's own columns
 * (role, name, email, capacity: mentors only), one column per question by
 * its id, and a made-up mentor and mentee. Multiple choices are separated by ";".
 */
export function importTemplate(questions) {
  const list = questions ?? [];
  const header = ["role", "name", "email", "capacity", ...list.map((q) => q.id)];
  const person = (role, name, email, capacity, n) => [role, name, email, capacity,
    ...list.map((q) => ((q.roles ?? ["mentor", "mentee"]).includes(role) ? example(q, n) : ""))];
  return toCsv([header,
    person("mentor", "Ada Example", "ada@example.org", 2, 1),
    person("mentee", "Bo Example", "bo@example.org", "", 0)]);
}

/** How many data rows a CSV text has (lines after the header that hold something; quoted line breaks counted once). */
export function dataRows(text) {
  let rows = 0;
  let quoted = false;
  let filled = false;
  for (const ch of String(text ?? "")) {
    if (ch === '"') quoted = !quoted;
    if (ch === "\n" && !quoted) {
      if (filled) rows += 1;
      filled = false;
    } else if (!/\s/.test(ch)) {
      filled = true;
    }
  }
  if (filled) rows += 1;
  return Math.max(0, rows - 1);
}
