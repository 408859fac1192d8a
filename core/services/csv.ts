/** CSV written for spreadsheets: the cell rule every export of the app follows. */

/**
 * One CSV cell: quoted when it holds a quote, comma or line break, and defused when a
 * spreadsheet would read it as a formula (a leading = + - @, tab or CR gets a '). A value that
 * already starts with ' before such a character gets one more, so the importer, which takes
 * exactly one off (core/import/source.ts `unguardFormula`), gives back what was written.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^'*[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
