/**
 * The sync engine against the real reference service on 127.0.0.1: first sync, edits both
 * ways, idempotency, conflicts, erasure, full resync after the cursor expired, and a hostile
 * service. The fault and crash trials live in tests/reliability/.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { SyncEngine } from '../core/sync/engine.js';
import { SyncHttpError } from '../core/sync/http.js';
import { ThreadPageSource } from '../core/sync/page-source.js';
import { recomputeChecksums } from '../core/sync/checksum.js';
import { getContact, listContacts, setTag, updateContact } from '../core/services/contacts.js';
import { createNote, deleteNote, undoDeleteNote } from '../core/services/notes.js';
import { createFollowUp, deleteFollowUp, listFollowUps, updateFollowUp } from '../core/services/follow-ups.js';
import { deleteContact, undoDeleteContact } from '../core/services/delete-contact.js';
import { createField, updateField } from '../core/services/fields.js';
import { listConflicts, resolveConflict } from '../core/services/conflicts.js';
import { startTestService, TOKEN, TOKEN_B, type TestService } from './service/helpers.js';
import { tempDir } from './helpers.js';

const PULL_WORKER = pathToFileURL(join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'pull-worker.js'));

// The pull thread runs from the bundle: make sure it reflects the sources under test.
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--no-renderer'], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}, 120_000);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function service(seed = 120): Promise<TestService> {
  const s = await startTestService({ seed });
  cleanups.push(() => s.cleanup());
  return s;
}

/** An empty local workspace, removed after the test. */
function emptyWorkspace(): Workspace {
  const dir = tempDir();
  const ws = openWorkspace({ databasePath: join(dir.path, 'client.db'), host: 'cli', slowQueryMs: 0 });
  cleanups.push(() => {
    ws.db.close();
    dir.cleanup();
  });
  return ws;
}

function client(s: TestService, token = TOKEN): { ws: Workspace; engine: SyncEngine } {
  const ws = emptyWorkspace();
  return { ws, engine: new SyncEngine(ws, { serviceUrl: s.url, token, pullLimit: 97 }) };
}

/** Two agents (two tokens) with a first sync each against a fresh service. */
async function twoAgents(): Promise<{ a: ReturnType<typeof client>; b: ReturnType<typeof client> }> {
  const s = await service();
  const a = client(s, TOKEN);
  const b = client(s, TOKEN_B);
  await a.engine.syncOnce();
  await b.engine.syncOnce();
  return { a, b };
}

const count = (ws: Workspace, table: string) => ws.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const anyContactId = (ws: Workspace) => ws.db.prepare('SELECT id FROM contacts WHERE email IS NOT NULL ORDER BY pk LIMIT 1').pluck().get() as string;

describe('sync engine against the reference service', () => {
  it('makes a full copy on the first sync, proves it with the checksum, and a second sync changes nothing', async () => {
    const s = await service();
    const { ws, engine } = client(s);
    const first = await engine.syncOnce();
    expect(first.converged).toBe(true);
    expect(first.pulled.pages).toBeGreaterThan(3);
    expect(first.pulled.quarantined).toBe(0);
    expect(count(ws, 'contacts')).toBe(120);
    expect(first.server?.entities['contact']?.count).toBe(120);
    // The incremental checksum equals a recount from the tables.
    expect(recomputeChecksums(ws.db)).toEqual(first.local);
    // Every child links to a contact once caught up.
    expect(ws.db.prepare('SELECT count(*) FROM conversations WHERE contact_id NOT IN (SELECT id FROM contacts)').pluck().get()).toBe(0);
    expect(ws.agent.name).not.toBe('');

    const second = await engine.syncOnce();
    expect(second.converged).toBe(true);
    expect(second.pulled.changes).toBe(0);
  });

  it('ends a first sync with an exact copy when the service changes, deletes and erases what was already pulled', async () => {
    const s = await service(150);
    const ws = emptyWorkspace();
    let pulls = 0;
    const changed: { note?: string; event?: string; erased?: string; contact?: string; consents?: number } = {};
    // Before the third page is served, the chatbot changes things the first page brought.
    const fetchImpl: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/v1/sync/pull') && ++pulls === 3) {
        const pick = (sql: string) => ws.db.prepare(sql).pluck().get() as string;
        changed.note = pick('SELECT id FROM notes ORDER BY pk LIMIT 1');
        changed.event = pick('SELECT id FROM events ORDER BY pk LIMIT 1');
        changed.erased = pick('SELECT contact_id FROM conversations ORDER BY pk LIMIT 1');
        changed.contact = ws.db.prepare('SELECT id FROM contacts WHERE id <> ? AND id IN (SELECT contact_id FROM consents) ORDER BY pk LIMIT 1').pluck().get(changed.erased) as string;
        changed.consents = ws.db.prepare('SELECT count(*) FROM consents WHERE contact_id = ?').pluck().get(changed.contact) as number;
        await s.admin('POST', '/admin/mutate', { entity: 'note', id: changed.note, fields: { body: 'Changed during the first sync' } });
        await s.admin('POST', '/admin/mutate', { id: changed.contact, fields: { city: 'Moved during the first sync' } });
        await s.admin('POST', '/admin/mutate', { entity: 'event', op: 'delete', id: changed.event });
        await s.admin('POST', '/admin/mutate', { op: 'erase', id: changed.erased });
      }
      return fetch(input, init);
    };
    const engine = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 97, fetchImpl });
    const report = await engine.syncOnce();
    expect(pulls).toBeGreaterThan(3);
    expect(report.converged).toBe(true);
    expect(recomputeChecksums(ws.db)).toEqual(report.local);
    // The note came twice; one copy is left, the newer one.
    expect(ws.db.prepare('SELECT body FROM notes WHERE id = ?').pluck().all(changed.note)).toEqual(['Changed during the first sync']);
    // The contact came twice: written once more at the end, its consents not doubled.
    expect(ws.db.prepare('SELECT city FROM contacts WHERE id = ?').pluck().all(changed.contact)).toEqual(['Moved during the first sync']);
    expect(changed.consents).toBeGreaterThan(0);
    expect(ws.db.prepare('SELECT count(*) FROM consents WHERE contact_id = ?').pluck().get(changed.contact)).toBe(changed.consents);
    expect(ws.db.prepare('SELECT count(*) FROM events WHERE id = ?').pluck().get(changed.event)).toBe(0);
    for (const table of ['conversations', 'events', 'notes', 'follow_ups', 'consents']) {
      expect(ws.db.prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ?`).pluck().get(changed.erased), table).toBe(0);
    }
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(changed.erased)).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM sync_bulk_deferred').pluck().get()).toBe(0);
    // Back to normal: ids are unique again and lookups use their index.
    const plan = ws.db.prepare('EXPLAIN QUERY PLAN SELECT pk FROM notes WHERE id = ?').all('x') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/notes_by_id/);
  });

  it('pulls a first sync through the bundled pull thread, and reports the thread when the service refuses', async () => {
    const s = await service(150);
    const { ws } = client(s);
    const engine = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 40, pullWorkerUrl: PULL_WORKER });
    const report = await engine.syncOnce();
    expect(report.converged).toBe(true);
    expect(report.pulled.pages).toBeGreaterThan(5);
    expect(count(ws, 'contacts')).toBe(150);
    expect(recomputeChecksums(ws.db)).toEqual(report.local);
    // The pages were prepared in the thread: it reported its heap.
    expect(engine.pullThreadHeapBytes).toBeGreaterThan(0);

    // An error in the thread reaches the caller as the same typed error as inline.
    const refused = new ThreadPageSource(PULL_WORKER, { serviceUrl: s.url, token: 'not-the-token', timeoutMs: null });
    const error = await refused.pages(null, 10).next().catch((e: unknown) => e);
    await refused.close();
    expect(error).toBeInstanceOf(SyncHttpError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('reads again from before an entity that stayed damaged on every try, and ends equal with nothing quarantined', async () => {
    const s = await service(60);
    const ws = emptyWorkspace();
    // The first three answers that carry an event carry it damaged: the page and both retries.
    let damaged = 0;
    let damagedId = '';
    const fetchImpl: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/v1/sync/pull') || damaged >= 3) return response;
      const page = (await response.json()) as { changes: { entity: string; op: string; id: string; data?: Record<string, unknown> }[] };
      const event = page.changes.find((c) => c.entity === 'event' && c.op === 'upsert' && (damagedId === '' || c.id === damagedId));
      if (event?.data) {
        damagedId = event.id;
        event.data['occurred_at'] = 'not a time';
        damaged++;
      }
      return Response.json(page);
    };
    const engine = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 40, fetchImpl });
    const report = await engine.syncOnce();
    expect(damaged).toBe(3);
    expect(report.pulled.quarantined).toBe(1);
    expect(report.converged).toBe(true);
    expect(ws.db.prepare('SELECT count(*) FROM quarantine').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM events WHERE id = ?').pluck().get(damagedId)).toBe(1);
    expect(recomputeChecksums(ws.db)).toEqual(report.local);
  });

  it('pushes local edits, tags and notes, which another agent then pulls', async () => {
    const { a, b } = await twoAgents();
    const id = anyContactId(a.ws);
    updateContact(a.ws, id, { city: 'Reykjavík', firstName: 'Ásta' });
    setTag(a.ws, id, 'vip-sync-test', true);
    const note = createNote(a.ws, id, 'Asked about the **annual** plan');
    const report = await a.engine.syncOnce();
    expect(report.pushed).toEqual({ applied: 3, duplicate: 0, conflict: 0, rejected: 0 });
    expect(report.converged).toBe(true);
    expect(count(a.ws, 'outbox')).toBe(0);

    await b.engine.syncOnce();
    const seen = getContact(b.ws, id);
    expect(seen).toMatchObject({ city: 'Reykjavík', firstName: 'Ásta' });
    expect(seen.tags).toContain('vip-sync-test');
    expect(b.ws.db.prepare('SELECT body FROM notes WHERE id = ?').pluck().get(note.id)).toBe('Asked about the **annual** plan');

    deleteNote(a.ws, note.id);
    // Held for the undo window first: not sent yet.
    expect((await a.engine.syncOnce()).pushed.applied).toBe(0);
    expect(undoDeleteNote(a.ws, note.id).body).toBe('Asked about the **annual** plan');
    deleteNote(a.ws, note.id);
    a.ws.db.prepare('UPDATE outbox SET hold_until = NULL').run();
    expect((await a.engine.syncOnce()).converged).toBe(true);
    expect(count(a.ws, 'deleted_notes')).toBe(0);
    await b.engine.syncOnce();
    expect(b.ws.db.prepare('SELECT count(*) FROM notes WHERE id = ?').pluck().get(note.id)).toBe(0);
  });

  it('syncs follow-ups both ways: created, snoozed, done and deleted here, seen by another agent', async () => {
    const { a, b } = await twoAgents();
    const id = anyContactId(a.ws);
    const due = '2027-03-01T09:00:00.000Z';
    const followUp = createFollowUp(a.ws, { contactId: id, title: 'Call back about the annual plan', dueAt: due });
    let report = await a.engine.syncOnce();
    expect(report.pushed.applied).toBe(1);
    expect(report.converged).toBe(true);
    await b.engine.syncOnce();
    const seen = listFollowUps(b.ws, { contactId: id, assignee: 'anyone', includeDone: true, limit: 10 }).find((f) => f.id === followUp.id);
    expect(seen).toMatchObject({ title: 'Call back about the annual plan', dueAt: due, doneAt: null, assignee: a.ws.agent, pending: false });

    updateFollowUp(a.ws, followUp.id, { dueAt: '2027-03-02T09:00:00.000Z' });
    updateFollowUp(a.ws, followUp.id, { done: true });
    report = await a.engine.syncOnce();
    expect(report.pushed).toMatchObject({ applied: 2, conflict: 0, rejected: 0 });
    await b.engine.syncOnce();
    const done = listFollowUps(b.ws, { contactId: id, assignee: 'anyone', includeDone: true, limit: 10 }).find((f) => f.id === followUp.id);
    expect(done?.dueAt).toBe('2027-03-02T09:00:00.000Z');
    expect(done?.doneAt).not.toBeNull();

    deleteFollowUp(a.ws, followUp.id);
    expect((await a.engine.syncOnce()).converged).toBe(true);
    await b.engine.syncOnce();
    expect(b.ws.db.prepare('SELECT count(*) FROM follow_ups WHERE id = ?').pluck().get(followUp.id)).toBe(0);
  });

  it('holds a contact deletion back for the undo window, then pushes it; another agent loses the contact', async () => {
    const { a, b } = await twoAgents();
    const id = anyContactId(a.ws);
    deleteContact(a.ws, id);
    let report = await a.engine.syncOnce();
    // Still undoable: not sent, and the copy still counts the service's entities.
    expect(report.pushed.applied).toBe(0);
    expect(report.converged).toBe(true);
    expect(count(a.ws, 'deleted_contacts')).toBe(1);

    a.ws.db.prepare("UPDATE outbox SET hold_until = '2000-01-01T00:00:00.000Z'").run();
    report = await a.engine.syncOnce();
    expect(report.pushed.applied).toBe(1);
    expect(report.converged).toBe(true);
    expect(count(a.ws, 'deleted_contacts')).toBe(0);
    expect(count(a.ws, 'sync_pending_deletes')).toBe(0);
    expect(() => undoDeleteContact(a.ws, id)).toThrow(/already been sent/);

    expect((await b.engine.syncOnce()).converged).toBe(true);
    expect(b.ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(id)).toBe(0);
    expect(b.ws.db.prepare('SELECT count(*) FROM conversations WHERE contact_id = ?').pluck().get(id)).toBe(0);
  });

  it('syncs custom field definitions made here: created, relabelled and archived, seen by another agent', async () => {
    const { a, b } = await twoAgents();
    const field = createField(a.ws, { label: 'Loyalty tier', type: 'select', options: ['Bronze', 'Silver', 'Gold'] });
    expect((await a.engine.syncOnce()).pushed.applied).toBe(1);
    await b.engine.syncOnce();
    expect(b.ws.fieldDefinitions().find((f) => f.id === field.id)).toMatchObject({ key: 'loyalty_tier', label: 'Loyalty tier', options: ['Bronze', 'Silver', 'Gold'], archived: false });

    updateField(a.ws, field.id, { label: 'Loyalty level', archived: true });
    const report = await a.engine.syncOnce();
    expect(report.pushed).toMatchObject({ applied: 1, conflict: 0, rejected: 0 });
    expect(report.converged).toBe(true);
    await b.engine.syncOnce();
    expect(b.ws.fieldDefinitions().find((f) => f.id === field.id)).toMatchObject({ label: 'Loyalty level', archived: true });
  });

  it('keeps an edit made while a sync runs, and pushes it the next time', async () => {
    const s = await service();
    const { ws, engine } = client(s);
    await engine.syncOnce();
    const id = anyContactId(ws);
    const running = engine.syncOnce();
    updateContact(ws, id, { city: 'Mid-sync City' });
    await running;
    expect(getContact(ws, id).city).toBe('Mid-sync City');
    await engine.syncOnce();
    const other = client(s, TOKEN_B);
    await other.engine.syncOnce();
    expect(getContact(other.ws, id).city).toBe('Mid-sync City');
  });

  it('records a conflict with both values when the service changed the same field, and lets a person keep theirs', async () => {
    const s = await service();
    const { ws, engine } = client(s);
    await engine.syncOnce();
    const id = anyContactId(ws);
    await s.admin('POST', '/admin/mutate', { id, fields: { city: 'Server City', phone: '+4930111222' } });
    updateContact(ws, id, { city: 'Local City', lastName: 'Localname' });

    const report = await engine.syncOnce();
    expect(report.pushed.conflict).toBe(1);
    expect(report.converged).toBe(true);
    const conflicts = listConflicts(ws, false, 10);
    expect(conflicts).toEqual([expect.objectContaining({ entityId: id, field: 'city', localValue: 'Local City', serverValue: 'Server City' })]);
    // The field without conflict was applied; the service's value shows for the other.
    expect(getContact(ws, id)).toMatchObject({ city: 'Server City', lastName: 'Localname', phone: '+4930111222' });

    resolveConflict(ws, conflicts[0]!.id, 'mine');
    expect(getContact(ws, id).city).toBe('Local City');
    const after = await engine.syncOnce();
    expect(after.pushed.applied).toBe(1);
    expect(getContact(ws, id).city).toBe('Local City');
    expect(listConflicts(ws, false, 10)).toEqual([]);
  });

  it('removes every trace of a person erased on the service', async () => {
    const s = await service();
    const { ws, engine } = client(s);
    await engine.syncOnce();
    const id = ws.db.prepare('SELECT contact_id FROM conversations GROUP BY contact_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    const before = getContact(ws, id);
    createNote(ws, id, 'Local note about this person');
    updateContact(ws, id, { city: 'Pending City' });
    await s.admin('POST', '/admin/mutate', { op: 'erase', id });

    const report = await engine.syncOnce();
    expect(report.pulled.erased).toBe(1);
    for (const table of ['contacts', 'conversations', 'events', 'notes', 'follow_ups', 'consents', 'field_changes']) {
      const column = table === 'contacts' ? 'id' : 'contact_id';
      expect(ws.db.prepare(`SELECT count(*) FROM ${table} WHERE ${column} = ?`).pluck().get(id), table).toBe(0);
    }
    expect(ws.db.prepare('SELECT count(*) FROM outbox WHERE entity_id = ?').pluck().get(id)).toBe(0);
    if (before.email) expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: before.email }, limit: 5 }).rows).toEqual([]);
    const audit = ws.db.prepare("SELECT details FROM audit_log WHERE action = 'contact.erased'").pluck().get() as string;
    expect(audit).not.toContain(before.displayName);
    expect(report.converged).toBe(true);
  });

  it('after weeks offline past the tombstone retention, resyncs in full and keeps unpushed edits', async () => {
    const s = await service();
    const { ws, engine } = client(s);
    await engine.syncOnce();
    const ids = ws.db.prepare('SELECT id FROM contacts ORDER BY pk LIMIT 3').pluck().all() as string[];
    // Offline: the person edits one contact; the service deletes two others.
    updateContact(ws, ids[0]!, { city: 'Written offline' });
    await s.admin('POST', '/admin/mutate', { op: 'delete', id: ids[1] });
    await s.admin('POST', '/admin/mutate', { op: 'delete', id: ids[2] });
    await s.admin('POST', '/admin/clock', { offsetDays: 120 });
    await s.admin('POST', '/admin/purge-tombstones', { all: true });

    const report = await engine.syncOnce();
    expect(report.fullResync).toBe(true);
    expect(report.converged).toBe(true);
    expect(getContact(ws, ids[0]!).city).toBe('Written offline');
    for (const gone of ids.slice(1)) expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(gone)).toBe(0);
    expect(recomputeChecksums(ws.db)).toEqual(report.local);
  });

  it('clears what was quarantined of an entity when a valid copy of it arrives, even one damaged into an unknown kind', async () => {
    const s = await service();
    const { ws, engine } = client(s);
    await engine.syncOnce();
    const id = anyContactId(ws);
    const quarantine = ws.db.prepare("INSERT INTO quarantine (entity, entity_id, version, payload, reason, received_at) VALUES (?, ?, 1, '{}', 'damaged', '2026-01-01T00:00:00Z')");
    quarantine.run('invoice', id);
    quarantine.run('invoice', 'someone-else');
    await s.admin('POST', '/admin/mutate', { id, fields: { city: 'Healed' } });
    expect((await engine.syncOnce()).converged).toBe(true);
    expect(ws.db.prepare('SELECT entity, entity_id FROM quarantine').all()).toEqual([{ entity: 'invoice', entity_id: 'someone-else' }]);
  });

  it('quarantines what a hostile service sends, links children that came first, and never crashes', async () => {
    const s = await service(20);
    const { ws } = client(s);
    const contactId = 'hostile-contact-1';
    const pages = [
      {
        changes: [
          // A conversation before its contact (allowed by the spec).
          { seq: 1, entity: 'conversation', op: 'upsert', id: 'conv-early', version: 1, data: { id: 'conv-early', version: 1, contact_id: contactId, channel: 'web', started_at: '2026-01-01T00:00:00.000Z', status: 'open', messages: [] } },
          { seq: 2, entity: 'contact', op: 'upsert', id: 'bad-1', version: 1, data: { id: 'bad-1', version: 'one' } },
          { seq: 3, entity: 'contact', op: 'upsert', id: 'bad-2', version: 1, data: { id: 'bad-2', version: 1, created_at: 'yesterday', updated_at: 'x', first_name: 'x'.repeat(10_000_001) } },
          { seq: 4, entity: 'spaceship', op: 'upsert', id: 'ufo', version: 1, data: {} },
          { seq: 5, entity: 'contact', op: 'explode', id: 'z', version: 1 },
          'not even an object',
        ],
        next_cursor: 'c1',
        has_more: true,
      },
      {
        changes: [
          { seq: 6, entity: 'contact', op: 'upsert', id: contactId, version: 1, data: { id: contactId, version: 1, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', first_name: 'Late', future_field: { kept: true } } },
        ],
        next_cursor: 'c2',
        has_more: false,
      },
    ];
    let pullCount = 0;
    const hostileFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/v1/workspace')) return fetch(url.replace(/^http:\/\/hostile/, s.url), init);
      if (url.endsWith('/v1/sync/pull')) {
        const cursor = (JSON.parse(String(init?.body)) as { cursor: string | null }).cursor;
        pullCount++;
        return Response.json(cursor === null ? pages[0] : pages[1]);
      }
      if (url.endsWith('/v1/sync/checksum')) return Response.json({ seq: 6, entities: {} });
      return Response.json({ results: [] });
    };
    const engine = new SyncEngine(ws, { serviceUrl: 'http://hostile', token: TOKEN, fetchImpl: hostileFetch });
    const report = await engine.syncOnce();
    expect(report.pulled.quarantined).toBe(5);
    expect(pullCount).toBeGreaterThan(2); // the page with bad changes was asked for again before quarantining
    const reasons = ws.db.prepare('SELECT reason FROM quarantine ORDER BY pk').pluck().all() as string[];
    expect(reasons.join('\n')).toMatch(/Invalid contact/);
    expect(reasons.join('\n')).toMatch(/Unknown entity type "spaceship"/);
    // The early conversation was kept and now links to its contact.
    expect(getContact(ws, contactId)).toMatchObject({ firstName: 'Late', conversationCount: 1 });
    expect(JSON.parse(ws.db.prepare('SELECT extra FROM contacts WHERE id = ?').pluck().get(contactId) as string)).toEqual({ future_field: { kept: true } });
  });
});
