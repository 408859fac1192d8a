/**
 * Removing every trace of one person from this copy: the contact, its conversations,
 * events, notes, follow-ups, tag links, consents, field changes, queued changes, conflicts,
 * quarantined payloads and search row. Used when the service sends an `erased` tombstone
 * (and by the privacy tools). The audit entry keeps the opaque id only.
 * Runs inside the caller's transaction.
 */
import type { EntityWriter } from '../db/apply.js';
import type { Workspace } from './workspace.js';

const CHILD_KINDS = [
  ['conversation', 'conversations'],
  ['event', 'events'],
  ['note', 'notes'],
  ['follow_up', 'follow_ups'],
] as const;

export interface ErasureCounts {
  contact: boolean;
  children: number;
}

export function eraseContactTraces(ws: Workspace, writer: EntityWriter, contactId: string, origin: 'service' | 'local'): ErasureCounts {
  const ids = [contactId];
  let children = 0;
  for (const [kind, table] of CHILD_KINDS) {
    const childIds = ws.db.prepare(`SELECT id FROM ${table} WHERE contact_id = ?`).pluck().all(contactId) as string[];
    for (const id of childIds) {
      writer.delete(kind, id);
      ids.push(id);
      children++;
    }
  }
  const contact = writer.delete('contact', contactId).removed;
  const idList = JSON.stringify(ids);
  ws.db.prepare('DELETE FROM field_changes WHERE contact_id = ?').run(contactId);
  ws.db.prepare('DELETE FROM consents WHERE contact_id = ?').run(contactId);
  ws.db.prepare('DELETE FROM outbox WHERE entity_id IN (SELECT value FROM json_each(?))').run(idList);
  ws.db.prepare('DELETE FROM conflicts WHERE entity_id IN (SELECT value FROM json_each(?))').run(idList);
  ws.db.prepare('DELETE FROM quarantine WHERE entity_id IN (SELECT value FROM json_each(?))').run(idList);
  ws.audit.append(ws.agent, { action: 'contact.erased', entity: 'contact', entityId: contactId, details: { origin, records: children + (contact ? 1 : 0) } });
  return { contact, children };
}
