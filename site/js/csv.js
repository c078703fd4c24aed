/** CSV text from rows of values (RFC 4180 quoting), and counting a file's rows. No DOM, no network. */

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
