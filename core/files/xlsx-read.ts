/**
 * The first sheet of an .xlsx workbook as rows of text (pure code, no dependencies): the
 * workbook names its first sheet, its relationships say which part holds it; cells are shared
 * strings, inline strings, numbers, booleans or formulas' cached values. A number whose cell
 * style has a date format (the built-in ones 14–22, 45–47, or a custom format with d/m/y) is a
 * date and comes out as ISO text (YYYY-MM-DD, with the time when it has one), so a date column
 * imports as a date. Numbers come out as JavaScript writes them; booleans as TRUE/FALSE.
 */
import { listZipEntries, readZipEntry, ZipFormatError } from './zip-read.js';

export interface XlsxRow {
  /** The sheet's row number (1-based). */
  line: number;
  cells: string[];
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return XML_ENTITIES[ref] ?? '';
  });
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeXml(match[1] as string) : null;
}

/** The text of a string item (<si> or <is>): its <t> runs joined, phonetic runs (<rPh>) left out. */
function itemText(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let text = '';
  for (const match of withoutPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) text += decodeXml(match[1] as string);
  return text;
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormat(code: string): boolean {
  // Quoted text, escapes and colours say nothing about dates.
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare) && !/General/i.test(bare);
}

/** Which cell styles (the `s` index) show a date. */
function dateStyles(stylesXml: string | null): Set<number> {
  const styles = new Set<number>();
  if (!stylesXml) return styles;
  const custom = new Map<number, string>();
  for (const match of stylesXml.matchAll(/<numFmt\b[^>]*>/g)) {
    const id = Number(attribute(match[0], 'numFmtId'));
    custom.set(id, attribute(match[0], 'formatCode') ?? '');
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  let index = 0;
  for (const match of cellXfs.matchAll(/<xf\b[^>]*?(?:\/>|>)/g)) {
    const id = Number(attribute(match[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id)) styles.add(index);
    index++;
  }
  return styles;
}

/** An Excel serial date as ISO text (1900 system, with its phantom 29 Feb 1900; or the 1904 system). */
export function excelSerialToIso(serial: number, date1904 = false): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const ms = Math.round((serial * 86_400_000) / 1000) * 1000;
  const iso = new Date(epoch + ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** "BC" → 54 (0-based column index of a cell reference's letters). */
function columnIndex(reference: string): number {
  let n = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

export class XlsxFormatError extends Error {}

/** The rows of the workbook's first sheet, in order; empty rows are left out. */
export function readXlsxRows(file: Buffer): XlsxRow[] {
  let entries;
  try {
    entries = listZipEntries(file);
  } catch (error) {
    throw new XlsxFormatError(error instanceof ZipFormatError ? `This is not an Excel workbook: ${error.message}` : 'This is not an Excel workbook.');
  }
  const text = (name: string): string | null => {
    const entry = entries.get(name);
    return entry ? readZipEntry(file, entry).toString('utf8') : null;
  };
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw new XlsxFormatError('This is not an Excel workbook (.xlsx): it has no xl/workbook.xml.');
  const date1904 = /<workbookPr\b[^>]*date1904="(1|true)"/.test(workbook);
  const firstSheet = /<sheet\b[^>]*>/.exec(workbook)?.[0];
  const relId = firstSheet ? (attribute(firstSheet, 'r:id') ?? null) : null;
  let sheetPath = 'xl/worksheets/sheet1.xml';
  const rels = text('xl/_rels/workbook.xml.rels');
  if (relId && rels) {
    for (const match of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      if (attribute(match[0], 'Id') !== relId) continue;
      const target = attribute(match[0], 'Target') ?? '';
      sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    }
  }
  const sheet = text(sheetPath);
  if (!sheet) throw new XlsxFormatError('The workbook has no sheet to import.');
  const shared = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>|<si\s*\/>/g)].map((m) => itemText(m[1] ?? ''));
  const dates = dateStyles(text('xl/styles.xml'));

  const rows: XlsxRow[] = [];
  let rowNumber = 0;
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = attribute(`<row${rowMatch[1] ?? ''}>`, 'r');
    rowNumber = r ? Number(r) : rowNumber + 1;
    const cells: string[] = [];
    for (const cellMatch of (rowMatch[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const tag = `<c${cellMatch[1] ?? ''}>`;
      const body = cellMatch[2] ?? '';
      const reference = attribute(tag, 'r');
      const index = reference ? columnIndex(reference) : cells.length;
      const type = attribute(tag, 't') ?? 'n';
      const raw = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value: string;
      if (type === 'inlineStr') value = itemText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
      else if (raw === undefined) value = '';
      else if (type === 's') value = shared[Number(raw)] ?? '';
      else if (type === 'b') value = raw === '1' ? 'TRUE' : 'FALSE';
      else if (type === 'str' || type === 'e') value = decodeXml(raw);
      else {
        const number = Number(raw);
        const style = Number(attribute(tag, 's') ?? 0);
        value = dates.has(style) && Number.isFinite(number) ? excelSerialToIso(number, date1904) : String(number);
      }
      if (index < 0 || index > 16_383) continue;
      while (cells.length < index) cells.push('');
      cells[index] = value;
    }
    if (cells.some((c) => c !== '')) rows.push({ line: rowNumber, cells });
  }
  return rows;
}
