/** The export writers by format: CSV, Excel (.xlsx), JSON, vCard 4.0. */
import { closeSync } from 'node:fs';
import { csvWriter } from './csv.js';
import { jsonWriter } from './json.js';
import { TextFile } from './text-file.js';
import { vcardWriter } from './vcard.js';
import { xlsxWriter } from './xlsx.js';
import type { ExportColumn, ExportFormat, ExportWriter } from './types.js';

export * from './types.js';

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: '.csv', xlsx: '.xlsx', json: '.json', vcf: '.vcf' };

/**
 * Opens the writer of `format` on `path`; `fd`, when given, is the file already opened
 * there (by `newExportFile`, which reserves the name).
 */
export async function openExportWriter(format: ExportFormat, path: string, columns: readonly ExportColumn[], fd?: number): Promise<ExportWriter> {
  if (format === 'xlsx') {
    // The ZIP writer opens the file itself.
    if (fd !== undefined) closeSync(fd);
    return xlsxWriter(path, columns);
  }
  const file = await TextFile.open(path, fd);
  try {
    if (format === 'csv') return await csvWriter(file, columns);
    if (format === 'json') return await jsonWriter(file, columns);
    return await vcardWriter(file, columns);
  } catch (error) {
    await file.abort();
    throw error;
  }
}
