/** The import parsers (core/import, core/files/xlsx-read.ts): good files and hostile ones. */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeSync, existsSync, ftruncateSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvParser, detectDelimiter, MAX_CELL_CHARS, parseCsv } from '../core/import/csv.js';
import { detectEncoding, StreamingTextDecoder } from '../core/import/encoding.js';
import { openImportSource, ImportFileError } from '../core/import/source.js';
import { parseVcards } from '../core/import/vcard.js';
import { excelSerialToIso, readXlsxRows, XlsxFormatError } from '../core/files/xlsx-read.js';
import { writeXlsx } from './support/xlsx.js';
import { tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => {
  dir?.cleanup();
  dir = undefined;
});

function file(name: string, content: string | Uint8Array): string {
  dir ??= tempDir();
  const path = join(dir.path, name);
  writeFileSync(path, content);
  return path;
}

function rowsOf(path: string) {
  const source = openImportSource(path);
  return { source, rows: [...source.rows()] };
}

describe('CSV', () => {
  it('reads RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes, CRLF', () => {
    const { records } = parseCsv('name,note\r\n"Doe, Jane","She said ""hi""\r\nthen left"\r\nBob,plain\r\n');
    expect(records.map((r) => r.cells)).toEqual([
      ['name', 'note'],
      ['Doe, Jane', 'She said "hi"\nthen left'],
      ['Bob', 'plain'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('detects the delimiter: comma, semicolon, tab, pipe', () => {
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('Vorname;Nachname;E-Mail\nJörg;Maier;j@x.de\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3')).toBe('|');
    // A comma inside quotes does not count.
    expect(detectDelimiter('"Doe, Jane";x\n"Roe, Max";y')).toBe(';');
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'a,b\n"x\n""y""",2\r\nz,3\n';
    const whole = parseCsv(text, ',').records;
    for (let size = 1; size < text.length; size++) {
      const parser = new CsvParser(',');
      const got = [];
      for (let i = 0; i < text.length; i += size) got.push(...parser.push(text.slice(i, i + size)));
      got.push(...parser.end());
      expect(got).toEqual(whole);
    }
  });

  it('any text cut anywhere into chunks gives the records of the whole (property)', () => {
    const pieces = fc.constantFrom('a', 'é', ',', ';', '"', '""', '\r', '\n', '\r\n', ' ', 'x,y', '"q,\nr"', '\u0000');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), (parts, sizes) => {
        const text = parts.join('');
        const whole = parseCsv(text, ',').records;
        const parser = new CsvParser(',');
        const got = [];
        for (let i = 0, k = 0; i < text.length; k++) {
          const size = sizes[k % sizes.length] as number;
          got.push(...parser.push(text.slice(i, i + size)));
          i += size;
        }
        got.push(...parser.end());
        expect(got).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it('writes and reads back any table of values (RFC 4180 round trip, property)', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', '€', ',', ';', '"', '\n', ' ', '1'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const table = [['first', 'second'], ...rows];
        const text = table.map((row) => row.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n');
        const read = parseCsv(text, ',').records.map((r) => r.cells);
        expect(read).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });

  it('reports an unbalanced quote, binary bytes and a 1 MB cell on their rows, and keeps memory bounded', () => {
    const huge = 'x'.repeat(1024 * 1024);
    const { records } = parseCsv(`a,b\nok,1\n${huge},2\nbin\u0000ary,3\n"never closed,4\nmore,5\n`, ',');
    expect(records[1]).toEqual({ line: 2, cells: ['ok', '1'] });
    expect(records[2]?.cellTooLong).toBe(true);
    expect(records[2]?.cells[0]).toHaveLength(MAX_CELL_CHARS);
    expect(records[3]).toMatchObject({ line: 4, cells: ['binary', '3'], binary: true });
    expect(records[4]).toMatchObject({ line: 5, unclosedQuote: true });
  });

  it('keeps ragged rows as they are (short and long)', () => {
    const { records } = parseCsv('a,b,c\n1\n1,2,3,4\n', ',');
    expect(records.map((r) => r.cells.length)).toEqual([3, 1, 4]);
  });
});

describe('encodings', () => {
  const text = 'Vorname;Stadt\nJörg;Köln\n';
  it('UTF-8 with and without a BOM', () => {
    expect(detectEncoding(Buffer.from(`\uFEFF${text}`))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(Buffer.from(text))).toEqual({ encoding: 'utf-8', bomLength: 0 });
    const { rows } = rowsOf(file('bom.csv', Buffer.from(`\uFEFF${text}`)));
    expect(rows[0]?.cells).toEqual(['Jörg', 'Köln']);
  });

  it('UTF-16 LE and BE, with a BOM and by the NUL pattern without one', () => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), le])).encoding).toBe('utf-16le');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).encoding).toBe('utf-16be');
    expect(detectEncoding(le).encoding).toBe('utf-16le');
    expect(detectEncoding(be).encoding).toBe('utf-16be');
    for (const [name, bytes] of [
      ['le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['be-nobom.csv', be],
    ] as const) {
      const { source, rows } = rowsOf(file(name, bytes));
      expect(source.headers).toEqual(['Vorname', 'Stadt']);
      expect(rows[0]?.cells).toEqual(['Jörg', 'Köln']);
    }
  });

  it('Windows-1252 when the bytes are not valid UTF-8', () => {
    // ö is 0xF6 and € is 0x80 in Windows-1252 (neither is valid UTF-8 on its own).
    const bytes = Buffer.from('name,city\nJ\u00f6rg,K\u00f6ln \u0080\n', 'latin1');
    expect(detectEncoding(bytes).encoding).toBe('windows-1252');
    const { rows } = rowsOf(file('cp1252.csv', bytes));
    expect(rows[0]?.cells).toEqual(['Jörg', 'Köln €']);
  });

  it('decodes UTF-16 BE split at odd byte boundaries', () => {
    const be = Buffer.from('äöü€', 'utf16le').swap16();
    const decoder = new StreamingTextDecoder({ encoding: 'utf-16be', bomLength: 0 });
    let out = '';
    for (const byte of be) out += decoder.decode(Uint8Array.of(byte));
    out += decoder.decode(new Uint8Array(0), true);
    expect(out).toBe('äöü€');
  });
});

describe('files the importer refuses', () => {
  it('an empty file, a binary file, and one over 2 GB (without reading it)', () => {
    expect(() => openImportSource(file('empty.csv', ''))).toThrow(/empty/);
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    expect(() => openImportSource(file('image.csv', binary))).toThrow(ImportFileError);
    const big = file('big.csv', 'a,b\n');
    const fd = openSync(big, 'r+');
    ftruncateSync(fd, 2 * 1024 ** 3 + 1);
    closeSync(fd);
    expect(() => openImportSource(big)).toThrow(/up to 2 GB/);
  });

  it('leaves no file open after reading the header or part of the rows', () => {
    if (!existsSync('/proc/self/fd')) return;
    const path = file('people.csv', 'email,name\na@example.com,A\nb@example.com,B\n');
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      const source = openImportSource(path);
      for (const _row of source.rows()) break;
    }
    expect(open()).toBe(before);
  });

  it('streams a large CSV in chunks (more than one read of 1 MB)', () => {
    const lines = ['email,name'];
    for (let i = 0; i < 60_000; i++) lines.push(`p${i}@example.com,Person ${i}`);
    const { source, rows } = rowsOf(file('large.csv', lines.join('\n')));
    expect(source.sizeBytes).toBeGreaterThan(1024 * 1024);
    expect(rows).toHaveLength(60_000);
    expect(rows[59_999]).toEqual({ line: 60_001, cells: ['p59999@example.com', 'Person 59999'], problem: null });
  });
});

describe('vCard', () => {
  it('reads 3.0 and 4.0 cards: folding, N, FN, EMAIL, TEL, ADR, ORG, NOTE, escapes, quoted-printable', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Muster;Erika;;;',
      'FN:Erika Muster',
      'EMAIL;TYPE=INTERNET:erika@example.de',
      'TEL;TYPE=CELL:+49 151 2345678',
      'ADR;TYPE=HOME:;;Hauptstr. 1;Köln;;50667;DE',
      'ORG:Beispiel GmbH;Vertrieb',
      'NOTE:Line one\\nline two\\, with comma and a very long text that is fol',
      ' ded onto the next line',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Jos=C3=A9 Garc=C3=ADa',
      'item1.EMAIL;PREF=1:mailto:jose@example.es',
      'TEL;VALUE=uri:tel:+34-600-123-456',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Jos=C3=A9 Garc=C3=ADa',
      'END:VCARD',
    ].join('\r\n');
    const { cards, problems } = parseVcards(text);
    expect(problems).toEqual([]);
    expect(cards[0]).toMatchObject({
      line: 1,
      firstName: 'Erika',
      lastName: 'Muster',
      fullName: 'Erika Muster',
      emails: ['erika@example.de'],
      phones: ['+49 151 2345678'],
      city: 'Köln',
      country: 'DE',
      organization: 'Beispiel GmbH, Vertrieb',
      note: 'Line one\nline two, with comma and a very long text that is folded onto the next line',
    });
    expect(cards[1]).toMatchObject({ emails: ['jose@example.es'], phones: ['+34-600-123-456'] });
    expect(cards[2]?.fullName).toBe('José García');
  });

  it('reports broken cards with their line and keeps the good ones', () => {
    const text = ['BEGIN:VCARD', 'FN:Good One', 'END:VCARD', 'BEGIN:VCARD', 'garbage without colon', 'FN:Bad', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'END:VCARD', 'BEGIN:VCARD', 'FN:Never ended'].join('\n');
    const { cards, problems } = parseVcards(text);
    expect(cards.map((c) => c.fullName)).toEqual(['Good One']);
    expect(problems.map((p) => p.line)).toEqual([4, 8, 11]);
    expect(problems[2]?.message).toMatch(/no END:VCARD/);
  });

  it('becomes rows with named columns through the source', () => {
    const { source, rows } = rowsOf(file('people.vcf', 'BEGIN:VCARD\nFN:Ann Lee\nEMAIL:ann@example.com\nEND:VCARD\n'));
    expect(source.kind).toBe('vcard');
    expect(source.headers).toContain('Email');
    expect(rows[0]?.cells[source.headers.indexOf('Email')]).toBe('ann@example.com');
  });
});

describe('XLSX', () => {
  it('reads the first sheet: shared and inline strings, numbers, booleans, dates by style, gaps', async () => {
    const path = file('people.xlsx', '');
    await writeXlsx(
      path,
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>' +
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Ann &amp; Co</t></is></c><c r="B3"><v>42.5</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" s="1"><v>45292</v></c><c r="E3" s="2"><v>45292.5</v></c></row>' +
        '<row r="4"><c r="A4" t="s"><v>5</v></c><c r="E4" s="2"><v>1</v></c></row>',
      ['Name', 'Score', 'Active', 'Signed up', 'Met', 'Bob'],
    );
    const rows = readXlsxRows(readFileSync(path));
    expect(rows).toEqual([
      { line: 1, cells: ['Name', 'Score', 'Active', 'Signed up', 'Met'] },
      { line: 3, cells: ['Ann & Co', '42.5', 'TRUE', '2024-01-01', '2024-01-01T12:00:00Z'] },
      { line: 4, cells: ['Bob', '', '', '', '1899-12-31'] },
    ]);
    const source = openImportSource(path);
    expect(source.kind).toBe('xlsx');
    expect([...source.rows()][0]?.line).toBe(3);
  });

  it('turns Excel serials into dates (1900 and 1904 systems)', () => {
    expect(excelSerialToIso(44927)).toBe('2023-01-01');
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
  });

  it('refuses a damaged workbook with a clear message', () => {
    expect(() => readXlsxRows(Buffer.from('PK\u0003\u0004 not really a zip'))).toThrow(XlsxFormatError);
  });
});
