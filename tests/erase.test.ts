/**
 * Permanent erasure (issue 5, item 3): every row about a person leaves the tables, their
 * bytes leave the database file and its WAL, the service gets exactly one `erase`, and the
 * suppression list keeps them from coming back, whether the erasure starts here or arrives
 * from the service as an `erased` tombstone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { seedWorkspace } from '../core/services/seed.js';
import { createContact, getContact, listContacts, setTag, updateContact } from '../core/services/contacts.js';
import { createNote, deleteNote } from '../core/services/notes.js';
import { createFollowUp } from '../core/services/follow-ups.js';
import { mergeContacts } from '../core/services/merge.js';
import { eraseContact, erasePreview } from '../core/services/erase.js';
import { isSuppressed, listSuppression, unsuppress } from '../core/services/suppression.js';
import { listSyncIssues } from '../core/services/conflicts.js';
import { SyncEngine } from '../core/sync/engine.js';
import { recomputeChecksums } from '../core/sync/checksum.js';
import { verifyAuditChain } from '../core/services/audit.js';
import { CoreError } from '../core/api/errors.js';
import { runCli } from '../cli/cli.js';
import { conversation, load, tempDir } from './helpers.js';
import { startTestService, TOKEN, TOKEN_B, type TestService } from './service/helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workspaceAt(path: string): Workspace {
  const ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
  cleanups.push(() => {
    if (ws.db.open) ws.db.close();
  });
  return ws;
}

function newDbPath(): string {
  const dir = tempDir('nexvio-erase-');
  cleanups.push(() => dir.cleanup());
  return join(dir.path, 'workspace.db');
}

/** The database file and its WAL as they are on disk (the WAL may be gone or empty). */
function fileBytes(path: string): Buffer {
  const parts = [readFileSync(path)];
  if (existsSync(`${path}-wal`)) parts.push(readFileSync(`${path}-wal`));
  return Buffer.concat(parts);
}

/** Which of these strings occur in the bytes, as written and lower-cased (the search index lower-cases). */
function foundIn(bytes: Buffer, strings: string[]): string[] {
  return strings.flatMap((s) => [s, s.toLowerCase()]).filter((s) => bytes.includes(Buffer.from(s, 'utf8')));
}

const search = (ws: Workspace, text: string) => listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: text }, limit: 5 }).rows;

/** A person with words found nowhere else, edited the way agents do, with a transcript, a note, a follow-up and a tag. */
const PERSON = {
  firstName: 'Quillomena',
  lastName: 'Zarathustrova',
  email: 'quillomena.zarathustrova@erasure-test.example',
  phone: '+4915799887766',
  message: 'Vexillographic pomegranate xylophonist requests erasure',
  note: 'Prefers Brabanconne-themed umbrellas',
  followUp: 'Call Quillomena about the heliotrope invoice',
  city: 'Ploxtonbury',
};
const STRINGS = [PERSON.firstName, PERSON.lastName, PERSON.email, PERSON.phone, PERSON.phone.slice(1), PERSON.message, PERSON.note, PERSON.followUp, PERSON.city];

function seededWithPerson(path: string): { ws: Workspace; id: string } {
  const ws = workspaceAt(path);
  seedWorkspace(ws, { contacts: 400, seed: 7 });
  // One with nothing of its own yet, so the counts below are exact.
  const id = ws.db
    .prepare(
      `SELECT id FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM conversations WHERE contact_id = c.id) AND NOT EXISTS (SELECT 1 FROM events WHERE contact_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM notes WHERE contact_id = c.id) AND NOT EXISTS (SELECT 1 FROM follow_ups WHERE contact_id = c.id) ORDER BY pk LIMIT 1`,
    )
    .pluck()
    .get() as string;
  expect(id).toBeTruthy();
  updateContact(ws, id, { firstName: PERSON.firstName, lastName: PERSON.lastName, fullName: `${PERSON.firstName} ${PERSON.lastName}`, email: PERSON.email, phone: PERSON.phone, city: PERSON.city });
  load(ws, { conversations: [conversation(id, `conv-${randomUUID()}`, '2026-03-01T10:00:00.000Z', [{ role: 'user', text: PERSON.message }])] });
  createNote(ws, id, PERSON.note);
  createFollowUp(ws, { contactId: id, title: PERSON.followUp, dueAt: '2026-12-01T09:00:00.000Z' });
  setTag(ws, id, 'vip', true);
  return { ws, id };
}

describe('erasing a person here', () => {
  it('leaves none of their words in the database file or its WAL, and search finds nothing', () => {
    const path = newDbPath();
    const { ws, id } = seededWithPerson(path);
    expect(search(ws, PERSON.lastName).map((r) => r.id)).toEqual([id]);
    // The test can fail: before the erasure the words are in the file.
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(foundIn(fileBytes(path), [PERSON.lastName, PERSON.message, PERSON.note])).not.toEqual([]);

    const result = eraseContact(ws, id, { origin: 'local' });
    expect(result.bytesWiped).toBe(true);
    expect(result.counts).toMatchObject({ people: 1, conversations: 1, messages: 1, notes: 1, followUps: 1 });
    expect(foundIn(fileBytes(path), STRINGS)).toEqual([]);
    for (const word of [PERSON.firstName, PERSON.lastName, PERSON.email, PERSON.city, PERSON.phone, 'brabanconne', 'heliotrope']) expect(search(ws, word), word).toEqual([]);
    // Everyone else is still there and found.
    expect(ws.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(399);
    expect(search(ws, ws.db.prepare('SELECT last_name FROM contacts WHERE last_name IS NOT NULL ORDER BY pk LIMIT 1').pluck().get() as string).length).toBeGreaterThan(0);
    expect(() => ws.db.prepare("INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')").run()).not.toThrow();
    ws.close();
    expect(foundIn(fileBytes(path), STRINGS)).toEqual([]);
  });

  it('removes the kept copies too: held merges, a note deleted with undo, and queues one erase per person', () => {
    const path = newDbPath();
    const { ws, id } = seededWithPerson(path);
    const other = createContact(ws, { firstName: 'Quillomena', lastName: 'Duplicatova', email: 'q.duplicatova@erasure-test.example' });
    mergeContacts(ws, { primaryId: id, otherIds: [other.id], choices: {}, customFields: {} });
    const extraNote = createNote(ws, id, 'Transient marmalade memo');
    deleteNote(ws, extraNote.id);
    expect(ws.db.prepare('SELECT count(*) FROM merges WHERE primary_id = ? AND snapshot IS NOT NULL').pluck().get(id)).toBe(1);

    const result = eraseContact(ws, id, { origin: 'local' });
    expect(result.counts.people).toBe(2);
    for (const [table, column] of [['merges', 'primary_id'], ['deleted_notes', 'note_id'], ['field_changes', 'contact_id'], ['consents', 'contact_id'], ['notes', 'contact_id']]) {
      expect(ws.db.prepare(`SELECT count(*) FROM ${table} WHERE ${column} IN (?, ?, ?)`).pluck().get(id, other.id, extraNote.id), table).toBe(0);
    }
    const outbox = ws.db.prepare('SELECT entity_id, op FROM outbox ORDER BY seq').all();
    expect(outbox).toEqual([
      { entity_id: id, op: 'erase' },
      { entity_id: other.id, op: 'erase' },
    ]);
    expect(foundIn(fileBytes(path), [...STRINGS, 'Duplicatova', 'q.duplicatova@erasure-test.example', 'Transient marmalade memo'])).toEqual([]);
  });

  it('writes an audit entry with the id, origin and counts only, and the chain still holds', () => {
    const { ws, id } = seededWithPerson(newDbPath());
    eraseContact(ws, id, { origin: 'local' });
    const entry = ws.db.prepare("SELECT entity_id, details FROM audit_log WHERE action = 'contact.erased'").get() as { entity_id: string; details: string };
    expect(entry.entity_id).toBe(id);
    expect(JSON.parse(entry.details)).toMatchObject({ origin: 'local', people: 1, conversations: 1, messages: 1, notes: 1, followUps: 1 });
    const everything = (ws.db.prepare('SELECT group_concat(details || actor_name || coalesce(entity_id, \'\'), \' \') FROM audit_log').pluck().get() as string).toLowerCase();
    for (const s of STRINGS) expect(everything).not.toContain(s.toLowerCase());
    expect(verifyAuditChain(ws.db).ok).toBe(true);
  });

  it('previews what will go, and refuses an unknown contact in words', () => {
    const { ws, id } = seededWithPerson(newDbPath());
    const preview = erasePreview(ws, id);
    expect(preview).toMatchObject({ contactId: id, name: `${PERSON.firstName} ${PERSON.lastName}`, synced: false });
    expect(preview.counts).toMatchObject({ conversations: 1, messages: 1, notes: 1, followUps: 1 });
    expect(() => eraseContact(ws, 'no-such-contact', { origin: 'local' })).toThrow(CoreError);
  });
});

describe('the suppression list', () => {
  it('keeps salted hashes only, and refuses a local create or edit with the erased email or phone', () => {
    const path = newDbPath();
    const { ws, id } = seededWithPerson(path);
    eraseContact(ws, id, { origin: 'local' });
    const list = listSuppression(ws, 10);
    expect(list.total).toBe(2);
    expect(list.entries.map((e) => e.kind).sort()).toEqual(['email', 'phone']);
    expect(list.entries.every((e) => e.origin === 'local' && /^[0-9a-f]{12}$/.test(e.hashPrefix))).toBe(true);

    expect(isSuppressed(ws, { email: '  Quillomena.Zarathustrova@ERASURE-test.example ' })).toEqual({ suppressed: true, matched: 'email' });
    expect(isSuppressed(ws, { phone: '+49 157 99887766' })).toEqual({ suppressed: true, matched: 'phone' });
    expect(isSuppressed(ws, { email: 'someone.else@example.com' }).suppressed).toBe(false);

    let refused: unknown;
    try {
      createContact(ws, { firstName: 'Back', email: PERSON.email });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(CoreError);
    expect((refused as CoreError).message).toMatch(/asked to be erased; their email is on the suppression list/);
    expect((refused as CoreError).path).toEqual(['fields', 'email']);
    expect(() => createContact(ws, { firstName: 'Back', phone: '0157 99887766', country: 'DE' })).toThrow(/their phone number is on the suppression list/);
    const someone = ws.db.prepare('SELECT id FROM contacts ORDER BY pk LIMIT 1').pluck().get() as string;
    expect(() => updateContact(ws, someone, { email: PERSON.email })).toThrow(/suppression list/);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE lower(email) = ?').pluck().get(PERSON.email)).toBe(0);

    // An administrator can take an entry off (a different person with the same address), audited.
    const email = list.entries.find((e) => e.kind === 'email')!;
    expect(unsuppress(ws, email.id).total).toBe(1);
    expect(createContact(ws, { firstName: 'Different', lastName: 'Person', email: PERSON.email }).email).toBe(PERSON.email);
    expect(ws.db.prepare("SELECT details FROM audit_log WHERE action = 'suppression.remove'").pluck().get()).toBe('{"kind":"email"}');
    expect(foundIn(fileBytes(path), [PERSON.phone])).toEqual([]);
  });
});

describe('erasure and the service', () => {
  async function service(): Promise<TestService> {
    const s = await startTestService({ seed: 60 });
    cleanups.push(() => s.cleanup());
    return s;
  }

  /** A synced client whose chosen contact carries the distinctive words (set "by the chatbot" on the service). */
  async function syncedWithPerson(s: TestService): Promise<{ ws: Workspace; path: string; engine: SyncEngine; id: string }> {
    const path = newDbPath();
    const ws = workspaceAt(path);
    const engine = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 50, pullWorkerUrl: null });
    await engine.syncOnce();
    const id = ws.db.prepare('SELECT contact_id FROM conversations GROUP BY contact_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    const conversationId = ws.db.prepare('SELECT id FROM conversations WHERE contact_id = ? LIMIT 1').pluck().get(id) as string;
    await s.admin('POST', '/admin/mutate', {
      id,
      fields: { first_name: PERSON.firstName, last_name: PERSON.lastName, full_name: `${PERSON.firstName} ${PERSON.lastName}`, email: PERSON.email, phone: PERSON.phone, city: PERSON.city },
    });
    const messages = [{ id: `${conversationId}-erase`, role: 'user', text: PERSON.message, sent_at: '2026-03-01T10:00:00.000Z', author_name: null }];
    const changed = await s.admin('POST', '/admin/mutate', { entity: 'conversation', id: conversationId, fields: { messages } });
    expect(changed.status).toBe(200);
    const report = await engine.syncOnce();
    expect(report.converged).toBe(true);
    expect(getContact(ws, id).email).toBe(PERSON.email);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(foundIn(fileBytes(path), [PERSON.lastName, PERSON.message])).not.toEqual([]);
    return { ws, path, engine, id };
  }

  it('applies an `erased` tombstone the same way: no bytes left, hashes added, converged', async () => {
    const s = await service();
    const { ws, path, engine, id } = await syncedWithPerson(s);
    await s.admin('POST', '/admin/mutate', { op: 'erase', id });

    const report = await engine.syncOnce();
    expect(report.pulled.erased).toBe(1);
    expect(report.converged).toBe(true);
    expect(foundIn(fileBytes(path), STRINGS)).toEqual([]);
    expect(search(ws, PERSON.lastName)).toEqual([]);
    expect(listSuppression(ws, 10).entries.map((e) => e.origin)).toEqual(['service', 'service']);
    expect(ws.db.prepare("SELECT count(*) FROM outbox WHERE op = 'erase'").pluck().get()).toBe(0);
    const audit = ws.db.prepare("SELECT details FROM audit_log WHERE action = 'contact.erased'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!)).toMatchObject({ origin: 'service' });
  });

  it('queues the erase while offline, pushes it later, and the tombstones that come back change nothing more', async () => {
    const s = await service();
    const { ws, path, id } = await syncedWithPerson(s);
    updateContact(ws, id, { city: 'Unsent City' });
    createNote(ws, id, 'Unsent note');

    const result = eraseContact(ws, id, { origin: 'local' });
    expect(result.bytesWiped).toBe(true);
    const childIds = new Set(ws.db.prepare('SELECT id FROM sync_pending_deletes').pluck().all() as string[]);
    expect(childIds.has(id)).toBe(true);
    // Exactly one change about the person is left to send: the erase.
    expect(ws.db.prepare('SELECT op, entity_id FROM outbox').all()).toEqual([{ op: 'erase', entity_id: id }]);

    const offline = new SyncEngine(ws, { serviceUrl: 'http://127.0.0.1:9', token: TOKEN, timeoutMs: 500, pullWorkerUrl: null });
    await expect(offline.syncOnce()).rejects.toThrow();
    expect(ws.db.prepare("SELECT count(*) FROM outbox WHERE op = 'erase'").pluck().get()).toBe(1);

    const online = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 50, pullWorkerUrl: null });
    const report = await online.syncOnce();
    expect(report.pushed.applied).toBe(1);
    expect(report.pulled.erased).toBe(1);
    expect(report.converged).toBe(true);
    expect(ws.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM sync_pending_deletes').pluck().get()).toBe(0);
    expect(ws.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'contact.erased'").pluck().get()).toBe(1);
    expect(recomputeChecksums(ws.db)).toEqual(report.local);
    // The service holds nothing of the person either.
    const { changes } = await s.pullAll(null, 1000);
    const live = changes.filter((c) => c.op === 'upsert' && JSON.stringify(c.data).includes(PERSON.lastName));
    expect(live).toEqual([]);
    expect(foundIn(fileBytes(path), STRINGS)).toEqual([]);
  });

  it('an answer to a push that was on its way when the person was erased brings nothing back', async () => {
    const s = await service();
    const { ws, id } = await syncedWithPerson(s);
    updateContact(ws, id, { city: 'Local City' });
    // The service changed the same field: the update's answer will be a conflict carrying both values.
    await s.admin('POST', '/admin/mutate', { id, fields: { city: 'Server City' } });
    let erasedMidPush = false;
    const fetchImpl: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!erasedMidPush && String(input).endsWith('/v1/sync/push')) {
        erasedMidPush = true;
        eraseContact(ws, id, { origin: 'local' });
      }
      return response;
    };
    const report = await new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, fetchImpl }).syncOnce();
    expect(erasedMidPush).toBe(true);
    expect(report.converged).toBe(true);
    expect(ws.db.prepare('SELECT entity, entity_id, field, local_value, server_value FROM conflicts').all()).toEqual([]);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(id)).toBe(0);
    // Erased once, here: the conflict's server copy was not written back (to be erased a second time).
    expect(ws.db.prepare("SELECT json_extract(details, '$.origin') FROM audit_log WHERE action = 'contact.erased'").pluck().all()).toEqual(['local']);
  });

  it('does not store a pulled record of an erased person, lists it by id only, and still converges', async () => {
    const s = await service();
    const { ws, path, engine, id } = await syncedWithPerson(s);
    eraseContact(ws, id, { origin: 'local' });
    await engine.syncOnce();
    // Another agent creates the person again, with their email; then the chatbot adds a conversation.
    const comeback = randomUUID();
    const [created] = await s.push(
      [{ mutation_id: randomUUID(), entity: 'contact', op: 'create', id: comeback, base_version: null, at: new Date().toISOString(), fields: { first_name: PERSON.firstName, last_name: PERSON.lastName, email: PERSON.email } }],
      TOKEN_B,
    );
    expect(created?.status).toBe('applied');

    const report = await engine.syncOnce();
    expect(report.pulled.suppressed).toBe(1);
    expect(report.converged).toBe(true);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(comeback)).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM quarantine').pluck().get()).toBe(0);
    const issue = listSyncIssues(ws, 50).find((i) => i.kind === 'suppressed');
    expect(issue).toMatchObject({ entity: 'contact', entityId: comeback, excerpt: '' });
    expect(issue?.reason).toMatch(/suppression list/);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(foundIn(fileBytes(path), STRINGS)).toEqual([]);
    // A later edit on the service is still not stored, and the checksums still agree.
    await s.admin('POST', '/admin/mutate', { id: comeback, fields: { city: 'Elsewhere' } });
    const again = await engine.syncOnce();
    expect(again.converged).toBe(true);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(comeback)).toBe(0);
  });
});

describe('a first sync into a copy that has erased someone', () => {
  it('loads everyone else in bulk, leaves the erased person out and converges', async () => {
    const s = await startTestService({ seed: 40 });
    cleanups.push(() => s.cleanup());
    const created = await s.push(
      [{ mutation_id: randomUUID(), entity: 'contact', op: 'create', id: randomUUID(), base_version: null, at: new Date().toISOString(), fields: { last_name: PERSON.lastName, email: PERSON.email } }],
      TOKEN_B,
    );
    expect(created[0]?.status).toBe('applied');
    // Here, before connecting: the person was entered by hand and erased on request.
    const ws = workspaceAt(newDbPath());
    const local = createContact(ws, { lastName: PERSON.lastName, email: PERSON.email });
    eraseContact(ws, local.id, { origin: 'local' });

    const report = await new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 25, pullWorkerUrl: null }).syncOnce();
    expect(report.pulled.suppressed).toBe(1);
    expect(report.converged).toBe(true);
    expect(ws.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(40);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE lower(email) = ?').pluck().get(PERSON.email)).toBe(0);
    expect(search(ws, PERSON.lastName)).toEqual([]);
  });
});

describe('nexvio-contacts erase', () => {
  it('says what would go without --yes, erases with it, prints counts and no personal data', async () => {
    const path = newDbPath();
    const { ws, id } = seededWithPerson(path);
    ws.close();
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };

    expect(await runCli(['erase', '--db', path, '--contact', id], out)).toBe(1);
    expect(lines.join('\n')).toMatch(/Nothing was changed/);
    const check = workspaceAt(path);
    expect(check.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(id)).toBe(1);
    check.db.close();

    lines.length = 0;
    expect(await runCli(['erase', '--db', path, '--contact', id, '--yes'], out)).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/Erased contact .*: 1 conversation, 1 message, 0 events, 1 note, 1 follow-up/);
    expect(text).toMatch(/hold none of the erased data/);
    for (const s of STRINGS) expect(text).not.toContain(s);
    expect(foundIn(fileBytes(path), STRINGS)).toEqual([]);
    expect(await runCli(['erase', '--db', path, '--contact', id, '--yes'], out)).toBe(1);
  });
});
