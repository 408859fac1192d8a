/** Deleting a contact removes everything of it at once and can be undone until the deletion is sent. */
import { afterEach, describe, expect, it } from 'vitest';
import { deleteContact, undoDeleteContact, UNDO_WINDOW_MS } from '../core/services/delete-contact.js';
import { getContact, listContacts } from '../core/services/contacts.js';
import { createNote } from '../core/services/notes.js';
import { createFollowUp } from '../core/services/follow-ups.js';
import { recomputeChecksums } from '../core/sync/checksum.js';
import { generateWorkspace } from '../core/generator/index.js';
import { openTestWorkspace } from './helpers.js';
import { EntityWriter } from '../core/db/apply.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

const TABLES = ['conversations', 'events', 'notes', 'follow_ups', 'consents', 'field_changes'] as const;

function seed() {
  ws = openTestWorkspace();
  const [batch] = [...generateWorkspace({ seed: 21, contacts: 40, batchSize: 40 })];
  ws.transaction(() => new EntityWriter(ws.db, ws.search).apply(batch!));
  // A contact with a bit of everything.
  const id = ws.db
    .prepare(
      `SELECT c.id FROM contacts c WHERE EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id) AND EXISTS (SELECT 1 FROM events e WHERE e.contact_id = c.id)
       AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_pk = c.pk) AND EXISTS (SELECT 1 FROM consents s WHERE s.contact_id = c.id) ORDER BY c.pk LIMIT 1`,
    )
    .pluck()
    .get() as string;
  expect(id).toBeTruthy();
  createNote(ws, id, 'Wants a call back');
  createFollowUp(ws, { contactId: id, title: 'Call back', dueAt: '2027-01-01T10:00:00.000Z' });
  return id;
}

function countsOf(id: string): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, ws.db.prepare(`SELECT count(*) FROM ${t} WHERE contact_id = ?`).pluck().get(id) as number]));
}

describe('deleting a contact', () => {
  it('removes the contact and everything of it, holds the delete back, and keeps the checksum counting it', () => {
    const id = seed();
    const before = recomputeChecksums(ws.db);
    const name = getContact(ws, id).displayName;
    const result = deleteContact(ws, id);
    expect(Date.parse(result.undoUntil) - Date.now()).toBeGreaterThan(UNDO_WINDOW_MS - 2000);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(id)).toBe(0);
    expect(Object.values(countsOf(id)).every((n) => n === 0)).toBe(true);
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: name }, limit: 50 }).rows.some((r) => r.id === id)).toBe(false);
    const queued = ws.db.prepare("SELECT op, hold_until FROM outbox WHERE entity = 'contact' AND entity_id = ?").get(id) as { op: string; hold_until: string };
    expect(queued.op).toBe('delete');
    expect(Date.parse(queued.hold_until)).toBeGreaterThan(Date.now());
    // Until the service has it, the service's entities still count as live here.
    expect(recomputeChecksums(ws.db)).toEqual(before);
    expect(() => getContact(ws, id)).toThrow(/does not exist/);
  });

  it('undo puts back the contact, its tags, consents, conversations, events, notes and follow-ups, and drops the queued delete', () => {
    const id = seed();
    const detail = getContact(ws, id);
    const counts = countsOf(id);
    const before = recomputeChecksums(ws.db);
    deleteContact(ws, id);
    const restored = undoDeleteContact(ws, id);
    expect(restored).toMatchObject({ id, displayName: detail.displayName, email: detail.email, tags: detail.tags, consents: detail.consents, conversationCount: detail.conversationCount, version: detail.version });
    expect(countsOf(id)).toEqual(counts);
    expect(ws.db.prepare("SELECT count(*) FROM outbox WHERE entity = 'contact' AND op = 'delete'").pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM deleted_contacts').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM sync_pending_deletes').pluck().get()).toBe(0);
    expect(recomputeChecksums(ws.db)).toEqual(before);
    // Found by search again.
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: 'Wants a call back' }, limit: 50 }).rows.map((r) => r.id)).toContain(id);
  });

  it('cannot be undone once the delete has been sent, and says so', () => {
    const id = seed();
    deleteContact(ws, id);
    ws.db.prepare("DELETE FROM outbox WHERE entity = 'contact' AND op = 'delete'").run();
    expect(() => undoDeleteContact(ws, id)).toThrow(/already been sent/);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(id)).toBe(0);
  });
});
