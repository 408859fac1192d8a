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
    const dCode = d.charCodeAt(0);
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.lastWasCR) {
        // The LF of a CRLF cut between two chunks: the line was counted at its CR.
        this.lastWasCR = false;
        if (text.charCodeAt(i) === 10) {
          i++;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (text[i] === '"') {
            this.append('"');
            i++;
            continue;
          }
          // A closing quote: what follows is read as unquoted.
          this.quoted = false;
          continue;
        }
        // A run of quoted text up to the next quote (or the chunk's end), line breaks as \n.
        const quote = text.indexOf('"', i);
        const runEnd = quote < 0 ? n : quote;
        if (runEnd > i) {
          const run = text.slice(i, runEnd);
          if (run.includes('\r') || run.includes('\n')) {
            this.append(
              run.replace(/\r\n|\r|\n/g, () => {
                this.line++;
                return '\n';
              }),
            );
            // A CR at the very end of the chunk may be the first half of a CRLF.
            if (quote < 0 && run.endsWith('\r')) this.lastWasCR = true;
          } else this.append(run);
        }
        if (quote < 0) break;
        this.quotePending = true;
        i = quote + 1;
        continue;
      }
      const code = text.charCodeAt(i);
      if (code === 34 && this.atCellStart) {
        this.quoted = true;
        this.atCellStart = false;
        i++;
      } else if (code === dCode) {
        this.endCell();
        i++;
      } else if (code === 10 || code === 13) {
        this.line++;
        this.endRecord();
        this.lastWasCR = code === 13;
        i++;
      } else {
        // A run of ordinary characters (a quote inside an unquoted cell is one of them).
        let j = i + 1;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === dCode || c === 10 || c === 13) break;
          j++;
        }
        this.atCellStart = false;
        this.append(text.slice(i, j));
        i = j;
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

  private append(text: string): void {
    let run = text;
    if (run.includes('\u0000')) {
      this.flags.binary = true;
      run = run.split('\u0000').join('');
    }
    const room = MAX_CELL_CHARS - this.cellLength;
    if (run.length > room) {
      this.flags.cellTooLong = true;
      run = run.slice(0, Math.max(0, room));
    }
    if (run.length === 0) return;
    this.cell += run;
    this.cellLength += run.length;
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
