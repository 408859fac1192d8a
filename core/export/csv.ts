/**
 * CSV for spreadsheets: UTF-8 with a BOM (Excel reads it as UTF-8 then), CRLF lines, a header
 * of the columns' labels, every cell through `csvCell` (quoting, formula guard). Lists are
 * joined with "; ", yes/no for booleans, dates as ISO 8601 (UTC).
 */
import { csvCell } from '../services/csv.js';
import { type TextFile } from './text-file.js';
import { valueText, type ExportColumn, type ExportValue, type ExportWriter } from './types.js';

export async function csvWriter(file: TextFile, columns: readonly ExportColumn[]): Promise<ExportWriter> {
  await file.write(`\uFEFF${columns.map((c) => csvCell(c.label)).join(',')}\r\n`);
  return {
    truncatedCells: 0,
    write: (rows: ExportValue[][]) => file.write(rows.map((row) => `${row.map((value) => csvCell(valueText(value))).join(',')}\r\n`).join('')),
    end: () => file.end(),
    abort: () => file.abort(),
  };
}
