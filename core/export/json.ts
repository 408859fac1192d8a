/**
 * JSON: one array of objects, written incrementally (`[`, an object a line, `]`), so the file
 * is a single JSON document any tool opens, and still never held in memory whole. (JSON Lines
 * streams as well but most tools people take an export to expect one document.)
 *
 * Keys are the column ids, with custom fields under `customFields` and consent under
 * `consent`; values keep their types (numbers, booleans, arrays, null). JSON is not read by
 * spreadsheets as formulas, so values are written exactly as stored.
 */
import { type TextFile } from './text-file.js';
import type { ExportColumn, ExportValue, ExportWriter } from './types.js';

const NESTED: Record<string, string> = { custom: 'customFields', consent: 'consent' };

export async function jsonWriter(file: TextFile, columns: readonly ExportColumn[]): Promise<ExportWriter> {
  const paths = columns.map((column) => {
    const dot = column.id.indexOf('.');
    const group = dot > 0 ? NESTED[column.id.slice(0, dot)] : undefined;
    return group ? { group, key: column.id.slice(dot + 1) } : { group: null, key: column.id };
  });
  let first = true;
  await file.write('[');
  return {
    truncatedCells: 0,
    write: (rows: ExportValue[][]) => {
      let text = '';
      for (const row of rows) {
        const record: Record<string, unknown> = {};
        paths.forEach((path, i) => {
          const value = row[i] ?? null;
          if (path.group === null) record[path.key] = value;
          else ((record[path.group] ??= {}) as Record<string, unknown>)[path.key] = value;
        });
        text += `${first ? '\n' : ',\n'}${JSON.stringify(record)}`;
        first = false;
      }
      return file.write(text);
    },
    end: async () => {
      await file.write(first ? ']\n' : '\n]\n');
      await file.end();
    },
    abort: () => file.abort(),
  };
}
