/**
 * Deleting a contact, with a few seconds to undo it. The contact and everything of it
 * (conversations, events, notes, follow-ups, consents, tag links, field history) leave the
 * tables at once, in one transaction with the outbox's `delete`, which is held back for
 * UNDO_WINDOW_MS. What was removed waits in `deleted_contacts` until the delete has been
 * pushed (core/sync/engine.ts drops it then), so undo puts back exactly what was there.
 */
import { notFound } from '../api/errors.js';
import { keepForUndo, takeBackDeletion, UNDO_WINDOW_MS } from './undo.js';
import type { Db } from '../db/database.js';
import { nowIso } from './clock.js';
import { getContact } from './contacts.js';
import type { ContactDetail } from '../../preload/contract.js';
import type { Workspace } from './workspace.js';

export { UNDO_WINDOW_MS };

type Row = Record<string, unknown>;

/** What is kept of a contact's children, by table, with the spec kind the sync counts them as. */
const CHILD_TABLES = [
  { table: 'conversations', kind: 'conversation' },
  { table: 'events', kind: 'event' },
  { table: 'notes', kind: 'note' },
  { table: 'follow_ups', kind: 'follow_up' },
  { table: 'consents', kind: null },
  { table: 'field_changes', kind: null },
] as const;

interface Snapshot {
  contact: Row;
  tags: string[];
  children: Record<string, Row[]>;
  /** The static lists it was on (absent in snapshots kept before lists existed). */
  lists?: string[];
}

/** The stored columns of a table (no pk: rows go back under new ones; no generated columns), read once per database. */
const columnsByDb = new WeakMap<Db, Map<string, string[]>>();
export function storedColumns(db: Db, table: string): string[] {
  let tables = columnsByDb.get(db);
  if (!tables) columnsByDb.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    columns = (db.prepare(`SELECT name, hidden FROM pragma_table_xinfo('${table}')`).all() as { name: string; hidden: number }[])
      .filter((c) => c.hidden === 0 && c.name !== 'pk')
      .map((c) => c.name);
    tables.set(table, columns);
  }
  return columns;
}

/** Puts a kept row back (its stored columns that the copy has); also used by merge undo. */
export function insertRow(db: Db, table: string, row: Row): void {
  const columns = storedColumns(db, table).filter((c) => c in row);
  db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c] as never));
}

function insertKeptRow(ws: Workspace, table: string, row: Row): void {
  const columns = storedColumns(ws.db, table).filter((c) => c in row);
  ws.stmt(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c] as never));
}

/**
 * Removes a contact and everything of it, queues its `delete` held for `holdMs`, and keeps
 * what was removed for undo; returns the outbox mutation's id. Runs inside the caller's
 * transaction (one contact here, a batch of a bulk delete in core/services/bulk.ts).
 */
export function removeContact(ws: Workspace, id: string, holdMs: number): string {
  const contact = ws.stmt(`SELECT pk, ${storedColumns(ws.db, 'contacts').join(', ')} FROM contacts WHERE id = ?`).get(id) as Row | undefined;
  if (!contact) throw notFound('Contact', id);
  const pk = contact['pk'] as number;
  delete contact['pk'];
  const tags = ws.stmt('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ? ORDER BY t.name').pluck().all(pk) as string[];
  const lists = ws.stmt('SELECT segment_id FROM segment_members WHERE contact_pk = ?').pluck().all(pk) as string[];
  const children: Record<string, Row[]> = {};
  const pendingDelete = ws.stmt('INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) VALUES (?, ?, ?)');
  for (const { table, kind } of CHILD_TABLES) {
    const rows = ws.stmt(`SELECT ${storedColumns(ws.db, table).join(', ')} FROM ${table} WHERE contact_id = ?`).all(id) as Row[];
    children[table] = rows;
    // Still live on the service until the delete is pushed: keep counting them (core/sync/checksum.ts).
    if (kind) for (const row of rows) if ((row['version'] as number) > 0) pendingDelete.run(kind, row['id'], row['version']);
    if (rows.length > 0) ws.stmt(`DELETE FROM ${table} WHERE contact_id = ?`).run(id);
  }
  if ((contact['version'] as number) > 0) pendingDelete.run('contact', id, contact['version']);
  ws.search.removeRow(pk);
  ws.stmt('DELETE FROM contacts WHERE pk = ?').run(pk);
  const mutationId = ws.outbox.enqueue({ entity: 'contact', op: 'delete', id, baseVersion: contact['version'] as number, payload: {}, holdMs });
  keepForUndo(ws, 'contact', id, mutationId, { contact, tags, children, lists } satisfies Snapshot);
  return mutationId;
}

/** Puts back a contact whose deletion is still held (refused in words once sent); inside the caller's transaction. */
export function restoreContact(ws: Workspace, id: string): void {
  const snapshot = takeBackDeletion<Snapshot>(ws, 'contact', id);
  insertKeptRow(ws, 'contacts', snapshot.contact);
  const pk = ws.stmt<[string], { pk: number }>('SELECT pk FROM contacts WHERE id = ?').get(id)?.pk as number;
  for (const name of snapshot.tags) {
    ws.stmt('INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, ?)').run(name, nowIso());
    ws.stmt('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) SELECT id, ? FROM tags WHERE name = ?').run(pk, name);
  }
  const rejoin = ws.stmt('INSERT OR IGNORE INTO segment_members (segment_id, contact_pk, added_at) SELECT id, ?, ? FROM segments WHERE id = ?');
  for (const list of snapshot.lists ?? []) rejoin.run(pk, nowIso(), list);
  const dropPending = ws.stmt('DELETE FROM sync_pending_deletes WHERE kind = ? AND id = ?');
  for (const { table, kind } of CHILD_TABLES) {
    for (const row of snapshot.children[table] ?? []) {
      insertKeptRow(ws, table, row);
      if (kind) dropPending.run(kind, row['id']);
    }
  }
  dropPending.run('contact', id);
  ws.search.refresh([id]);
}

export function deleteContact(ws: Workspace, id: string): { id: string; undoUntil: string } {
  const undoUntil = new Date(Date.now() + UNDO_WINDOW_MS).toISOString();
  ws.transaction(() => {
    removeContact(ws, id, UNDO_WINDOW_MS);
    ws.audit.append(ws.agent, { action: 'contact.delete', entity: 'contact', entityId: id, details: {} });
  });
  ws.contactsChanged(null);
  return { id, undoUntil };
}

/** Puts a deleted contact back while its deletion has not been sent. */
export function undoDeleteContact(ws: Workspace, id: string): ContactDetail {
  ws.transaction(() => {
    restoreContact(ws, id);
    ws.audit.append(ws.agent, { action: 'contact.restore', entity: 'contact', entityId: id, details: {} });
  });
  ws.contactsChanged(null);
  return getContact(ws, id);
}
