/**
 * Permanent erasure of a person (a privacy request; issue 5). In one transaction every row
 * about them leaves this copy: the contact (custom values and preferences are its columns),
 * tag and list links, consents, conversations with their messages, events, notes,
 * follow-ups, field history, queued and rejected changes, conflicts, quarantined payloads,
 * kept copies for undo (deleted contacts and notes, merge and bulk-action snapshots),
 * duplicate pairs, pending bulk-load rows and the search row. The contacts merged into it
 * whose merge has not been sent yet go too (the service still holds them apart).
 *
 * Then, for a local erasure (the app, the CLI, a retention rule), one `erase` per person is
 * queued for the service, which answers with `erased` tombstones; an erasure that came from
 * the service (`reason: erased`) gets the same treatment without queuing anything. The
 * person's email and phone go onto the suppression list (hashed), so nothing brings them
 * back. The audit entry holds the opaque id, the origin and counts: no personal data.
 *
 * The bytes: `secure_delete` (core/db/database.ts) zeroes what SQLite frees, the search
 * index is merged so no segment keeps the person's words (`scrubErasedBytes`), and the WAL is
 * checkpointed and truncated. A checkpoint a reader blocks is retried when the worker is
 * idle (Workspace.maintain) and the caller is told.
 */
import type { ErasureCounts, ErasurePreview, ErasureResult } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import type { EntityWriter } from '../db/apply.js';
import type { Db } from '../db/database.js';
import { CONTACT_CHILD_TABLES } from '../db/tables.js';
import { scrubErasedBytes, SCRUB_PENDING_SETTING } from './scrub.js';
import { suppress, type SuppressionOrigin } from './suppression.js';
import type { Workspace } from './workspace.js';

export type ErasureOrigin = SuppressionOrigin;

/**
 * Other tables that hold rows about a person, by the column that names the contact. Issue 6
 * adds its integration and webhook logs here: tables (or columns) that do not exist in this
 * database are skipped, so naming them ahead is safe.
 */
export const PERSON_TABLES: readonly { table: string; column: string }[] = [
  { table: 'consents', column: 'contact_id' },
  { table: 'field_changes', column: 'contact_id' },
  { table: 'bulk_changes', column: 'contact_id' },
  { table: 'deleted_contacts', column: 'contact_id' },
  { table: 'duplicate_pairs', column: 'a_id' },
  { table: 'duplicate_pairs', column: 'b_id' },
  { table: 'duplicate_dismissed', column: 'a_id' },
  { table: 'duplicate_dismissed', column: 'b_id' },
  { table: 'merges', column: 'primary_id' },
  // Issue 6 (not in the schema yet): whatever was sent to or received from integrations.
  { table: 'integration_logs', column: 'contact_id' },
  // Queued and logged webhooks that carry the person's data (the erasure's own is sent by id only).
  { table: 'webhook_deliveries', column: 'contact_id' },
  { table: 'connector_contacts', column: 'contact_id' },
];

/** Tables whose rows name an entity by id (a contact's or a child's), whatever its kind. */
const BY_ENTITY_ID: readonly { table: string; column: string }[] = [
  { table: 'outbox', column: 'entity_id' },
  { table: 'conflicts', column: 'entity_id' },
  { table: 'quarantine', column: 'entity_id' },
  { table: 'sync_bulk_deferred', column: 'id' },
  { table: 'deleted_notes', column: 'note_id' },
];

const existingByDb = new WeakMap<Db, Map<string, boolean>>();
function exists(db: Db, table: string, column: string): boolean {
  let known = existingByDb.get(db);
  if (!known) existingByDb.set(db, (known = new Map()));
  const key = `${table}.${column}`;
  let found = known.get(key);
  if (found === undefined) {
    found = db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column) !== undefined;
    known.set(key, found);
  }
  return found;
}

interface ContactRow {
  pk: number;
  version: number;
  display_name: string;
  email: string | null;
  phone: string | null;
}

function contactRow(ws: Workspace, id: string): ContactRow | undefined {
  return ws.stmt<[string], ContactRow>('SELECT pk, version, display_name, email, phone FROM contacts WHERE id = ?').get(id);
}

function childCounts(ws: Workspace, id: string): Omit<ErasureCounts, 'people' | 'otherRecords'> {
  const n = (sql: string) => ws.stmt<[string], { n: number }>(sql).get(id)?.n ?? 0;
  return {
    conversations: n('SELECT count(*) AS n FROM conversations WHERE contact_id = ?'),
    messages: n('SELECT coalesce(sum(message_count), 0) AS n FROM conversations WHERE contact_id = ?'),
    events: n('SELECT count(*) AS n FROM events WHERE contact_id = ?'),
    notes: n('SELECT count(*) AS n FROM notes WHERE contact_id = ?'),
    followUps: n('SELECT count(*) AS n FROM follow_ups WHERE contact_id = ?'),
    consents: n('SELECT count(*) AS n FROM consents WHERE contact_id = ?'),
  };
}

/** What an erasure of this contact would remove (the confirmation dialog shows it). */
export function erasePreview(ws: Workspace, id: string): ErasurePreview {
  const contact = contactRow(ws, id);
  if (!contact) throw notFound('Contact', id);
  const name = contact.display_name === contact.email || contact.display_name === contact.phone ? null : contact.display_name;
  const connected = ws.stmt<[], { one: number }>("SELECT 1 AS one FROM sync_state WHERE key = 'workspace'").get() !== undefined;
  return { contactId: id, name: name === 'Unnamed contact' ? null : name, counts: { people: 1 + heldMergedIds(ws, id).length, ...childCounts(ws, id), otherRecords: 0 }, synced: connected };
}

/** The contacts folded into this one by merges not sent yet: the service still has them apart. */
function heldMergedIds(ws: Workspace, id: string): string[] {
  return ws
    .stmt<[string], { merged_ids: string }>('SELECT merged_ids FROM merges WHERE primary_id = ? AND snapshot IS NOT NULL')
    .all(id)
    .flatMap((m) => JSON.parse(m.merged_ids) as string[]);
}

/** Email addresses and phone numbers this copy knows the person by (now, before merges, kept for undo). */
function knownIdentifiers(ws: Workspace, id: string, contact: ContactRow | undefined): { email?: string | null; phone?: string | null }[] {
  const found: { email?: string | null; phone?: string | null }[] = [];
  if (contact) found.push({ email: contact.email, phone: contact.phone });
  const kept = ws.stmt<[string], { snapshot: string }>('SELECT snapshot FROM deleted_contacts WHERE contact_id = ?').get(id);
  if (kept) {
    const c = (JSON.parse(kept.snapshot) as { contact?: { email?: string | null; phone?: string | null } }).contact;
    if (c) found.push({ email: c.email ?? null, phone: c.phone ?? null });
  }
  for (const merge of ws.stmt<[string], { former_emails: string; snapshot: string | null }>('SELECT former_emails, snapshot FROM merges WHERE primary_id = ?').all(id)) {
    for (const email of JSON.parse(merge.former_emails) as string[]) found.push({ email });
    if (merge.snapshot) {
      const snapshot = JSON.parse(merge.snapshot) as { others?: { contact: { email?: string | null; phone?: string | null } }[] };
      for (const other of snapshot.others ?? []) found.push({ email: other.contact.email ?? null, phone: other.contact.phone ?? null });
    }
  }
  return found;
}

export interface EraseOptions {
  origin: ErasureOrigin;
  /** The sync engine's writer (an `erased` tombstone): deletions then keep its checksums in step. */
  writer?: EntityWriter;
}

/**
 * Erases one person inside the caller's transaction (the pull's page, or `eraseContact`'s).
 * Returns the counts, or null when this copy held nothing of them (a tombstone of a person
 * erased here earlier): then nothing is audited.
 */
export function eraseInTransaction(ws: Workspace, contactId: string, options: EraseOptions): ErasureCounts | null {
  const { origin, writer } = options;
  const contact = contactRow(ws, contactId);
  const keptDeletion = ws.stmt<[string], { one: number }>('SELECT 1 AS one FROM deleted_contacts WHERE contact_id = ?').get(contactId) !== undefined;
  if (!contact && !keptDeletion) {
    if (origin !== 'service') throw notFound('Contact', contactId);
    // Nothing here but, perhaps, the bookkeeping of an erasure sent from here.
    writer?.delete('contact', contactId);
    return null;
  }

  const merged = heldMergedIds(ws, contactId);
  const people = [contactId, ...merged];
  for (const identifiers of knownIdentifiers(ws, contactId, contact)) suppress(ws, identifiers, origin);

  const counts: ErasureCounts = { people: people.length, ...childCounts(ws, contactId), otherRecords: 0 };
  const pendingDelete = ws.stmt('INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) VALUES (?, ?, ?)');
  const entityIds: string[] = [...people];

  // The children, then the contact: through the sync writer for a tombstone (its checksums
  // drop them); otherwise still counted as on the service until its tombstones arrive.
  for (const [kind, table] of CONTACT_CHILD_TABLES) {
    const rows = ws.stmt<[string], { id: string; version: number }>(`SELECT id, version FROM ${table} WHERE contact_id = ?`).all(contactId);
    for (const row of rows) {
      entityIds.push(row.id);
      if (writer) writer.delete(kind, row.id);
      else {
        if (row.version > 0) pendingDelete.run(kind, row.id, row.version);
        ws.stmt(`DELETE FROM ${table} WHERE id = ?`).run(row.id);
      }
    }
  }
  // Notes deleted here and still kept for undo.
  for (const noteId of ws.stmt<[string], { note_id: string }>("SELECT note_id FROM deleted_notes WHERE json_extract(snapshot, '$.contact_id') = ?").all(contactId)) {
    entityIds.push(noteId.note_id);
  }
  if (contact) {
    counts.otherRecords += ws.stmt('DELETE FROM contact_tags WHERE contact_pk = ?').run(contact.pk).changes;
    counts.otherRecords += ws.stmt('DELETE FROM segment_members WHERE contact_pk = ?').run(contact.pk).changes;
    if (writer) writer.delete('contact', contactId);
    else {
      if (contact.version > 0) pendingDelete.run('contact', contactId, contact.version);
      ws.search.removeRow(contact.pk);
      ws.stmt('DELETE FROM contacts WHERE pk = ?').run(contact.pk);
    }
  } else if (writer) writer.delete('contact', contactId);

  // Counted above with the children (a tombstone's writer has already cleared them).
  ws.stmt('DELETE FROM consents WHERE contact_id = ?').run(contactId);
  for (const person of people) {
    for (const { table, column } of PERSON_TABLES) {
      if (exists(ws.db, table, column)) counts.otherRecords += ws.db.prepare(`DELETE FROM ${table} WHERE ${column} = ?`).run(person).changes;
    }
  }
  const idList = JSON.stringify(entityIds);
  for (const { table, column } of BY_ENTITY_ID) {
    if (exists(ws.db, table, column)) counts.otherRecords += ws.db.prepare(`DELETE FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?))`).run(idList).changes;
  }
  // A quarantined child names its contact only inside the payload it came with.
  counts.otherRecords += ws.stmt('DELETE FROM quarantine WHERE instr(payload, ?) > 0').run(contactId).changes;

  if (origin !== 'service') ws.outbox.enqueue({ entity: 'contact', op: 'erase', id: contactId, baseVersion: contact?.version ?? null, payload: {} });
  // The contacts folded in by a merge the service has not seen are still separate records there.
  for (const id of merged) ws.outbox.enqueue({ entity: 'contact', op: 'erase', id, baseVersion: null, payload: {} });

  ws.setSetting(SCRUB_PENDING_SETTING, true);
  ws.audit.append(ws.agent, { action: 'contact.erased', entity: 'contact', entityId: contactId, details: { origin, ...counts } });
  return counts;
}

/**
 * Erases a person here and (queued, or at once when online) on the service, then wipes the
 * bytes. A batch (a retention run) passes `scrub: false` and calls scrubErasedBytes once at
 * its end: the search index merge costs about 0.4 s per 100,000 contacts.
 */
export function eraseContact(ws: Workspace, contactId: string, options: { origin: Exclude<ErasureOrigin, 'service'>; scrub?: boolean }): ErasureResult {
  const counts = ws.transaction(() => eraseInTransaction(ws, contactId, { origin: options.origin }));
  if (!counts) throw new CoreError('not_found', 'This contact no longer exists here.', ['id']);
  ws.contactsChanged(null);
  const bytesWiped = options.scrub === false ? false : scrubErasedBytes(ws.db).complete;
  return { contactId, counts, bytesWiped };
}
