/**
 * What every export writer takes: the chosen columns (in order) and rows of values aligned
 * with them, batch by batch. A writer holds at most one batch; the file grows as it goes.
 */
export type ExportFormat = 'csv' | 'xlsx' | 'json' | 'vcf';

/** How a column's values are typed: dates are ISO 8601 strings (UTC), lists are arrays of text. */
export type ExportValueType = 'text' | 'number' | 'date' | 'boolean' | 'list';

export interface ExportColumn {
  /** Stable id: the list's column ids (`email`, `custom.plan`, `consent.marketing_email`) plus export-only ones. */
  id: string;
  label: string;
  type: ExportValueType;
}

export type ExportValue = string | number | boolean | string[] | null;

export interface ExportWriter {
  /** Writes one batch of rows (each aligned with the columns); resolves when the file can take more. */
  write(rows: ExportValue[][]): Promise<void>;
  /** Finishes the file (closing brackets, the ZIP's directory). */
  end(): Promise<void>;
  /** Stops and removes the unfinished file: a part of an export would mislead. */
  abort(): Promise<void>;
  /** Cells cut to a format's limit (XLSX: 32,767 characters a cell); 0 for the others. */
  readonly truncatedCells: number;
}

/** A column's value as one line of text (CSV cells, vCard X- fields). */
export function valueText(value: ExportValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}
