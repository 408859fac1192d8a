/**
 * A streaming CSV reader (RFC 4180, lenient where spreadsheets are): text goes in chunk by
 * chunk, records come out with the line they start on. Quoted cells may hold the delimiter,
 * quotes ("") and line breaks; a quote inside an unquoted cell is kept as a character.
 *
 * Hostile input never stops the read, it is reported on the record:
 * - a cell longer than MAX_CELL_CHARS keeps its first MAX_CELL_CHARS characters and the record
 *   says `cellTooLong` (memory stays bounded whatever the cell's size);
 * - NUL bytes (binary data) are dropped from the cell and the record says `binary`;
 * - an opening quote never closed ends the file's last record with `unclosedQuote`.
 */

/** The most characters one cell keeps; longer ones are cut and their row reported. */
export const MAX_CELL_CHARS = 32_768;
/** The most cells one record keeps (a runaway row of delimiters stays small). */
export const MAX_CELLS = 1_000;

export type CsvDelimiter = ',' | ';' | '\t' | '|';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

export interface CsvRecord {
  /** The line (1-based) the record starts on. */
  line: number;
  cells: string[];
  cellTooLong?: boolean;
  binary?: boolean;
  unclosedQuote?: boolean;
  tooManyCells?: boolean;
}

/**
 * The delimiter of a CSV text from its first lines: the candidate that appears outside quotes
 * most consistently (the same non-zero count on most lines), ties broken by frequency.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  const lines: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < sample.length && lines.length < 20; i++) {
    const ch = sample[i] as string;
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '\n' || ch === '\r')) {
      if (current.trim() !== '') lines.push(current);
      current = '';
      continue;
    }
    if (!quoted) current += ch;
  }
  if (current.trim() !== '' && lines.length < 20) lines.push(current);
  let best: CsvDelimiter = ',';
  let bestScore = -1;
  for (const delimiter of CSV_DELIMITERS) {
    const counts = lines.map((line) => line.split(delimiter).length - 1);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((n) => n === first).length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

/** Reads records from text pushed in chunks; `push` and `end` return the records completed. */
export class CsvParser {
  private cells: string[] = [];
  private cell = '';
  private cellLength = 0;
  private quoted = false;
  /** Inside a quoted cell, the last character was a quote (an end, or the first of ""). */
  private quotePending = false;
  private atCellStart = true;
  private line = 1;
  private recordLine = 1;
  private lastWasCR = false;
  private flags: Omit<CsvRecord, 'line' | 'cells'> = {};
  private out: CsvRecord[] = [];

  constructor(readonly delimiter: CsvDelimiter) {}

  push(text: string): CsvRecord[] {
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (ch === '\n' && this.lastWasCR) {
        // The LF of a CRLF: the line was already counted at its CR.
        this.lastWasCR = false;
        continue;
      }
      this.lastWasCR = ch === '\r';
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === '"') {
            this.append('"');
            continue;
          }
          this.quoted = false;
          // falls through: the character after a closing quote is read as unquoted
        } else if (ch === '"') {
          this.quotePending = true;
          continue;
        } else {
          if (ch === '\n' || ch === '\r') {
            this.line++;
            this.append('\n');
          } else this.append(ch);
          continue;
        }
      }
      if (ch === '"' && this.atCellStart) {
        this.quoted = true;
        this.atCellStart = false;
      } else if (ch === d) {
        this.endCell();
      } else if (ch === '\n' || ch === '\r') {
        this.line++;
        this.endRecord();
      } else {
        this.atCellStart = false;
        this.append(ch);
      }
    }
    return this.take();
  }

  end(): CsvRecord[] {
    if (this.quoted && !this.quotePending) this.flags.unclosedQuote = true;
    this.quoted = false;
    this.quotePending = false;
    if (this.cells.length > 0 || this.cellLength > 0 || !this.atCellStart) this.endRecord();
    return this.take();
  }

  private append(ch: string): void {
    if (ch === '\u0000') {
      this.flags.binary = true;
      return;
    }
    if (this.cellLength >= MAX_CELL_CHARS) {
      this.flags.cellTooLong = true;
      return;
    }
    this.cell += ch;
    this.cellLength++;
  }

  private endCell(): void {
    if (this.cells.length < MAX_CELLS) this.cells.push(this.cell);
    else this.flags.tooManyCells = true;
    this.cell = '';
    this.cellLength = 0;
    this.atCellStart = true;
  }

  private endRecord(): void {
    this.endCell();
    const blank = this.cells.length === 1 && this.cells[0] === '' && Object.keys(this.flags).length === 0;
    if (!blank) this.out.push({ line: this.recordLine, cells: this.cells, ...this.flags });
    this.cells = [];
    this.flags = {};
    this.recordLine = this.line;
  }

  private take(): CsvRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }
}

/** Parses a whole CSV text at once (tests, small files); the importer streams instead. */
export function parseCsv(text: string, delimiter: CsvDelimiter = detectDelimiter(text.slice(0, 64 * 1024))): { delimiter: CsvDelimiter; records: CsvRecord[] } {
  const parser = new CsvParser(delimiter);
  return { delimiter, records: [...parser.push(text), ...parser.end()] };
}
