/**
 * An import file as a table: its kind (told from the bytes, then the name), its header row
 * and its data rows with their line numbers, read in order. CSV streams from disk in 1 MB
 * chunks whatever the file's size; an .xlsx (compressed, so small) and a vCard file are read
 * whole, under their own caps.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CsvParser, detectDelimiter, MAX_CELL_CHARS, type CsvDelimiter, type CsvRecord } from './csv.js';
import { detectEncoding, StreamingTextDecoder, type TextEncodingName } from './encoding.js';
import { parseVcards, VCARD_COLUMNS, vcardCells } from './vcard.js';
import { readXlsxRows } from '../files/xlsx-read.js';

/** The largest file the importer takes (a CSV streams, so this only bounds the upload). */
export const MAX_IMPORT_BYTES = 2 * 1024 ** 3;
/** .xlsx and vCard files are read whole: these bound their memory. */
export const MAX_XLSX_BYTES = 100 * 1024 ** 2;
export const MAX_VCARD_BYTES = 64 * 1024 ** 2;
const CHUNK_BYTES = 1024 * 1024;

export type ImportFileKind = 'csv' | 'xlsx' | 'vcard';

export interface SourceRow {
  line: number;
  cells: string[];
  /** Why the row cannot be read as it is (a cut cell, binary bytes, an unclosed quote). */
  problem: string | null;
}

export interface ImportSource {
  kind: ImportFileKind;
  encoding: TextEncodingName | null;
  delimiter: CsvDelimiter | null;
  headers: string[];
  sizeBytes: number;
  /** Problems of the file as a whole (broken vCards), each with its line. */
  fileProblems: { line: number; message: string }[];
  /** The data rows in order (a new pass each call); `bytesRead` tells how far a CSV got. */
  rows(): Generator<SourceRow>;
  bytesRead(): number;
}

export class ImportFileError extends Error {}

const megabytes = (n: number) => `${Math.round(n / 1024 ** 2).toLocaleString('en')} MB`;

function recordProblem(record: CsvRecord): string | null {
  if (record.unclosedQuote) return `A quote opened on line ${record.line} is never closed, so the rest of the file was read as one value.`;
  if (record.binary) return 'The row holds binary data (NUL bytes), not text.';
  if (record.cellTooLong) return `A value is longer than ${MAX_CELL_CHARS.toLocaleString('en')} characters.`;
  if (record.tooManyCells) return 'The row has more than 1,000 values.';
  return null;
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Opens an import file; `name` (the file's name as the person chose it) breaks ties. */
export function openImportSource(path: string, name = path): ImportSource {
  const fd = openSync(path, 'r');
  const sizeBytes = fstatSync(fd).size;
  closeSync(fd);
  if (sizeBytes === 0) throw new ImportFileError('The file is empty.');
  if (sizeBytes > MAX_IMPORT_BYTES) throw new ImportFileError(`The file is ${megabytes(sizeBytes)}; the importer takes files up to 2 GB. Split it into smaller files.`);
  const head = readHead(path, 64 * 1024);
  const lowerName = name.toLowerCase();
  if (head[0] === 0x50 && head[1] === 0x4b) {
    if (sizeBytes > MAX_XLSX_BYTES) throw new ImportFileError(`This workbook is ${megabytes(sizeBytes)}; Excel files up to ${megabytes(MAX_XLSX_BYTES)} can be imported. Save it as CSV instead.`);
    return xlsxSource(path, sizeBytes);
  }
  const detected = detectEncoding(head);
  const sampleText = new StreamingTextDecoder(detected).decode(head);
  if (/^\s*BEGIN:VCARD/i.test(sampleText) || lowerName.endsWith('.vcf') || lowerName.endsWith('.vcard')) {
    if (sizeBytes > MAX_VCARD_BYTES) throw new ImportFileError(`This vCard file is ${megabytes(sizeBytes)}; up to ${megabytes(MAX_VCARD_BYTES)} can be imported at once.`);
    return vcardSource(path, sizeBytes, detected.encoding);
  }
  // Text has few control characters; an image or a program has many.
  let controls = 0;
  for (let i = 0; i < sampleText.length; i++) {
    const code = sampleText.charCodeAt(i);
    if (code < 9 || (code > 13 && code < 32)) controls++;
  }
  if (controls > Math.max(8, sampleText.length * 0.05)) throw new ImportFileError('This is not a CSV, Excel (.xlsx) or vCard file: it holds binary data.');
  return csvSource(path, sizeBytes, detected, detectDelimiter(sampleText));
}

/**
 * The inverse of the exports' formula guard (core/services/csv.ts `csvCell`): a cell written as
 * `'=SUM(…)` so a spreadsheet shows it as text comes back as `=SUM(…)`, and `''=x` (a value that
 * began with ' itself) as `'=x`. Only such cells lose their first '; any other ' is the person's.
 */
export function unguardFormula(cell: string): string {
  return cell.charCodeAt(0) === 0x27 && /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function csvSource(path: string, sizeBytes: number, detected: ReturnType<typeof detectEncoding>, delimiter: CsvDelimiter): ImportSource {
  let bytesRead = 0;
  function* records(): Generator<CsvRecord> {
    const decoder = new StreamingTextDecoder(detected);
    const parser = new CsvParser(delimiter);
    const fd = openSync(path, 'r');
    const buffer = Buffer.alloc(CHUNK_BYTES);
    bytesRead = 0;
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, CHUNK_BYTES, bytesRead);
        if (n === 0) break;
        bytesRead += n;
        yield* parser.push(decoder.decode(buffer.subarray(0, n)));
      }
      yield* parser.push(decoder.decode(new Uint8Array(0), true));
      yield* parser.end();
    } finally {
      closeSync(fd);
    }
  }
  const headerReader = records();
  const first = headerReader.next();
  // Closes the file now (a generator left suspended would hold it open).
  headerReader.return(undefined);
  const headerRecord = first.done ? null : first.value;
  if (!headerRecord) throw new ImportFileError('The file has no rows.');
  const headers = headerRecord.cells.map((h, i) => h.trim() || `Column ${i + 1}`);
  return {
    kind: 'csv',
    encoding: detected.encoding,
    delimiter,
    headers,
    sizeBytes,
    fileProblems: [],
    bytesRead: () => bytesRead,
    *rows() {
      let header = true;
      for (const record of records()) {
        if (header) {
          header = false;
          continue;
        }
        // A row of empty cells (a spreadsheet's trailing ",,,") is no row.
        if (!recordProblem(record) && record.cells.every((cell) => cell.trim() === '')) continue;
        yield { line: record.line, cells: record.cells.map(unguardFormula), problem: recordProblem(record) };
      }
    },
  };
}

function xlsxSource(path: string, sizeBytes: number): ImportSource {
  const rows = readXlsxRows(readHead(path, sizeBytes));
  const [header, ...data] = rows;
  if (!header) throw new ImportFileError('The first sheet of the workbook is empty.');
  let read = 0;
  return {
    kind: 'xlsx',
    encoding: null,
    delimiter: null,
    headers: header.cells.map((h, i) => h.trim() || `Column ${i + 1}`),
    sizeBytes,
    fileProblems: [],
    bytesRead: () => read,
    *rows() {
      for (let i = 0; i < data.length; i++) {
        const row = data[i] as (typeof data)[number];
        read = Math.round((sizeBytes * (i + 1)) / data.length);
        yield { line: row.line, cells: row.cells, problem: null };
      }
    },
  };
}

function vcardSource(path: string, sizeBytes: number, encoding: TextEncodingName): ImportSource {
  const bytes = readHead(path, sizeBytes);
  const { cards, problems } = parseVcards(new StreamingTextDecoder(detectEncoding(bytes)).decode(bytes, true));
  if (cards.length === 0 && problems.length === 0) throw new ImportFileError('The file holds no vCard.');
  let read = 0;
  return {
    kind: 'vcard',
    encoding,
    delimiter: null,
    headers: [...VCARD_COLUMNS],
    sizeBytes,
    fileProblems: problems,
    bytesRead: () => read,
    *rows() {
      for (let i = 0; i < cards.length; i++) {
        const card = cards[i] as (typeof cards)[number];
        read = Math.round((sizeBytes * (i + 1)) / cards.length);
        yield { line: card.line, cells: vcardCells(card), problem: null };
      }
    },
  };
}
