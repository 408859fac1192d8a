/** Exports to CSV, Excel, JSON and vCard: exact output with hostile text, targets, columns, cancel, audit, CLI, bounded memory. */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { runCli } from '../cli/cli.js';
import { foldLine, vcardText } from '../core/export/vcard.js';
import { columnLetters, XLSX_MAX_CELL_CHARS } from '../core/export/xlsx.js';
import { recordConsent } from '../core/services/consent.js';
import { createField } from '../core/services/fields.js';
import { EXPORT_BATCH, ExportJobs, exportColumns, prepareExport, type ExportRequest } from '../core/services/export.js';
import { createSegment } from '../core/services/segments.js';
import { contract, type AppEvent, type ExportJob } from '../preload/contract.js';
import { contact, load, openTestWorkspace, tempDir } from './helpers.js';
import { readZip } from './support/unzip.js';
import { parseCsv } from './support/csv.js';
import { unguardFormula } from '../core/import/source.js';

let ws: ReturnType<typeof openTestWorkspace> | undefined;
let jobs: ExportJobs | undefined;
afterEach(async () => {
  await jobs?.idle();
  ws?.cleanup();
  ws = undefined;
  jobs = undefined;
});

const HOSTILE = '=HYPERLINK("http://evil.example","x")';
const BIG = 'x'.repeat(100_000);

/** Three contacts with hostile text: quotes, commas, semicolons, a newline, a formula, RTL, emoji, a 100 KB value. */
function seedHostile() {
  const w = openTestWorkspace();
  ws = w;
  createField(w, { label: 'Plan', type: 'select', options: ['Free', 'Pro'] });
  createField(w, { label: 'Bio', type: 'text' });
  load(w, {
    contacts: [
      contact({ id: 'h1', first_name: 'Ann "Quote"', last_name: 'O,Neil; Jr', email: 'ann@example.com', city: 'Line1\nLine2', country: 'DE', tags: ['VIP', 'b,c'], custom_fields: { plan: 'Pro' }, updated_at: '2026-02-01T00:00:00.000Z' }),
      contact({ id: 'h2', first_name: HOSTILE, last_name: 'مرحبا', email: null, city: '😀 Zürich', country: 'FR', updated_at: '2026-02-01T00:00:00.000Z' }),
      contact({ id: 'h3', first_name: 'Big', last_name: 'Value', email: 'big@example.com', city: null, country: null, custom_fields: { bio: BIG }, updated_at: '2026-02-01T00:00:00.000Z' }),
    ],
  });
  recordConsent(w, { contactId: 'h2', purpose: 'marketing_email', status: 'withdrawn', source: 'email', evidence: 'unsubscribe link' });
  return w;
}

async function exportFile(request: ExportRequest) {
  const w = ws as NonNullable<typeof ws>;
  const prepared = await prepareExport(w, request);
  const outcome = await prepared.run();
  expect(outcome).toMatchObject({ state: 'finished', error: null });
  return { path: prepared.path, outcome };
}

const all = { filter: {} };

describe('CSV', () => {
  it('writes a BOM, the labels, CRLF rows; quotes, doubles quotes and defuses formulas; lists and yes/no', async () => {
    seedHostile();
    const { path } = await exportFile({ target: all, format: 'csv', columns: ['id', 'name', 'email', 'city', 'tags', 'custom.plan', 'noMarketing'] });
    expect(path).toMatch(/exports[/\\]contacts-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFID,Name,Email,City,Tags,Plan,No marketing');
    expect(lines[1]).toBe('h1,"Ann ""Quote"" O,Neil; Jr",ann@example.com,"Line1\nLine2","b,c; VIP",Pro,no');
    expect(lines[2]).toBe(`h2,"'=HYPERLINK(""http://evil.example"",""x"") مرحبا",,😀 Zürich,,,yes`);
    expect(lines[3]).toBe('h3,Big Value,big@example.com,,,,no');
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
  });

  it('writes a 100 KB value whole', async () => {
    seedHostile();
    const { path } = await exportFile({ target: { ids: ['h3'] }, format: 'csv', columns: ['custom.bio'] });
    expect(readFileSync(path, 'utf8')).toBe(`\uFEFFBio\r\n${BIG}\r\n`);
  });
});

describe('JSON', () => {
  it('is one array of objects, an object a line, types kept, custom fields and consent nested, values as stored', async () => {
    seedHostile();
    const { path } = await exportFile({
      target: all,
      format: 'json',
      columns: ['id', 'name', 'tags', 'updated', 'conversations', 'custom.plan', 'noMarketing', 'consent.marketing_email'],
    });
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('[\n{"id":"h1",')).toBe(true);
    expect(text.endsWith('}\n]\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(6);
    const rows = JSON.parse(text) as Record<string, unknown>[];
    expect(rows[0]).toEqual({
      id: 'h1',
      name: 'Ann "Quote" O,Neil; Jr',
      tags: ['b,c', 'VIP'],
      updated: '2026-02-01T00:00:00.000Z',
      conversations: 0,
      customFields: { plan: 'Pro' },
      noMarketing: false,
      consent: { marketing_email: null },
    });
    expect(rows[1]).toMatchObject({ name: `${HOSTILE} مرحبا`, noMarketing: true, consent: { marketing_email: 'withdrawn' }, customFields: { plan: null } });
  });

  it('writes a 100 KB value whole', async () => {
    seedHostile();
    const { path } = await exportFile({ target: { ids: ['h3'] }, format: 'json', columns: ['custom.bio'] });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([{ customFields: { bio: BIG } }]);
  });

  it('an empty export is impossible: no match is refused before a file is made', async () => {
    const w = seedHostile();
    await expect(prepareExport(w, { target: { filter: { countries: ['JP'] } }, format: 'json', columns: ['id'] })).rejects.toMatchObject({ code: 'bad_request', path: ['target'] });
    expect(existsSync(join(dirname(w.options.databasePath), 'exports'))).toBe(false);
  });
});

describe('vCard', () => {
  it('writes one vCard 4.0 per contact with RFC 6350 escaping; other columns as X-NEXVIO- properties', async () => {
    seedHostile();
    const { path } = await exportFile({
      target: { ids: ['h1', 'h2'] },
      format: 'vcf',
      columns: ['id', 'firstName', 'lastName', 'email', 'city', 'country', 'tags', 'updated', 'custom.plan', 'noMarketing'],
    });
    const text = readFileSync(path, 'utf8');
    const cards = text.split('END:VCARD\r\n');
    expect(cards[0]).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:Ann "Quote" O\\,Neil\\; Jr',
        'N:O\\,Neil\\; Jr;Ann "Quote";;;',
        'EMAIL:ann@example.com',
        'ADR:;;;Line1\\nLine2;;;DE',
        'CATEGORIES:b\\,c,VIP',
        'UID;VALUE=text:h1',
        'REV:20260201T000000Z',
        'X-NEXVIO-FIELD-PLAN:Pro',
        'X-NEXVIO-NO-MARKETING:no',
        '',
      ].join('\r\n'),
    );
    // The name was not chosen: a card needs FN, so the export adds it.
    expect(cards[1]).toContain(`FN:=HYPERLINK("http://evil.example"\\,"x") مرحبا\r\n`);
    expect(cards[1]).toContain('ADR:;;;😀 Zürich;;;FR\r\n');
    expect(cards[1]).toContain('X-NEXVIO-NO-MARKETING:yes\r\n');
    expect(cards[2]).toBe('');
  });

  it('folds long lines at 75 octets, never inside a character, and unfolds to the value', async () => {
    seedHostile();
    const { path } = await exportFile({ target: { ids: ['h3'] }, format: 'vcf', columns: ['name', 'custom.bio'] });
    const raw = readFileSync(path);
    const lines = raw.toString('utf8').split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = raw.toString('utf8').replace(/\r\n /g, '');
    expect(unfolded).toContain(`X-NEXVIO-FIELD-BIO:${BIG}\r\n`);

    const emoji = foldLine(`NOTE:${'😀é'.repeat(60)}`);
    for (const line of emoji.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
      expect(line).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(emoji.replace(/\r\n /g, '')).toBe(`NOTE:${'😀é'.repeat(60)}\r\n`);
    expect(vcardText('a\\b,c;d\r\ne\u0007')).toBe('a\\\\b\\,c\\;d\\ne');
  });
});

/** A minimal well-formedness check: every tag closes in order, no stray < or &. */
function assertWellFormed(xml: string) {
  const body = xml.replace(/^<\?xml[^>]*\?>\n?/, '');
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([A-Za-z:_][\w:.-]*)([^>]*?)(\/?)>|([^<]+)/g)) {
    if (match[5] !== undefined) {
      expect(match[5]).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
      continue;
    }
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name as string);
  }
  expect(stack).toEqual([]);
}

describe('XLSX', () => {
  it('is a real workbook: content types, workbook, styles with a date format, one sheet of inline strings; formulas quote-prefixed; Excel cell limit', async () => {
    seedHostile();
    const { path, outcome } = await exportFile({ target: all, format: 'xlsx', columns: ['name', 'updated', 'conversations', 'noMarketing', 'custom.bio'] });
    expect(path).toMatch(/\.xlsx$/);
    const zip = readZip(path);
    expect([...zip.keys()]).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']);
    for (const xml of zip.values()) assertWellFormed(xml.toString('utf8'));
    expect(zip.get('[Content_Types].xml')!.toString()).toContain('PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"');
    expect(zip.get('xl/styles.xml')!.toString()).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>');
    expect(zip.get('xl/styles.xml')!.toString()).toContain('quotePrefix="1"');
    const sheet = zip.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<row r="1"><c r="A1" t="inlineStr" s="3"><is><t xml:space="preserve">Name</t></is></c>');
    // Row 3 is h2: the formula is text with Excel's quote prefix (style 2), escaped; RTL kept.
    expect(sheet).toContain(`<c r="A3" t="inlineStr" s="2"><is><t xml:space="preserve">=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;) مرحبا</t></is></c>`);
    // 2026-02-01T00:00Z is Excel day 46054, in the date style; numbers and booleans typed.
    expect(sheet).toContain('<c r="B2" s="1"><v>46054</v></c><c r="C2"><v>0</v></c><c r="D2" t="b"><v>0</v></c>');
    expect(sheet).toContain('<c r="D3" t="b"><v>1</v></c>');
    // The 100 KB value is cut to Excel's limit, and the export says so.
    const bio = /<c r="E4" t="inlineStr"><is><t xml:space="preserve">(x+)<\/t>/.exec(sheet);
    expect(bio?.[1]).toHaveLength(XLSX_MAX_CELL_CHARS);
    expect(outcome.truncatedCells).toBe(1);
    expect(sheet.endsWith('</row></sheetData></worksheet>')).toBe(true);
    expect([0, 25, 26, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });

  it('drops characters XML cannot hold instead of writing a broken file', async () => {
    const w = openTestWorkspace();
    ws = w;
    load(w, { contacts: [contact({ id: 'ctl', first_name: 'Bell\u0007 and \uFFFE', last_name: 'Tab\tEnd' })] });
    const { path } = await exportFile({ target: all, format: 'xlsx', columns: ['name'] });
    const sheet = readZip(path).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    assertWellFormed(sheet);
    expect(sheet).toContain('>Bell and  Tab\tEnd</t>');
  });
});

describe('columns and targets', () => {
  it('offers basic fields, custom fields, consent per purpose and "No marketing", in the chooser groups', () => {
    const w = seedHostile();
    const columns = exportColumns(w);
    expect(columns.slice(0, 3).map((c) => c.id)).toEqual(['name', 'firstName', 'lastName']);
    expect(columns.find((c) => c.id === 'custom.plan')).toEqual({ id: 'custom.plan', label: 'Plan', group: 'Custom fields', type: 'text' });
    expect(columns.find((c) => c.id === 'noMarketing')).toMatchObject({ group: 'Consent', type: 'boolean' });
    expect(columns.filter((c) => c.id.startsWith('consent.')).map((c) => c.id)).toEqual(['consent.data_processing', 'consent.marketing_email', 'consent.marketing_sms', 'consent.analytics']);
  });

  it('writes exactly the chosen columns in the chosen order; an unknown or repeated column is refused by its place', async () => {
    const w = seedHostile();
    const { path } = await exportFile({ target: { ids: ['h1'] }, format: 'csv', columns: ['country', 'id'] });
    expect(readFileSync(path, 'utf8')).toBe('\uFEFFCountry,ID\r\nDE,h1\r\n');
    await expect(prepareExport(w, { target: all, format: 'csv', columns: ['id', 'custom.nope'] })).rejects.toMatchObject({ code: 'bad_request', path: ['columns', 1] });
    await expect(prepareExport(w, { target: all, format: 'csv', columns: ['id', 'id'] })).rejects.toMatchObject({ path: ['columns'] });
  });

  it('exports chosen ids, a filter (search included), a filter segment and a list', async () => {
    const w = seedHostile();
    const ids = async (request: Omit<ExportRequest, 'format' | 'columns'>) => {
      const { path } = await exportFile({ ...request, format: 'json', columns: ['id'] });
      return (JSON.parse(readFileSync(path, 'utf8')) as { id: string }[]).map((r) => r.id);
    };
    expect(await ids({ target: { ids: ['h3', 'h1'] } })).toEqual(['h1', 'h3']);
    expect(await ids({ target: { filter: { countries: ['FR'] } } })).toEqual(['h2']);
    expect(await ids({ target: { filter: { search: 'Ann' } } })).toEqual(['h1']);
    const segment = createSegment(w, { name: 'Germany', kind: 'filter', filter: { countries: ['DE'] }, view: {}, contactIds: [] });
    expect(await ids({ target: { segment: segment.id } })).toEqual(['h1']);
    const list = createSegment(w, { name: 'Picked', kind: 'list', filter: {}, view: {}, contactIds: ['h3', 'h2'] });
    expect(await ids({ target: { segment: list.id } })).toEqual(['h2', 'h3']);
    expect(await ids({ target: { filter: { segment: list.id, countries: ['FR'] } } })).toEqual(['h2']);
    await expect(prepareExport(w, { target: { segment: 'nope' }, format: 'csv', columns: ['id'] })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('contract', () => {
  it('validates the request before the core sees it: a format, at least one column, one kind of target', () => {
    const input = contract['export.start'].input;
    expect(input.safeParse({ target: { segment: 's1' }, format: 'xlsx', columns: ['email'] }).success).toBe(true);
    const noColumns = input.safeParse({ target: { filter: {} }, format: 'csv', columns: [] });
    expect(noColumns.error?.issues[0]).toMatchObject({ message: 'Choose at least one column', path: ['columns'] });
    expect(input.safeParse({ target: { filter: {} }, format: 'pdf', columns: ['email'] }).success).toBe(false);
    expect(input.safeParse({ target: { segment: 's1', ids: ['a'] }, format: 'csv', columns: ['email'] }).success).toBe(false);
    expect(input.safeParse({ target: { ids: [] }, format: 'csv', columns: ['email'] }).success).toBe(false);
  });
});

describe('jobs: progress, cancel, audit', () => {
  function seedMany(n: number) {
    const w = openTestWorkspace();
    ws = w;
    load(w, { contacts: Array.from({ length: n }, (_, i) => contact({ id: `m${i}`, first_name: `Many${i}`, email: `many${i}@example.com` })) });
    return w;
  }

  it('runs in batches with progress events, ends with export.finished and one audit entry without personal data', async () => {
    const w = seedMany(2500);
    const events: AppEvent[] = [];
    w.events.on((e) => events.push(e));
    jobs = new ExportJobs(w);
    const started = await jobs.start({ target: all, format: 'csv', columns: ['name', 'email', 'noMarketing'] });
    expect(started).toMatchObject({ total: 2500, job: { state: 'running', format: 'csv', columns: 3 } });
    await jobs.idle();
    const progress = events.filter((e) => e.type === 'progress' && e.job === 'export').map((e) => (e as { done: number }).done);
    expect(progress).toEqual([0, EXPORT_BATCH, 2 * EXPORT_BATCH, 2500]);
    const finished = events.find((e): e is { type: 'export.finished'; job: ExportJob } => e.type === 'export.finished');
    expect(finished?.job).toMatchObject({ state: 'finished', done: 2500, total: 2500 });
    expect(readFileSync(finished!.job.path!, 'utf8').split('\r\n')).toHaveLength(2502);
    const audit = w.db.prepare("SELECT details FROM audit_log WHERE action = 'export.contacts'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!)).toEqual({ format: 'csv', columns: ['name', 'email', 'noMarketing'], target: { kind: 'filter', filters: [] }, total: 2500, exported: 2500, state: 'finished' });
    expect(audit[0]).not.toMatch(/Many|example\.com/);
    await expect(jobs.start({ target: all, format: 'csv', columns: ['name'] })).resolves.toMatchObject({ total: 2500 });
  });

  it('refuses a second export while one runs; Cancel stops after the batch and leaves no file', async () => {
    const w = seedMany(5000);
    jobs = new ExportJobs(w);
    const { jobId } = await jobs.start({ target: all, format: 'xlsx', columns: ['name', 'email'] });
    await expect(jobs.start({ target: all, format: 'csv', columns: ['name'] })).rejects.toMatchObject({ code: 'conflict' });
    expect(jobs.cancel(jobId).state).toBe('running');
    await jobs.idle();
    const job = jobs.status()!;
    expect(job).toMatchObject({ state: 'cancelled', path: null });
    expect(job.done).toBeLessThan(5000);
    expect(readdirSync(join(dirname(w.options.databasePath), 'exports'))).toEqual([]);
    const audit = JSON.parse(w.db.prepare("SELECT details FROM audit_log WHERE action = 'export.contacts'").pluck().get() as string) as Record<string, unknown>;
    expect(audit).toMatchObject({ format: 'xlsx', state: 'cancelled', exported: 0, total: 5000 });
  });

  it('memory stays bounded: a 100 MB export grows the heap by far less than the file', async () => {
    const w = openTestWorkspace();
    ws = w;
    createField(w, { label: 'Bio', type: 'text' });
    const bio = 'y'.repeat(5000);
    for (let start = 0; start < 20_000; start += 5000) {
      load(w, { contacts: Array.from({ length: 5000 }, (_, i) => contact({ id: `b${start + i}`, custom_fields: { bio } })) });
    }
    // Measured after a collection, every few batches: what the export holds, not garbage not yet collected.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const prepared = await prepareExport(w, { target: all, format: 'json', columns: ['id', 'custom.bio'] });
    let batches = 0;
    const outcome = await prepared.run({
      progress: () => {
        if (++batches % 4 !== 0) return;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      },
    });
    expect(outcome.state).toBe('finished');
    const size = statSync(prepared.path).size;
    expect(size).toBeGreaterThan(100_000_000);
    // Loose: a batch of 1,000 rows is ~5 MB; the whole file would be 100 MB.
    expect(peak).toBeLessThan(30_000_000);
  }, 60_000);
});

describe('CLI', () => {
  it('exports every contact, or a segment by name, to --out; a bad format or segment is explained', async () => {
    const w = seedHostile();
    createSegment(w, { name: 'France', kind: 'filter', filter: { countries: ['FR'] }, view: {}, contactIds: [] });
    const dir = tempDir();
    try {
      const lines: string[] = [];
      const errors: string[] = [];
      const io = { log: (l: string) => lines.push(l), error: (l: string) => errors.push(l) };
      const out = join(dir.path, 'france.vcf');
      expect(await runCli(['export', '--db', w.options.databasePath, '--format', 'vcf', '--segment', 'france', '--out', out], io)).toBe(0);
      expect(errors).toEqual([]);
      expect(lines[0]).toMatch(/^Wrote .*france\.vcf: 1 contacts, \d+ columns of the segment “France”\.$/);
      expect(readFileSync(out, 'utf8').match(/BEGIN:VCARD/g)).toHaveLength(1);

      const xlsx = join(dir.path, 'all.xlsx');
      expect(await runCli(['export', '--db', w.options.databasePath, '--format', 'xlsx', '--columns', 'id,email', '--out', xlsx], io)).toBe(0);
      expect(lines[1]).toMatch(/all\.xlsx: 3 contacts, 2 columns\.$/);
      expect(readZip(xlsx).get('xl/worksheets/sheet1.xml')!.toString()).toContain('big@example.com');

      expect(await runCli(['export', '--db', w.options.databasePath, '--format', 'pdf', '--out', xlsx], io)).toBe(2);
      expect(errors.pop()).toMatch(/--format must be one of csv, xlsx, json, vcf/);
      expect(await runCli(['export', '--db', w.options.databasePath, '--format', 'csv', '--segment', 'Spain', '--out', join(dir.path, 'x.csv')], io)).toBe(1);
      expect(errors.pop()).toMatch(/There is no segment called “Spain”\. There are: “France”\./);
      expect(existsSync(join(dir.path, 'x.csv'))).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});

// ---------------------------------------------------------------- round trips (property-based)

/** The app's CSV read back: RFC 4180, and the formula guard's ' taken off again. */
function readCsv(text: string): string[][] {
  // Read back the way the importer does: its unguard is the formula guard's exact inverse.
  return parseCsv(text).map((row) => row.map(unguardFormula));
}

/** Unfolds and unescapes the cards' FN and X-NEXVIO-CITY… only what the round trip needs. */
function readVcards(text: string): Record<string, string>[] {
  return text
    .replace(/\r\n /g, '')
    .split('END:VCARD\r\n')
    .filter(Boolean)
    .map((card) => {
      const props: Record<string, string> = {};
      for (const line of card.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) props[line.slice(0, colon)] = line.slice(colon + 1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      }
      return props;
    });
}

describe('round trips', () => {
  // Any text, also one that starts with ' before a formula character (the guard adds one more).
  const hostile = fc.constantFrom('"', ',', ';', '\\', "'", '=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '\u0007', '\u200F', '😀', 'é');
  const text = fc.string({ unit: fc.oneof(hostile, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 40 });
  const people = fc.array(fc.record({ first: text, city: text, plan: text }), { minLength: 1, maxLength: 8 });

  it('CSV and JSON give back every value; vCard every value it carries (without control characters)', async () => {
    const w = openTestWorkspace();
    ws = w;
    createField(w, { label: 'Plan', type: 'text' });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(people, async (generated) => {
        run++;
        w.db.exec('DELETE FROM contacts');
        const ids = generated.map((_, i) => `r${run}-${i}`);
        load(w, { contacts: generated.map((p, i) => contact({ id: ids[i], first_name: p.first, last_name: null, full_name: null, email: null, phone: null, city: p.city, custom_fields: { plan: p.plan } })) });
        const columns = ['id', 'firstName', 'city', 'custom.plan'];
        const csv = await exportFile({ target: all, format: 'csv', columns });
        expect(readCsv(readFileSync(csv.path, 'utf8')).slice(1)).toEqual(generated.map((p, i) => [ids[i], p.first, p.city, p.plan]));
        const json = await exportFile({ target: all, format: 'json', columns });
        expect(JSON.parse(readFileSync(json.path, 'utf8'))).toEqual(generated.map((p, i) => ({ id: ids[i], firstName: p.first, city: p.city, customFields: { plan: p.plan } })));
        const vcf = await exportFile({ target: all, format: 'vcf', columns: ['id', 'custom.plan'] });
        const cards = readVcards(readFileSync(vcf.path, 'utf8'));
        // eslint-disable-next-line no-control-regex -- the control characters vCard drops
        const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\r\n|\r/g, '\n');
        expect(cards.map((c) => [c['UID;VALUE=text'], c['X-NEXVIO-FIELD-PLAN'] ?? ''])).toEqual(generated.map((p, i) => [ids[i], clean(p.plan)]));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
