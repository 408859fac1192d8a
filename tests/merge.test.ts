/** Duplicates (detection, the review queue) and merging contacts, with undo until the merge is pushed. */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EntityWriter } from '../core/db/apply.js';
import { getContact, listContacts, setTag, updateContact } from '../core/services/contacts.js';
import { createNote } from '../core/services/notes.js';
import { createFollowUp } from '../core/services/follow-ups.js';
import { dismissDuplicate, listDuplicates, scanForDuplicates, SCAN_BATCH } from '../core/services/duplicates.js';
import { mergeContacts, mergePreview, undoMerge, MERGE_UNDO_WINDOW_MS } from '../core/services/merge.js';
import { timelinePage } from '../core/services/timeline.js';
import { createSegment } from '../core/services/segments.js';
import { recomputeChecksums } from '../core/sync/checksum.js';
import { SyncEngine } from '../core/sync/engine.js';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { contact, conversation, event, openTestWorkspace, tempDir } from './helpers.js';
import { startTestService, TOKEN, TOKEN_B, type TestService } from './service/helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  ws?.cleanup();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const count = (w: Workspace, sql: string, ...params: unknown[]) => w.db.prepare(sql).pluck().get(...params) as number;

/** Anna twice (same email in another case), Ben twice (same phone), Carla twice (same name and city) and a namesake, Dora alone. */
function seedPairs() {
  ws = openTestWorkspace();
  const anna = contact({ id: 'anna-1', first_name: 'Anna', last_name: 'Berg', full_name: 'Anna Berg', email: 'anna@example.com', city: 'Berlin', tags: ['vip'], consents: [{ purpose: 'marketing', status: 'granted', at: '2026-01-02T00:00:00.000Z', source: 'web', evidence: null }] });
  const anna2 = contact({ id: 'anna-2', first_name: 'Anna', last_name: 'B.', full_name: 'Anna B.', email: 'ANNA@example.com', phone: '+4915100000999', city: 'Hamburg', tags: ['lead', 'newsletter'], consents: [{ purpose: 'marketing', status: 'withdrawn', at: '2026-01-05T00:00:00.000Z', source: 'email', evidence: null }], custom_fields: { plan: 'pro' } });
  const ben = contact({ id: 'ben-1', first_name: 'Ben', last_name: 'Kahn', full_name: 'Ben Kahn', email: null, phone: '+4915112345678' });
  const ben2 = contact({ id: 'ben-2', first_name: 'Benjamin', last_name: 'Kahn', full_name: 'Benjamin Kahn', email: 'ben@kahn.example', phone: '+4915112345678' });
  const carla = contact({ id: 'carla-1', first_name: 'Carla', last_name: 'Diaz', full_name: 'Carla Diaz', city: 'Madrid', country: 'ES' });
  const carla2 = contact({ id: 'carla-2', first_name: 'Carla', last_name: 'Diaz', full_name: 'Carla Diaz', city: 'madrid', country: 'ES', email: null, phone: null });
  // A namesake with an email of her own is another person.
  const carla3 = contact({ id: 'carla-3', first_name: 'Carla', last_name: 'Diaz', full_name: 'Carla Diaz', city: 'Madrid', country: 'ES', phone: null });
  const dora = contact({ id: 'dora-1', first_name: 'Dora', last_name: 'Diaz', full_name: 'Dora Diaz', city: 'Madrid', country: 'ES' });
  ws.transaction(() =>
    new EntityWriter(ws.db, ws.search).apply({
      contacts: [anna, anna2, ben, ben2, carla, carla2, carla3, dora],
      conversations: [conversation('anna-2', 'conv-a2', '2026-03-01T10:00:00.000Z', [{ role: 'user', text: 'Hi' }]), conversation('anna-1', 'conv-a1', '2026-02-01T10:00:00.000Z')],
      events: [event('anna-2', 'ev-a2', '2026-03-01T09:00:00.000Z')],
    }),
  );
  createNote(ws, 'anna-2', 'Prefers email over phone');
  createFollowUp(ws, { contactId: 'anna-2', title: 'Send the offer', dueAt: '2027-01-01T10:00:00.000Z' });
  ws.db.prepare('DELETE FROM outbox').run();
}

describe('finding duplicates', () => {
  it('pairs contacts by email (any case), phone and same name in the same city, and nothing else', async () => {
    seedPairs();
    const result = await scanForDuplicates(ws);
    expect(result.pairs).toBe(4);
    const { pairs, total } = listDuplicates(ws, { limit: 50 });
    expect(total).toBe(4);
    // The surest first; carla-1 and carla-3 have different emails: namesakes, not a pair.
    const named = (p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id].sort().join(' ');
    expect(pairs.slice(0, 2).map((p) => [p.reason, named(p)])).toEqual([
      ['email', 'anna-1 anna-2'],
      ['phone', 'ben-1 ben-2'],
    ]);
    expect(pairs.slice(2).map((p) => [p.reason, named(p)]).sort()).toEqual([
      ['name', 'carla-1 carla-2'],
      ['name', 'carla-2 carla-3'],
    ]);
    expect(pairs.find((p) => p.reason === 'email')?.a.tags).toEqual(['vip']);
  });

  it('a later scan looks only at new and changed contacts, and a changed contact that no longer matches leaves the queue', async () => {
    seedPairs();
    await scanForDuplicates(ws);
    ws.transaction(() => new EntityWriter(ws.db, ws.search).apply({ contacts: [contact({ id: 'dora-2', first_name: 'Dora', last_name: 'Diaz', full_name: 'Dora Diaz', city: 'Madrid', country: 'ES', email: null, phone: null, updated_at: '2026-12-01T00:00:00.000Z' })] }));
    const again = await scanForDuplicates(ws);
    expect(again.scanned).toBe(1);
    expect(again.pairs).toBe(5);
    ws.db.prepare("UPDATE contacts SET phone = '+4915199999999' WHERE id = 'ben-2'").run();
    const { pairs } = listDuplicates(ws, { limit: 50 });
    expect(pairs.map((p) => p.reason)).toEqual(['email', 'name', 'name', 'name']);
    expect(count(ws, 'SELECT count(*) FROM duplicate_pairs')).toBe(4);
  });

  it('walks a large workspace in batches with progress, and a dismissed pair stays dismissed after scanning again', async () => {
    seedPairs();
    const filler = Array.from({ length: SCAN_BATCH + 200 }, (_, i) => contact({ id: `f-${i}`, email: `filler${i}@example.com`, phone: null, first_name: `F${i}`, last_name: null, full_name: null }));
    ws.transaction(() => new EntityWriter(ws.db, ws.search).apply({ contacts: filler }));
    const progress: [number, number][] = [];
    await scanForDuplicates(ws, (done, total) => progress.push([done, total]));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[progress.length - 1]).toEqual([SCAN_BATCH + 208, SCAN_BATCH + 208]);
    dismissDuplicate(ws, 'carla-2', 'carla-1');
    dismissDuplicate(ws, 'carla-3', 'carla-2');
    expect(listDuplicates(ws, { limit: 50 }).pairs.some((p) => p.reason === 'name')).toBe(false);
    // Touch both, forget the scan position: a full scan again still leaves it out.
    ws.db.prepare("UPDATE contacts SET updated_at = '2030-01-01T00:00:00.000Z' WHERE id LIKE 'carla-%'").run();
    ws.db.prepare("DELETE FROM settings WHERE key = 'duplicates_scan'").run();
    await scanForDuplicates(ws);
    expect(listDuplicates(ws, { limit: 50 }).pairs.map((p) => p.reason).sort()).toEqual(['email', 'phone']);
  });

  it('asked again while a scan runs, scans once more afterwards and finds what changed meanwhile', async () => {
    seedPairs();
    const first = scanForDuplicates(ws);
    // Made while the first scan runs (it has read its batch already): the second one sees it.
    ws.transaction(() => new EntityWriter(ws.db, ws.search).apply({ contacts: [contact({ id: 'ben-3', first_name: 'B', last_name: null, full_name: null, email: null, phone: '+4915112345678' })] }));
    const second = scanForDuplicates(ws);
    expect(second).toBe(scanForDuplicates(ws));
    await first;
    expect((await second).pairs).toBe(6);
  });

  it('pages the queue with a cursor', async () => {
    seedPairs();
    await scanForDuplicates(ws);
    const first = listDuplicates(ws, { limit: 3 });
    expect(first.pairs.map((p) => p.reason)).toEqual(['email', 'phone', 'name']);
    expect(first.nextCursor).not.toBeNull();
    const second = listDuplicates(ws, { limit: 3, cursor: first.nextCursor });
    expect(second.pairs.map((p) => p.reason)).toEqual(['name']);
    expect(second.nextCursor).toBeNull();
    const seen = [...first.pairs, ...second.pairs].map((p) => `${p.a.id} ${p.b.id}`);
    expect(new Set(seen).size).toBe(4);
    expect(() => listDuplicates(ws, { limit: 3, cursor: 'not-a-cursor' })).toThrow(/no longer valid/);
  });
});

describe('merging contacts', () => {
  it('folds the other contact in: chosen fields, custom fields, tags united, consents kept, children moved, one merge in the outbox', async () => {
    seedPairs();
    await scanForDuplicates(ws);
    const preview = mergePreview(ws, ['anna-1', 'anna-2']);
    expect(preview[1]?.counts).toEqual({ conversations: 1, events: 1, notes: 1, followUps: 1 });
    const result = mergeContacts(ws, { primaryId: 'anna-1', otherIds: ['anna-2'], choices: { phone: 'anna-2', city: 'anna-2' }, customFields: {} });
    expect(Date.parse(result.undoUntil) - Date.now()).toBeGreaterThan(MERGE_UNDO_WINDOW_MS - 2000);
    const merged = getContact(ws, 'anna-1');
    expect(merged).toMatchObject({ fullName: 'Anna Berg', email: 'anna@example.com', phone: '+4915100000999', city: 'Hamburg', customFields: { plan: 'pro' }, conversationCount: 2 });
    expect(merged.tags).toEqual(['lead', 'newsletter', 'vip']);
    // Both consent entries kept; the newest (the withdrawal) is the current status.
    expect(count(ws, "SELECT count(*) FROM consents WHERE contact_id = 'anna-1'")).toBe(2);
    expect(merged.consents).toEqual([expect.objectContaining({ purpose: 'marketing', status: 'withdrawn' })]);
    for (const table of ['conversations', 'events', 'notes', 'follow_ups']) {
      expect(count(ws, `SELECT count(*) FROM ${table} WHERE contact_id = 'anna-2'`), table).toBe(0);
    }
    expect(count(ws, "SELECT count(*) FROM conversations WHERE contact_id = 'anna-1'")).toBe(2);
    expect(count(ws, "SELECT count(*) FROM contacts WHERE id = 'anna-2'")).toBe(0);
    const outbox = ws.db.prepare("SELECT op, entity_id, payload, hold_until FROM outbox ORDER BY seq").all() as { op: string; entity_id: string; payload: string; hold_until: string }[];
    expect(outbox.map((m) => m.op)).toEqual(['merge', 'update']);
    expect(JSON.parse(outbox[0]!.payload)).toEqual({ merge_from: ['anna-2'] });
    expect(JSON.parse(outbox[1]!.payload).fields).toEqual({ phone: '+4915100000999', city: 'Hamburg', custom_fields: { plan: 'pro' } });
    expect(outbox.every((m) => m.entity_id === 'anna-1' && Date.parse(m.hold_until) > Date.now())).toBe(true);
    // Search finds the survivor by the other's email and by its note.
    for (const search of ['ANNA@example.com', 'Prefers email']) {
      expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search }, limit: 10 }).rows.map((r) => r.id)).toEqual(['anna-1']);
    }
    expect(ws.db.prepare("SELECT action FROM audit_log WHERE action = 'contact.merge'").pluck().get()).toBe('contact.merge');
    // The pair is consumed; the timeline tells the story.
    expect(listDuplicates(ws, { limit: 50 }).pairs.some((p) => p.reason === 'email')).toBe(false);
    const item = timelinePage(ws, { contactId: 'anna-1', limit: 50 }).items.find((i) => i.kind === 'merge');
    expect(item).toMatchObject({ kind: 'merge', mergedNames: ['Anna B.'], origin: 'local', undoable: true });
  });

  it('refuses to merge a contact into itself and a value from a contact outside the merge', () => {
    seedPairs();
    expect(() => mergeContacts(ws, { primaryId: 'anna-1', otherIds: ['anna-1'], choices: {}, customFields: {} })).toThrow(/into itself/);
    expect(() => mergeContacts(ws, { primaryId: 'anna-1', otherIds: ['anna-2'], choices: { email: 'ben-1' }, customFields: {} })).toThrow(/one of the contacts/);
    expect(() => mergeContacts(ws, { primaryId: 'anna-1', otherIds: ['nobody'], choices: {}, customFields: {} })).toThrow(/no longer exists/);
    expect(count(ws, 'SELECT count(*) FROM outbox')).toBe(0);
    expect(count(ws, "SELECT count(*) FROM contacts WHERE id = 'anna-2'")).toBe(1);
  });

  it('undo puts back exactly what was there while the merge is held, and is refused in words once it has been sent', async () => {
    seedPairs();
    setTag(ws, 'anna-1', 'vip', true);
    ws.db.prepare('DELETE FROM outbox').run();
    const dump = () => ({
      contacts: ws.db.prepare("SELECT id, version, full_name, email, phone, city, custom_fields, conversation_count, updated_at FROM contacts WHERE id LIKE 'anna-%' ORDER BY id").all(),
      tags: [getContact(ws, 'anna-1').tags, getContact(ws, 'anna-2').tags],
      consents: ws.db.prepare("SELECT contact_id, purpose, status, at FROM consents WHERE contact_id LIKE 'anna-%' ORDER BY contact_id, at").all(),
      children: ['conversations', 'events', 'notes', 'follow_ups'].map((t) => ws.db.prepare(`SELECT id, contact_id FROM ${t} ORDER BY id`).all()),
      fieldChanges: count(ws, 'SELECT count(*) FROM field_changes'),
    });
    const before = dump();
    const checksums = recomputeChecksums(ws.db);
    const { mergeId } = mergeContacts(ws, { primaryId: 'anna-1', otherIds: ['anna-2'], choices: { fullName: 'anna-2', phone: 'anna-2' }, customFields: {} });
    expect(recomputeChecksums(ws.db)).toEqual(checksums);
    const restored = undoMerge(ws, mergeId);
    expect(restored.fullName).toBe('Anna Berg');
    expect(dump()).toEqual(before);
    expect(count(ws, 'SELECT count(*) FROM outbox')).toBe(0);
    expect(count(ws, 'SELECT count(*) FROM merges')).toBe(0);
    expect(count(ws, 'SELECT count(*) FROM sync_pending_deletes')).toBe(0);
    expect(recomputeChecksums(ws.db)).toEqual(checksums);
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'Prefers email' }, limit: 10 }).rows.map((r) => r.id)).toEqual(['anna-2']);

    const again = mergeContacts(ws, { primaryId: 'anna-1', otherIds: ['anna-2'], choices: {}, customFields: {} });
    ws.db.prepare("DELETE FROM outbox WHERE op = 'merge'").run();
    expect(() => undoMerge(ws, again.mergeId)).toThrow(/already been sent/);
    expect(count(ws, "SELECT count(*) FROM contacts WHERE id = 'anna-2'")).toBe(0);
  });
});

describe('lists and merges', () => {
  it('the survivor joins the lists of the contact merged into it; undo puts every membership back', () => {
    seedPairs();
    const both = createSegment(ws, { name: 'Both', kind: 'list', filter: {}, view: {}, contactIds: ['anna-1', 'anna-2'] });
    const second = createSegment(ws, { name: 'Second only', kind: 'list', filter: {}, view: {}, contactIds: ['anna-2'] });
    const members = (id: string) => listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { segment: id }, limit: 10 }).rows.map((r) => r.id).sort();
    const { mergeId } = mergeContacts(ws, { primaryId: 'anna-1', otherIds: ['anna-2'], choices: {}, customFields: {} });
    expect(members(both.id)).toEqual(['anna-1']);
    expect(members(second.id)).toEqual(['anna-1']);
    expect(getContact(ws, 'anna-1').lists.map((l) => l.name)).toEqual(['Both', 'Second only']);
    undoMerge(ws, mergeId);
    expect(members(both.id)).toEqual(['anna-1', 'anna-2']);
    expect(members(second.id)).toEqual(['anna-2']);
  });
});

// ---------------------------------------------------------------- against the reference service

async function service(): Promise<TestService> {
  const s = await startTestService({ seed: 60 });
  cleanups.push(() => s.cleanup());
  return s;
}

function client(s: TestService, token: string): { ws: Workspace; engine: SyncEngine } {
  const dir = tempDir();
  const w = openWorkspace({ databasePath: join(dir.path, 'client.db'), host: 'cli', slowQueryMs: 0 });
  cleanups.push(() => {
    w.db.close();
    dir.cleanup();
  });
  return { ws: w, engine: new SyncEngine(w, { serviceUrl: s.url, token, pullLimit: 97 }) };
}

describe('a merge synced through the reference service', () => {
  it('is held for the undo window, then pushed as the spec merge; both agents converge and the other sees the merge', async () => {
    ws = openTestWorkspace();
    const s = await service();
    const a = client(s, TOKEN);
    const b = client(s, TOKEN_B);
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    const [primaryId, otherId] = a.ws.db
      .prepare('SELECT c.id FROM contacts c WHERE c.email IS NOT NULL AND EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id) ORDER BY c.pk LIMIT 2')
      .pluck()
      .all() as [string, string];
    const other = getContact(a.ws, otherId);
    const movedConversations = count(a.ws, 'SELECT count(*) FROM conversations WHERE contact_id IN (?, ?)', primaryId, otherId);
    const tags = [...new Set([...getContact(a.ws, primaryId).tags, ...other.tags])].sort();

    mergeContacts(a.ws, { primaryId, otherIds: [otherId], choices: { email: otherId }, customFields: {} });
    // An edit of the survivor made meanwhile is not held itself, but waits for the merge before it.
    updateContact(a.ws, primaryId, { city: 'Mergeford' });
    let report = await a.engine.syncOnce();
    expect(report.pushed.applied).toBe(0);
    expect(getContact(a.ws, primaryId).city).toBe('Mergeford');
    expect(report.converged).toBe(true);

    a.ws.db.prepare("UPDATE outbox SET hold_until = '2000-01-01T00:00:00.000Z'").run();
    report = await a.engine.syncOnce();
    expect(report.pushed).toMatchObject({ applied: 3, rejected: 0, conflict: 0 });
    expect(report.converged).toBe(true);
    expect(count(a.ws, 'SELECT count(*) FROM sync_pending_deletes')).toBe(0);
    expect(count(a.ws, 'SELECT count(*) FROM merges WHERE snapshot IS NOT NULL')).toBe(0);
    expect(getContact(a.ws, primaryId)).toMatchObject({ email: other.email, tags, conversationCount: movedConversations });

    report = await b.engine.syncOnce();
    expect(report.converged).toBe(true);
    expect(count(b.ws, 'SELECT count(*) FROM contacts WHERE id = ?', otherId)).toBe(0);
    expect(getContact(b.ws, primaryId)).toMatchObject({ email: other.email, city: 'Mergeford', tags, conversationCount: movedConversations });
    const item = timelinePage(b.ws, { contactId: primaryId, limit: 200 }).items.find((i) => i.kind === 'merge');
    expect(item).toMatchObject({ kind: 'merge', mergedNames: [other.displayName], origin: 'sync', undoable: false });
  });
});

describe('a pull while a merge is held', () => {
  it('keeps a conversation the service changed on the merged contact with the survivor, and undo takes it back', async () => {
    ws = openTestWorkspace();
    const s = await service();
    const a = client(s, TOKEN);
    await a.engine.syncOnce();
    const [primaryId, otherId] = a.ws.db
      .prepare('SELECT c.id FROM contacts c WHERE EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id) ORDER BY c.pk LIMIT 2')
      .pluck()
      .all() as [string, string];
    const conversationId = a.ws.db.prepare('SELECT id FROM conversations WHERE contact_id = ? LIMIT 1').pluck().get(otherId) as string;
    const before = count(a.ws, 'SELECT conversation_count FROM contacts WHERE id = ?', primaryId);
    const { mergeId } = mergeContacts(a.ws, { primaryId, otherIds: [otherId], choices: {}, customFields: {} });
    const merged = count(a.ws, 'SELECT conversation_count FROM contacts WHERE id = ?', primaryId);
    expect(merged).toBeGreaterThan(before);

    // The chatbot changes the conversation on the service, which still has it on the merged contact.
    const changed = await s.admin('POST', '/admin/mutate', { entity: 'conversation', id: conversationId, fields: { summary: 'Changed while the merge waited' } });
    expect(changed.status).toBe(200);
    const report = await a.engine.syncOnce();
    expect(report.pushed.applied).toBe(0);
    expect(report.converged).toBe(true);
    expect(a.ws.db.prepare('SELECT contact_id, summary FROM conversations WHERE id = ?').get(conversationId)).toEqual({ contact_id: primaryId, summary: 'Changed while the merge waited' });
    expect(count(a.ws, 'SELECT conversation_count FROM contacts WHERE id = ?', primaryId)).toBe(merged);

    undoMerge(a.ws, mergeId);
    expect(a.ws.db.prepare('SELECT contact_id FROM conversations WHERE id = ?').pluck().get(conversationId)).toBe(otherId);
    expect(count(a.ws, 'SELECT conversation_count FROM contacts WHERE id = ?', primaryId)).toBe(before);
    expect((await a.engine.syncOnce()).converged).toBe(true);
  });
});
