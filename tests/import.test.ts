/** Importing contacts (core/services/import.ts): mapping, checks, duplicates, batches, cancel, outbox, audit, CLI, uploads. */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { autoMapping, countryCodeByName, IMPORT_BATCH, ImportJobs, importDate, importFile, importNumber, previewImport } from '../core/services/import.js';
import { getContact, listContacts } from '../core/services/contacts.js';
import { createField } from '../core/services/fields.js';
import { eraseContact } from '../core/services/erase.js';
import { runCli } from '../cli/cli.js';
import { validateCall } from '../core/api/validate.js';
import type { AppEvent, DuplicatePolicy, FieldDefinition, ImportJob } from '../preload/contract.js';
import { contact, load, openTestWorkspace, tempDir } from './helpers.js';
import { parseCsv } from '../core/import/csv.js';
import { writeXlsx } from './support/xlsx.js';

let ws: ReturnType<typeof openTestWorkspace>;
let dir: ReturnType<typeof tempDir>;
afterEach(() => {
  ws?.cleanup();
  dir?.cleanup();
});

function setup() {
  ws = openTestWorkspace();
  dir = tempDir();
  load(ws, { contacts: [contact({ id: 'anna', first_name: 'Anna', last_name: 'Alt', email: 'anna@example.com', phone: '+4915112345678', city: 'Berlin' })] });
}

function csvFile(text: string, name = 'people.csv'): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

async function run(text: string, onDuplicate: DuplicatePolicy = 'update', extra: Partial<Parameters<typeof importFile>[1]> = {}): Promise<ImportJob> {
  return importFile(ws, { path: csvFile(text), fileName: 'people.csv', onDuplicate, ...extra });
}

function byEmail(email: string) {
  const id = ws.stmt<[string], { id: string }>('SELECT id FROM contacts WHERE email = ?').get(email)?.id;
  return id ? getContact(ws, id) : null;
}

function outbox(id: string) {
  return ws.stmt<[string], { op: string; payload: string; base_version: number | null }>('SELECT op, payload, base_version FROM outbox WHERE entity_id = ? ORDER BY seq').all(id);
}

/** The files this process holds open (Linux). */
function openFiles(): string[] {
  return readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '';
    }
  });
}

function auditEntries() {
  return ws.stmt<[], { action: string; details: string }>("SELECT action, details FROM audit_log WHERE action LIKE 'contacts.import%' OR action LIKE 'contact.%' ORDER BY seq").all();
}

describe('automatic mapping', () => {
  const field = (key: string, label: string): FieldDefinition => ({ id: key, key, label, type: 'text', options: [], archived: false });
  it('matches headers in several languages and custom fields by key or label, each field once', () => {
    expect(autoMapping(['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Stadt', 'Land'], [])).toEqual(['firstName', 'lastName', 'email', 'phone', 'city', 'country']);
    expect(autoMapping(['Nombre', 'Apellidos', 'Correo electrónico', 'Teléfono móvil', 'Ciudad'], [])).toEqual(['firstName', 'lastName', 'email', null, 'city']);
    expect(autoMapping(['Prénom', 'Courriel', 'Téléphone', 'Email address', 'Plan', 'Customer tier'], [field('plan', 'Plan'), field('tier', 'Customer tier')])).toEqual([
      'firstName',
      'email',
      'phone',
      null,
      'custom.plan',
      'custom.tier',
    ]);
  });
});

describe('values', () => {
  it('reads dates and numbers as people write them', () => {
    expect(importDate('2024-02-29')).toBe('2024-02-29');
    expect(importDate('1.3.2024')).toBe('2024-03-01');
    expect(importDate('2023-02-29')).toBeNull();
    expect(importDate('next week')).toBeNull();
    expect(importNumber('1.234,5')).toBe(1234.5);
    expect(importNumber('1,234.5')).toBe(1234.5);
    expect(importNumber('12,5')).toBe(12.5);
    expect(importNumber('ten')).toBeNull();
  });

  it('reads country names in several languages as codes', () => {
    expect(['Germany', 'Deutschland', 'allemagne', 'España', 'United Kingdom'].map(countryCodeByName)).toEqual(['DE', 'DE', 'DE', 'ES', 'GB']);
    expect(countryCodeByName('European Union')).toBeNull();
  });
});

describe('importing', () => {
  it('creates contacts with every field checked, phones in E.164, custom fields by type, synced as creates from "import"', async () => {
    setup();
    createField(ws, { label: 'Plan', key: 'plan', type: 'select', options: ['Free', 'Pro'] });
    createField(ws, { label: 'Seats', key: 'seats', type: 'number' });
    createField(ws, { label: 'Renewal', key: 'renewal', type: 'date' });
    createField(ws, { label: 'Newsletter', key: 'newsletter', type: 'boolean' });
    const job = await run(
      'Vorname;Nachname;E-Mail;Telefon;Land;Plan;Seats;Renewal;Newsletter\n' +
        'Jörg;Maier;Joerg@Example.DE;030 1234567;DE;pro;1.234;31.12.2026;ja\n' +
        'Bad;Mail;not-an-email;;;;;;\n' +
        'Bad;Plan;bad@example.com;;;Enterprise;;;\n' +
        'Bad;Number;num@example.com;;;;lots;;\n' +
        // A row of blanks (spreadsheets write them) is no contact and no rejection.
        ';;;;;;;;\n' +
        'Only;Name;;;;;;;\n',
    );
    expect(job).toMatchObject({ state: 'finished', created: 2, updated: 0, rejected: 3, skipped: 0, done: 5 });
    const joerg = byEmail('joerg@example.de');
    expect(joerg).toMatchObject({ firstName: 'Jörg', lastName: 'Maier', phone: '+49301234567', country: 'DE', source: 'import' });
    expect(joerg?.customFields).toEqual({ plan: 'Pro', seats: 1234, renewal: '2026-12-31', newsletter: true });
    const ops = outbox(joerg?.id ?? '');
    expect(ops).toHaveLength(1);
    expect(ops[0]?.op).toBe('create');
    expect(JSON.parse(ops[0]?.payload ?? '{}').fields).toMatchObject({ source: 'import', email: 'joerg@example.de', phone: '+49301234567' });
    // Found by search like any contact.
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'Maier' }, limit: 10 }).rows.map((r) => r.email)).toEqual(['joerg@example.de']);
    // Every rejected row with its line and why, in the report file too.
    expect(job.rejectedRows).toEqual([
      { line: 3, reason: 'E-Mail: “not-an-email” is not an email address.' },
      { line: 4, reason: 'Plan: “Enterprise” is not one of: Free, Pro.' },
      { line: 5, reason: 'Seats: “lots” is not a number.' },
    ]);
    const report = parseCsv(readFileSync(job.reportPath ?? '', 'utf8').replace(/^\uFEFF/, '')).records.map((r) => r.cells);
    expect(report[0]).toEqual(['Line', 'Why it was rejected', 'Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Land', 'Plan', 'Seats', 'Renewal', 'Newsletter']);
    expect(report.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ['3', 'not-an-email'],
      ['4', 'bad@example.com'],
      ['5', 'num@example.com'],
    ]);
    expect(auditEntries().filter((e) => e.action === 'contacts.import').map((e) => JSON.parse(e.details))).toEqual([
      { kind: 'csv', onDuplicate: 'update', rows: 5, created: 2, updated: 0, unchanged: 0, skipped: 0, rejected: 3, state: 'finished' },
    ]);
    // One audit entry per job, not one per contact.
    expect(auditEntries().filter((e) => e.action === 'contact.create')).toHaveLength(0);
  });

  it('defuses formulas in the rejects report', async () => {
    setup();
    const job = await run('name,email\n=HYPERLINK("http://evil"),bad\n');
    expect(job.rejected).toBe(1);
    expect(readFileSync(job.reportPath ?? '', 'utf8')).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('update: a duplicate by email (any case) or phone updates the contact with base, leaving blank cells alone', async () => {
    setup();
    const job = await run('email,phone,city,first name\nANNA@example.com,,Hamburg,\n,+49 151 12345678,Hamburg,Annette\nanna@example.com,,Hamburg,\n');
    expect(job).toMatchObject({ created: 0, updated: 2, unchanged: 1, rejected: 0 });
    const anna = getContact(ws, 'anna');
    expect(anna).toMatchObject({ city: 'Hamburg', firstName: 'Annette', lastName: 'Alt', email: 'anna@example.com' });
    const ops = outbox('anna');
    expect(ops.map((o) => o.op)).toEqual(['update', 'update']);
    expect(ops[0]?.base_version).toBe(1);
    expect(JSON.parse(ops[0]?.payload ?? '{}')).toEqual({ fields: { city: 'Hamburg' }, base: { city: 'Berlin' } });
    const changes = ws.stmt<[], { field: string }>("SELECT field FROM field_changes WHERE contact_id = 'anna' ORDER BY pk").all();
    expect(changes.map((c) => c.field)).toEqual(['city', 'first_name']);
  });

  it('skip: duplicates in the workspace and within the file are counted, not written', async () => {
    setup();
    const job = await run('email,name\nanna@example.com,Anna Again\nnew@example.com,New One\nNEW@example.com,New Twice\n', 'skip');
    expect(job).toMatchObject({ created: 1, updated: 0, skipped: 2, rejected: 0 });
    expect(getContact(ws, 'anna').fullName).toBeNull();
    expect(byEmail('new@example.com')?.fullName).toBe('New One');
  });

  it('create: a duplicate phone is created anew; a taken email is rejected with a reason', async () => {
    setup();
    const job = await run('email,phone,name\n,+4915112345678,Phone Twin\nanna@example.com,,Email Twin\nx@example.com,,X\nX@example.com,,X again\n', 'create');
    expect(job).toMatchObject({ created: 2, rejected: 2 });
    expect(job.rejectedRows.map((r) => r.line)).toEqual([3, 5]);
    expect(job.rejectedRows[0]?.reason).toMatch(/already has this email address/);
    expect(ws.stmt<[], { n: number }>("SELECT count(*) AS n FROM contacts WHERE phone = '+4915112345678'").get()?.n).toBe(2);
  });

  it('update within the file: a later row updates the contact an earlier row created', async () => {
    setup();
    const job = await run('email,name,city\nsam@example.com,Sam,\nsam@example.com,,Oslo\n');
    expect(job).toMatchObject({ created: 1, updated: 1 });
    expect(byEmail('sam@example.com')).toMatchObject({ fullName: 'Sam', city: 'Oslo' });
    expect(outbox(byEmail('sam@example.com')?.id ?? '').map((o) => o.op)).toEqual(['create', 'update']);
    // Its search row was written once, as the batch ended: the later row's city is found.
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'Oslo' }, limit: 10 }).rows.map((r) => r.email)).toEqual(['sam@example.com']);
  });

  it('looks emails up through the index, never by scanning every contact (a single create checks the same way)', () => {
    setup();
    const plan = (sql: string) => ws.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ['x@example.com']).map((r) => r.detail).join(' ');
    expect(plan('SELECT id FROM contacts WHERE lower(email) = ? AND email IS NOT NULL LIMIT 1')).toContain('contacts_by_email_lookup');
    expect(plan('SELECT id, display_name FROM contacts WHERE lower(email) = lower(?) AND email IS NOT NULL LIMIT 2')).toContain('contacts_by_email_lookup');
  });

  it('refuses erased people (the suppression list), by email or phone', async () => {
    setup();
    eraseContact(ws, 'anna', { origin: 'local' });
    const job = await run('email,phone,name\nanna@example.com,,Back\n,+49 151 12345678,Back by phone\nok@example.com,,Fine\n');
    expect(job).toMatchObject({ created: 1, rejected: 2 });
    expect(job.rejectedRows.map((r) => r.reason)).toEqual([expect.stringMatching(/asked to be erased.*email/), expect.stringMatching(/asked to be erased.*phone/)]);
    expect(byEmail('anna@example.com')).toBeNull();
  });

  it('rejects rows the parser flagged (a 1 MB cell, binary bytes, an unclosed quote) and ragged rows still import', async () => {
    setup();
    const job = await run(`name,email\n${'x'.repeat(1024 * 1024)},big@example.com\nbin\u0000,bin@example.com\nShort Row\nToo,many@example.com,extra,cells\nQuote,"never closed\n`);
    expect(job.rejectedRows.map((r) => r.line)).toEqual([2, 3, 6]);
    expect(job.rejectedRows.map((r) => r.reason)).toEqual([expect.stringMatching(/longer than 32,768/), expect.stringMatching(/binary/), expect.stringMatching(/never closed/)]);
    expect(job.created).toBe(2);
  });

  it('batches are all-or-nothing: a crash-like error rolls back its batch, earlier batches stay, the job says where it stopped', async () => {
    setup();
    const rows = Array.from({ length: IMPORT_BATCH * 2 + 10 }, (_, i) => `b${i}@example.com,Batch ${i}`);
    const enqueue = ws.outbox.enqueue.bind(ws.outbox);
    let calls = 0;
    ws.outbox.enqueue = (mutation) => {
      if (++calls === IMPORT_BATCH + 20) throw new Error('disk I/O error');
      return enqueue(mutation);
    };
    const job = await run(`email,name\n${rows.join('\n')}\n`);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/disk I\/O error.*rolled back/);
    expect(job.created).toBe(IMPORT_BATCH);
    expect(ws.stmt<[], { n: number }>("SELECT count(*) AS n FROM contacts WHERE source = 'import'").get()?.n).toBe(IMPORT_BATCH);
    expect(ws.stmt<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE op = 'create'").get()?.n).toBe(IMPORT_BATCH);
    expect(byEmail(`b${IMPORT_BATCH + 5}@example.com`)).toBeNull();
    expect(auditEntries().find((e) => e.action === 'contacts.import')?.details).toContain('"state":"failed"');
  });

  it("a rejected row mid-batch leaves the batch's other rows whole", async () => {
    setup();
    createField(ws, { label: 'Plan', key: 'plan', type: 'select', options: ['Free', 'Pro'] });
    const job = await run('email,name,plan\nm1@example.com,M1,Pro\nanna@example.com,Clash,Free\nm2@example.com,M2,Free\n', 'create');
    expect(job).toMatchObject({ created: 2, rejected: 1 });
    expect(byEmail('m2@example.com')?.customFields).toEqual({ plan: 'Free' });
  });

  it('cancel stops after the current batch and keeps what was imported', async () => {
    setup();
    const rows = Array.from({ length: IMPORT_BATCH * 3 }, (_, i) => `c${i}@example.com`);
    let progress = 0;
    const job = await run(`email\n${rows.join('\n')}\n`, 'update', { onProgress: (j) => (progress = j.done), isCancelled: () => progress >= IMPORT_BATCH });
    expect(job).toMatchObject({ state: 'cancelled', created: IMPORT_BATCH, done: IMPORT_BATCH });
    // The file is closed (the uploaded copy can be deleted, also on Windows).
    if (existsSync('/proc/self/fd')) expect(openFiles()).not.toContain(join(dir.path, 'people.csv'));
    expect(ws.stmt<[], { n: number }>("SELECT count(*) AS n FROM contacts WHERE source = 'import'").get()?.n).toBe(IMPORT_BATCH);
  });

  it('vCard and xlsx files import through the same mapping', async () => {
    setup();
    const vcf = join(dir.path, 'cards.vcf');
    writeFileSync(vcf, 'BEGIN:VCARD\nVERSION:3.0\nN:Lee;Ann;;;\nFN:Ann Lee\nEMAIL:ann@example.com\nTEL:+44 20 7946 0958\nADR:;;;London;;;GB\nEND:VCARD\nBEGIN:VCARD\nbroken\nEND:VCARD\n');
    const job = await importFile(ws, { path: vcf, fileName: 'cards.vcf', onDuplicate: 'update' });
    expect(job).toMatchObject({ created: 1, rejected: 1 });
    expect(byEmail('ann@example.com')).toMatchObject({ firstName: 'Ann', lastName: 'Lee', fullName: 'Ann Lee', phone: '+442079460958', city: 'London' });
  });

  it('an Excel date column imports into a date field as a date', async () => {
    setup();
    createField(ws, { label: 'Signed up', key: 'signed_up', type: 'date' });
    const path = join(dir.path, 'people.xlsx');
    await writeXlsx(
      path,
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>xl@example.com</t></is></c><c r="B2" t="inlineStr"><is><t>Xena Lu</t></is></c><c r="C2" s="1"><v>45292</v></c></row>',
      ['Email', 'Name', 'Signed up'],
    );
    const job = await importFile(ws, { path, fileName: 'people.xlsx', onDuplicate: 'update' });
    expect(job).toMatchObject({ state: 'finished', created: 1, rejected: 0 });
    expect(byEmail('xl@example.com')?.customFields).toEqual({ signed_up: '2024-01-01' });
  });

  it("the preview: the automatic mapping, each cell's problem, what each row would do", () => {
    setup();
    const path = csvFile('E-Mail,Name,Land\nanna@example.com,Anna,DE\nnope,Bad,Atlantis\nnew@example.com,New,FR\nnew@example.com,New again,FR\n');
    const preview = previewImport(ws, path, 'people.csv', 'u1');
    expect(preview).toMatchObject({ kind: 'csv', encoding: 'utf-8', delimiter: ',', headers: ['E-Mail', 'Name', 'Land'], mapping: ['email', 'fullName', 'country'], totalRows: 4, totalIsEstimate: false });
    expect(preview.rows.map((r) => r.match)).toEqual(['existing', null, 'new', 'earlier_row']);
    expect(preview.rows[1]?.cells.map((c) => c.problem)).toEqual(['“nope” is not an email address.', null, '“Atlantis” is not a country (a two-letter code such as DE, or its name).']);
    expect(() => previewImport(ws, path, 'people.csv', 'u1', ['email', 'email', null])).toThrow(/both import into Email/);
    expect(() => previewImport(ws, path, 'people.csv', 'u1', [null, null, null])).toThrow(/at least one column/);
  });
});

describe('the contract: uploads in chunks, one job at a time, events', () => {
  it('uploads, previews, imports with progress and a finished event, and removes the upload', async () => {
    setup();
    const jobs = new ImportJobs(ws);
    const events: AppEvent[] = [];
    ws.events.on((e) => events.push(e));
    const bytes = Buffer.from('email,name\nup1@example.com,Up One\nup2@example.com,Up Two\n');
    const { uploadId } = jobs.begin('list.csv', bytes.length);
    expect(() => jobs.preview(uploadId)).toThrow(/not been uploaded completely/);
    expect(jobs.upload(uploadId, 0, bytes.subarray(0, 10).toString('base64')).received).toBe(10);
    expect(() => jobs.upload(uploadId, 0, bytes.subarray(0, 10).toString('base64'))).toThrow(/starting at byte 10/);
    jobs.upload(uploadId, 10, bytes.subarray(10).toString('base64'));
    const preview = jobs.preview(uploadId);
    expect(preview.mapping).toEqual(['email', 'fullName']);
    expect(jobs.preview(uploadId, ['email', null])).toMatchObject({ totalRows: 2, mapping: ['email', null] });
    const started = jobs.start(uploadId, preview.mapping, 'update');
    expect(started.state).toBe('running');
    expect(() => jobs.start(uploadId, preview.mapping, 'update')).toThrow(/Another import/);
    await jobs.idle();
    const finished = events.find((e) => e.type === 'import.finished');
    expect(finished).toMatchObject({ type: 'import.finished', job: { state: 'finished', created: 2 } });
    expect(events.some((e) => e.type === 'progress' && e.job === 'import' && e.done === 2)).toBe(true);
    expect(jobs.status()?.created).toBe(2);
    expect(jobs.pendingFiles()).toEqual([]);
  });
});

describe('validation of the calls (the contract)', () => {
  it('refuses parts that are not base64 or too large, files over 2 GB, unknown targets', () => {
    expect(validateCall('import.upload', { uploadId: 'u', offset: 0, data: 'not base64!' })).toMatchObject({ ok: false, error: { path: ['data'] } });
    expect(validateCall('import.upload', { uploadId: 'u', offset: 0, data: 'A'.repeat(2 * 1024 * 1024) })).toMatchObject({ ok: false });
    expect(validateCall('import.upload', { uploadId: 'u', offset: 0, data: Buffer.from('ok').toString('base64') })).toMatchObject({ ok: true });
    expect(validateCall('import.begin', { fileName: 'big.csv', size: 2 * 1024 ** 3 + 1 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/up to 2 GB/) } });
    expect(validateCall('import.start', { uploadId: 'u', mapping: ['email', 'password'], onDuplicate: 'update' })).toMatchObject({ ok: false, error: { path: ['mapping', 1] } });
    expect(validateCall('import.start', { uploadId: 'u', mapping: ['email', 'custom.plan', null], onDuplicate: 'merge' })).toMatchObject({ ok: false, error: { path: ['onDuplicate'] } });
  });
});

describe('CLI', () => {
  it('imports with the automatic mapping, prints counts and the report, exits 0 / 1 / 2', async () => {
    setup();
    const dbPath = ws.options.databasePath;
    const file = csvFile('email,name\ncli@example.com,Cli Person\nbad,Bad\n');
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    expect(await runCli(['import', '--db', dbPath, '--file', file, '--on-duplicate', 'skip'], out)).toBe(0);
    expect(lines.join('\n')).toMatch(/Imported people.csv: 1 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected/);
    expect(lines.join('\n')).toMatch(/import-rejected-rows-.*\.csv/);
    expect(existsSync(join(dirname(dbPath), 'exports'))).toBe(true);
    lines.length = 0;
    expect(await runCli(['import', '--db', dbPath, '--file', file, '--on-duplicate', 'sometimes'], out)).toBe(2);
    expect(await runCli(['import', '--db', dbPath, '--file', join(dir.path, 'missing.csv')], out)).toBe(2);
    expect(await runCli(['import', '--db', dbPath, '--file', csvFile('', 'empty.csv')], out)).toBe(1);
    expect(lines.join('\n')).toMatch(/The file is empty/);
  });
});
