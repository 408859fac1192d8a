/** Bulk actions over every matching contact: tags, fields, delete, export; cancel and undo. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BULK_BATCH, BULK_UNDO_WINDOW_MS, BulkJobs } from '../core/services/bulk.js';
import { csvCell } from '../core/services/csv.js';
import { unguardFormula } from '../core/import/source.js';
import { recordConsent } from '../core/services/consent.js';
import { getContact, listContacts, matchingContactPks, updateContact } from '../core/services/contacts.js';
import { createField } from '../core/services/fields.js';
import { createNote } from '../core/services/notes.js';
import { openDatabase, schemaVersion } from '../core/db/database.js';
import type { AppEvent, BulkAction, BulkJob, BulkTarget } from '../preload/contract.js';
import { contact, load, openTestWorkspace, tempDir } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
let bulk: BulkJobs;
let events: AppEvent[];
afterEach(async () => {
  await bulk?.idle();
  ws.cleanup();
});

/** 1,300 contacts: even ones in DE, odd ones in FR; every tenth tagged "lead"; c0 is a VIP already. */
function seed(n = 1300) {
  ws = openTestWorkspace();
  load(ws, {
    contacts: Array.from({ length: n }, (_, i) =>
      contact({ id: `c${i}`, first_name: `Bulk${i}`, last_name: 'Tester', country: i % 2 === 0 ? 'DE' : 'FR', tags: [...(i % 10 === 0 ? ['lead'] : []), ...(i === 0 ? ['VIP'] : [])] }),
    ),
  });
  bulk = new BulkJobs(ws);
  events = [];
  ws.events.on((event) => events.push(event));
}

async function runJob(target: BulkTarget, action: BulkAction): Promise<BulkJob> {
  const { jobId } = bulk.start(target, action);
  await bulk.idle();
  return bulk.job(jobId);
}
async function undo(job: BulkJob): Promise<BulkJob> {
  bulk.undo(job.id);
  await bulk.idle();
  return bulk.job(job.id);
}
const count = (sql: string, ...params: unknown[]) => ws.db.prepare(sql).pluck().get(...params) as number;
const outbox = (op: string) => count('SELECT count(*) FROM outbox WHERE op = ?', op);
const tagged = (tag: string) => count('SELECT count(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?', tag);
const finished = () => events.filter((e): e is Extract<AppEvent, { type: 'bulk.finished' }> => e.type === 'bulk.finished');

describe('bulk tags', () => {
  it('adds a tag to every contact matching the filter, not only the first page, with one mutation per contact changed', async () => {
    seed();
    let enqueuedCalls = 0;
    ws.outbox.onEnqueued(() => enqueuedCalls++);
    const job = await runJob({ filter: { countries: ['DE'] } }, { kind: 'addTag', tag: 'VIP' });
    // 650 in DE; c0 had the tag already: looked at, not changed.
    expect(job).toMatchObject({ state: 'finished', total: 650, done: 650, changed: 649, subject: 'VIP', undoable: true });
    expect(tagged('VIP')).toBe(650);
    expect(getContact(ws, 'c1298').tags).toContain('VIP');
    expect(getContact(ws, 'c1299').tags).not.toContain('VIP');
    expect(outbox('tag_add')).toBe(649);
    // The sync scheduler hears of each batch once, not of each of its hundreds of mutations.
    expect(enqueuedCalls).toBeLessThanOrEqual(3);
    expect(count("SELECT count(DISTINCT entity_id) FROM outbox WHERE op = 'tag_add' AND json_extract(payload, '$.tag') = 'VIP'")).toBe(649);
    // Progress per batch, then the end as an event; one audit entry, counts only.
    const progress = events.filter((e) => e.type === 'progress' && e.job === 'bulk').map((e) => (e as { done: number }).done);
    expect(progress).toEqual([0, BULK_BATCH, 650]);
    expect(finished().map((e) => e.job.state)).toEqual(['finished']);
    const audit = ws.db.prepare("SELECT action, details FROM audit_log WHERE action LIKE 'bulk.%'").all() as { action: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ tag: 'VIP', target: { kind: 'filter', filters: ['countries'] }, total: 650, changed: 649, state: 'finished' });

    // Undo removes only the tags the job added.
    const undone = await undo(job);
    expect(undone).toMatchObject({ state: 'undone', undone: 649, skipped: 0, undoable: false });
    expect(tagged('VIP')).toBe(1);
    expect(getContact(ws, 'c0').tags).toContain('VIP');
    expect(outbox('tag_remove')).toBe(649);
  });

  it('removes a tag from every contact that carries it while walking the very filter it changes', async () => {
    seed();
    const job = await runJob({ filter: { tags: ['lead'] } }, { kind: 'removeTag', tag: 'lead' });
    expect(job).toMatchObject({ state: 'finished', total: 130, changed: 130 });
    expect(tagged('lead')).toBe(0);
    expect(outbox('tag_remove')).toBe(130);
    await undo(job);
    expect(tagged('lead')).toBe(130);
  });

  it('works on chosen rows and on a search, and refuses a second job while one runs', async () => {
    seed();
    const { jobId } = bulk.start({ ids: ['c3', 'c5', 'missing'] }, { kind: 'addTag', tag: 'picked' });
    expect(() => bulk.start({ ids: ['c7'] }, { kind: 'addTag', tag: 'x' })).toThrow(/still running/);
    await bulk.idle();
    expect(bulk.status()).toMatchObject({ id: jobId, total: 2, changed: 2 });
    // A search matching more than the list's count cap is still walked whole.
    const job = await runJob({ filter: { search: 'Tester' } }, { kind: 'addTag', tag: 'found' });
    expect(job).toMatchObject({ total: 1300, changed: 1300 });
  });

  it('walks a country filter by pk, not through the country index with a sort of every remaining match per batch', () => {
    seed(50);
    const seen: { sql: string; params: unknown[] }[] = [];
    const query = ws.query.bind(ws);
    ws.query = <R,>(sql: string, params: unknown[] = []): R[] => {
      seen.push({ sql, params });
      return query<R>(sql, params);
    };
    expect(matchingContactPks(ws, { countries: ['DE'] }, 10, 5)).toHaveLength(5);
    const walk = seen.find((q) => q.sql.includes('c.pk > ?'))!;
    const plan = (ws.db.prepare(`EXPLAIN QUERY PLAN ${walk.sql}`).all(...walk.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('refuses to remove a tag nobody has', () => {
    seed(10);
    expect(() => bulk.start({ filter: {} }, { kind: 'removeTag', tag: 'nope' })).toThrow(/no tag “nope”/);
  });
});

describe('bulk set field', () => {
  it('refuses a value a single edit would refuse, and changes nothing', async () => {
    seed(20);
    createField(ws, { label: 'Plan', type: 'select', options: ['Free', 'Pro'] });
    const before = count('SELECT count(*) FROM outbox');
    expect(() => bulk.start({ filter: {} }, { kind: 'setField', fields: { customFields: { plan: 'Gold' } } })).toThrow(/Plan must be one of: Free, Pro/);
    expect(() => bulk.start({ filter: {} }, { kind: 'setField', fields: { email: 'same@example.com' } })).toThrow(/belongs to one person/);
    expect(count('SELECT count(*) FROM outbox')).toBe(before);
    expect(count('SELECT count(*) FROM bulk_jobs')).toBe(0);
    expect(count("SELECT count(*) FROM contacts WHERE custom_fields LIKE '%Gold%'")).toBe(0);
  });

  it('sets a basic and a custom field as single edits do, and undo writes back only values nobody changed since', async () => {
    seed(1100);
    createField(ws, { label: 'Plan', type: 'select', options: ['Free', 'Pro'] });
    const job = await runJob({ filter: { countries: ['FR'] } }, { kind: 'setField', fields: { city: 'Lyon' } });
    expect(job).toMatchObject({ state: 'finished', total: 550, changed: 550, subject: 'City' });
    expect(outbox('update')).toBe(550);
    expect(count("SELECT count(*) FROM field_changes WHERE field = 'city' AND new_value = '\"Lyon\"'")).toBe(550);
    const update = ws.db.prepare("SELECT base_version, payload FROM outbox WHERE op = 'update' AND entity_id = 'c1'").get() as { base_version: number; payload: string };
    expect(update.base_version).toBe(1);
    expect(JSON.parse(update.payload)).toEqual({ fields: { city: 'Lyon' }, base: { city: null } });
    // The search row follows.
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'Lyon' }, limit: 500 }).rows).toHaveLength(500);

    updateContact(ws, 'c3', { city: 'Paris' });
    const undone = await undo(job);
    expect(undone).toMatchObject({ state: 'undone', undone: 549, skipped: 1 });
    expect(getContact(ws, 'c1').city).toBeNull();
    expect(getContact(ws, 'c3').city).toBe('Paris');
    expect(count("SELECT count(*) FROM contacts WHERE city = 'Lyon'")).toBe(0);

    const custom = await runJob({ ids: ['c1', 'c2'] }, { kind: 'setField', fields: { customFields: { plan: 'Pro' } } });
    expect(custom).toMatchObject({ changed: 2, subject: 'Plan' });
    expect(getContact(ws, 'c2').customFields).toEqual({ plan: 'Pro' });
    expect(JSON.parse(ws.db.prepare("SELECT payload FROM outbox WHERE op = 'update' AND entity_id = 'c2'").pluck().get() as string)).toEqual({
      fields: { custom_fields: { plan: 'Pro' } },
      base: { custom_fields: {} },
    });
  });
});

describe('bulk delete', () => {
  it('deletes every match with held deletes, and undo puts back exactly what was there', async () => {
    seed(1200);
    createNote(ws, 'c4', 'Call about the invoice');
    const snapshot = () => ws.db.prepare("SELECT id, first_name, country, version, custom_fields FROM contacts WHERE country = 'DE' ORDER BY id").all();
    const tagsBefore = ws.db.prepare("SELECT t.name, c.id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id JOIN contacts c ON c.pk = ct.contact_pk WHERE t.name <> 'later' ORDER BY 1, 2").all();
    const before = snapshot();
    const job = await runJob({ filter: { countries: ['DE'] } }, { kind: 'delete' });
    expect(job).toMatchObject({ state: 'finished', total: 600, changed: 600, undoable: true });
    expect(count("SELECT count(*) FROM contacts WHERE country = 'DE'")).toBe(0);
    expect(count('SELECT count(*) FROM notes')).toBe(0);
    expect(outbox('delete')).toBe(600);
    // Held for the undo window from the job's end, not from each batch.
    const holds = ws.db.prepare("SELECT min(hold_until) AS first, max(hold_until) AS last FROM outbox WHERE op = 'delete'").get() as { first: string; last: string };
    expect(holds.first).toBe(holds.last);
    expect(Date.parse(holds.first) - Date.now()).toBeGreaterThan(BULK_UNDO_WINDOW_MS - 5000);
    expect(job.undoUntil).toBe(holds.first);

    // A later job leaves this one undoable.
    await runJob({ ids: ['c1'] }, { kind: 'addTag', tag: 'later' });
    const undone = await undo(job);
    expect(undone).toMatchObject({ state: 'undone', undone: 600 });
    expect(snapshot()).toEqual(before);
    expect(ws.db.prepare("SELECT t.name, c.id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id JOIN contacts c ON c.pk = ct.contact_pk WHERE t.name <> 'later' ORDER BY 1, 2").all()).toEqual(tagsBefore);
    expect(count("SELECT count(*) FROM notes WHERE contact_id = 'c4'")).toBe(1);
    expect(outbox('delete')).toBe(0);
    expect(count('SELECT count(*) FROM deleted_contacts')).toBe(0);
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'invoice' }, limit: 10 }).rows.map((r) => r.id)).toEqual(['c4']);
  });

  it('refuses undo in words once deletes have been sent', async () => {
    seed(30);
    const job = await runJob({ filter: { countries: ['FR'] } }, { kind: 'delete' });
    ws.db.prepare("DELETE FROM outbox WHERE op = 'delete' AND entity_id IN ('c1', 'c3')").run();
    expect(() => bulk.undo(job.id)).toThrow(/2 of these deletions have already been sent/);
    expect(count("SELECT count(*) FROM contacts WHERE country = 'FR'")).toBe(0);
  });
});

describe('undo of a delete', () => {
  it('leaves a contact that cannot come back deleted, its delete no longer held, and restores the others', async () => {
    seed(30);
    const job = await runJob({ filter: { countries: ['FR'] } }, { kind: 'delete' });
    // Its id is taken again meanwhile (say the service sent the contact anew).
    ws.db.prepare("INSERT INTO contacts (id, version, created_at, updated_at) VALUES ('c1', 5, 't', 't')").run();
    const undone = await undo(job);
    expect(undone).toMatchObject({ state: 'undone', undone: 14, skipped: 1 });
    expect(count("SELECT count(*) FROM contacts WHERE country = 'FR'")).toBe(14);
    expect(ws.db.prepare("SELECT hold_until FROM outbox WHERE op = 'delete' AND entity_id = 'c1'").pluck().get()).toBeNull();
    expect(outbox('delete')).toBe(1);
  });
});

describe('cancel', () => {
  it('stops after the current batch; what was done stays, is reported, and can be undone', async () => {
    seed(1600);
    let jobId = '';
    ws.events.on((event) => {
      if (event.type === 'progress' && event.job === 'bulk' && event.done === BULK_BATCH) bulk.cancel(jobId);
    });
    jobId = bulk.start({ filter: {} }, { kind: 'addTag', tag: 'wave' }).jobId;
    await bulk.idle();
    const job = bulk.status()!;
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'cancelled', total: 1600, done: BULK_BATCH, changed: BULK_BATCH, undoable: true });
    expect(tagged('wave')).toBe(BULK_BATCH);
    expect(outbox('tag_add')).toBe(BULK_BATCH);
    await undo(job);
    expect(tagged('wave')).toBe(0);
  });
});

describe('export', () => {
  it('writes every match to a dated CSV in the workspace exports folder: BOM, header, escaping, formula guard', async () => {
    seed(600);
    createField(ws, { label: 'Plan', type: 'select', options: ['Free', 'Pro'] });
    updateContact(ws, 'c0', { firstName: '=HYPERLINK("http://x")', city: 'Paris, "Left bank"\nFloor 2', customFields: { plan: 'Pro' } });
    updateContact(ws, 'c2', { lastName: '@SUM(A1)', city: '-2+3' });
    recordConsent(ws, { contactId: 'c4', purpose: 'marketing_sms', status: 'withdrawn', source: 'sms', evidence: 'STOP' });
    recordConsent(ws, { contactId: 'c6', purpose: 'marketing_email', status: 'granted', source: 'web', evidence: 'box ticked' });
    const job = await runJob({ filter: { countries: ['DE'] } }, { kind: 'export' });
    expect(job).toMatchObject({ state: 'finished', total: 300, changed: 300, undoable: false });
    expect(job.exportPath).toMatch(/exports[/\\]contacts-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(dirname(job.exportPath!)).toBe(join(dirname(ws.options.databasePath), 'exports'));
    const text = readFileSync(job.exportPath!, 'utf8');
    expect(text.startsWith('\uFEFFID,First name,Last name,Full name,Email,Phone,City,Country,Locale,Time zone,Source,Created,Updated,Last seen,No marketing,Tags,Plan\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(1 + 300 + 1); // header, rows, the empty string after the last CRLF
    expect(text).toContain(`c0,"'=HYPERLINK(""http://x"")",Tester,,person`);
    expect(text).toContain(`"Paris, ""Left bank""\nFloor 2",DE,`);
    expect(text).toContain(',lead; VIP,Pro\r\n');
    // Who said no to marketing is flagged; a grant or no answer is not.
    const noMarketing = (id: string) => lines.find((l) => l.startsWith(`${id},`))!.split(',')[14];
    expect([noMarketing('c4'), noMarketing('c6'), noMarketing('c8')]).toEqual(['yes', '', '']);
    expect(text).toContain(`c2,Bulk2,'@SUM(A1),`);
    expect(text).toContain(`,'-2+3,DE,`);
    expect(text).toContain(`,'+49151`); // phone numbers start with + too
    expect(() => bulk.undo(job.id)).toThrow(/nothing to undo/);
  });

  it('guards a value that starts with its own apostrophe before a formula start, so the importer gives it back', () => {
    expect(["'=1", "''+x", "'plain", "it's"].map(csvCell)).toEqual(["''=1", "'''+x", "'plain", "it's"]);
    expect(["''=1", "'''+x", "'plain", "it's", "'=1", "'-2"].map(unguardFormula)).toEqual(["'=1", "''+x", "'plain", "it's", '=1', '-2']);
  });

  it('guards every formula start and quotes only what needs it', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx', 'a=b', 'plain', '', null, 3, ['a', 'b']].map(csvCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\tx",
      `"'\rx"`,
      'a=b',
      'plain',
      '',
      '',
      '3',
      'a; b',
    ]);
  });
});

describe('migration 011', () => {
  it('adds the bulk job tables to a version-7 database and keeps its data', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'w.db');
      const v7 = openDatabase(path, { targetVersion: 7 });
      v7.prepare("INSERT INTO contacts (id, version, created_at, updated_at) VALUES ('kept', 2, 't', 't')").run();
      v7.close();
      const db = openDatabase(path, { targetVersion: 11 });
      expect(schemaVersion(db)).toBe(11);
      expect(db.prepare("SELECT version FROM contacts WHERE id = 'kept'").pluck().get()).toBe(2);
      db.prepare("INSERT INTO bulk_jobs (id, action, state, started_at) VALUES ('j', 'delete', 'running', 't')").run();
      db.prepare("INSERT INTO bulk_changes (job_id, contact_pk, contact_id) VALUES ('j', 1, 'kept')").run();
      expect(() => db.prepare("INSERT INTO bulk_changes (job_id, contact_pk, contact_id) VALUES ('j', 1, 'kept')").run()).toThrow(/UNIQUE|PRIMARY/);
      expect(() => db.prepare("INSERT INTO bulk_jobs (id, action, state, started_at) VALUES ('k', 'x', 'bogus', 't')").run()).toThrow(/CHECK/);
      db.close();
    } finally {
      dir.cleanup();
    }
  });

  it('marks a job that was running when the app stopped as interrupted, with its deletes held for the undo window', async () => {
    seed(10);
    ws.db.prepare("INSERT INTO bulk_jobs (id, action, state, total, started_at) VALUES ('old', 'delete', 'running', 1, 't')").run();
    ws.db.prepare("INSERT INTO outbox (mutation_id, entity, op, entity_id, payload, at, hold_until) VALUES ('m1', 'contact', 'delete', 'gone', '{}', 't', '2099-01-01T00:00:00.000Z')").run();
    ws.db.prepare("INSERT INTO bulk_changes (job_id, contact_pk, contact_id, mutation_id) VALUES ('old', 99, 'gone', 'm1')").run();
    const recovered = new BulkJobs(ws);
    expect(recovered.status()).toMatchObject({ id: 'old', state: 'interrupted', undoable: true });
    expect(Date.parse(ws.db.prepare("SELECT hold_until FROM outbox WHERE mutation_id = 'm1'").pluck().get() as string) - Date.now()).toBeLessThanOrEqual(BULK_UNDO_WINDOW_MS);
  });
});
