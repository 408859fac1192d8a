/**
 * A real Excel workbook (.xlsx, Office Open XML): one sheet "Contacts", the header in bold and
 * frozen, dates as Excel dates (UTC) in a date style, numbers as numbers, yes/no as booleans,
 * text as inline strings (no shared-strings table, which would have to be held in memory).
 * The sheet is deflated into the ZIP row batch by row batch through core/files/zip.ts.
 *
 * Formulas: a text cell is never evaluated, but text that starts with = + - @, tab or CR gets
 * Excel's quote prefix (as if typed with a leading ') so it stays text when someone edits the
 * cell or saves the sheet as CSV. Excel holds at most 32,767 characters in a cell and
 * 1,048,576 rows: longer text is cut (counted in `truncatedCells`), more rows are refused.
 */
import { ZipWriter, type ZipEntry } from '../files/zip.js';
import type { ExportColumn, ExportValue, ExportWriter } from './types.js';

export const XLSX_MAX_CELL_CHARS = 32_767;
export const XLSX_MAX_ROWS = 1_048_576;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style indexes in styles.xml's cellXfs. */
const STYLE = { normal: 0, date: 1, quoted: 2, header: 3 } as const;

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Text as XML character data: escaped, and without the characters XML 1.0 cannot hold. */
export function xmlText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- the control characters are what it removes
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A = 0 → "A", 26 → "AA". */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Days since 1899-12-30 (Excel's 1900 date system), from an ISO instant. */
function excelDate(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 86_400_000 + 25_569;
}

export async function xlsxWriter(path: string, columns: readonly ExportColumn[]): Promise<ExportWriter> {
  const zip = await ZipWriter.create(path);
  let sheet: ZipEntry | null = null;
  let truncated = 0;
  let rowNumber = 0;
  const letters = columns.map((_, i) => columnLetters(i));

  const textCell = (ref: string, text: string, style: number = STYLE.normal): string => {
    let value = text;
    if (value.length > XLSX_MAX_CELL_CHARS) {
      // Never cut a surrogate pair in half.
      const cut = /[\uD800-\uDBFF]/.test(value.charAt(XLSX_MAX_CELL_CHARS - 1)) ? XLSX_MAX_CELL_CHARS - 1 : XLSX_MAX_CELL_CHARS;
      value = value.slice(0, cut);
      truncated++;
    }
    const guarded = style === STYLE.normal && /^[=+\-@\t\r]/.test(value) ? STYLE.quoted : style;
    return `<c r="${ref}" t="inlineStr"${guarded ? ` s="${guarded}"` : ''}><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
  };
  const cell = (column: ExportColumn, ref: string, value: ExportValue): string => {
    if (value === null || value === '') return '';
    if (Array.isArray(value)) return value.length ? textCell(ref, value.join('; ')) : '';
    if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
    if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : textCell(ref, String(value));
    if (column.type === 'date') {
      const serial = excelDate(value);
      if (serial !== null) return `<c r="${ref}" s="${STYLE.date}"><v>${serial}</v></c>`;
    }
    return textCell(ref, value);
  };
  const row = (cells: string): string => `<row r="${++rowNumber}">${cells}</row>`;

  try {
    await zip.addFile('[Content_Types].xml', CONTENT_TYPES);
    await zip.addFile('_rels/.rels', ROOT_RELS);
    await zip.addFile('xl/workbook.xml', WORKBOOK);
    await zip.addFile('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    await zip.addFile('xl/styles.xml', STYLES);
    sheet = zip.entry('xl/worksheets/sheet1.xml');
    const widths = columns.map((c) => (c.type === 'date' ? 20 : c.id === 'email' || c.id === 'name' ? 28 : 16));
    await sheet.write(
      `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        '<sheetFormatPr defaultRowHeight="15"/>' +
        `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
        `<sheetData>${row(columns.map((c, i) => textCell(`${letters[i]}1`, c.label, STYLE.header)).join(''))}`,
    );
  } catch (error) {
    await zip.abort();
    throw error;
  }

  return {
    get truncatedCells() {
      return truncated;
    },
    write: async (rows: ExportValue[][]) => {
      if (!sheet) throw new Error('The workbook is already finished.');
      if (rowNumber + rows.length > XLSX_MAX_ROWS) {
        throw new Error(`Excel holds at most ${XLSX_MAX_ROWS.toLocaleString('en')} rows in a sheet: export fewer contacts, or choose CSV or JSON.`);
      }
      let xml = '';
      for (const values of rows) {
        const n = rowNumber + 1;
        xml += row(columns.map((column, i) => cell(column, `${letters[i]}${n}`, values[i] ?? null)).join(''));
      }
      await sheet.write(xml);
    },
    end: async () => {
      if (!sheet) return;
      await sheet.write('</sheetData></worksheet>');
      await sheet.end();
      sheet = null;
      await zip.close();
    },
    abort: () => zip.abort(),
  };
}
