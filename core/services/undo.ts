/**
 * Deletions a person can take back for a few seconds (contacts, notes): the `delete` waits in
 * the outbox (`hold_until`) and what was removed waits in a `deleted_*` table until the delete
 * has been pushed (core/sync/engine.ts drops it then). These keep and take back that copy;
 * both run inside the caller's transaction.
 */
import { CoreError } from '../api/errors.js';
import { nowIso } from './clock.js';
import type { Workspace } from './workspace.js';

/** How long a deletion can be undone before it is sent to the service. */
export const UNDO_WINDOW_MS = 10_000;

/** Where a kind of deleted thing is kept, by its id column. */
const KEPT = {
  contact: { table: 'deleted_contacts', key: 'contact_id' },
  note: { table: 'deleted_notes', key: 'note_id' },
} as const;
type UndoableKind = keyof typeof KEPT;

/** Keeps what a held deletion removed (`mutationId`: the outbox's delete). */
export function keepForUndo(ws: Workspace, kind: UndoableKind, id: string, mutationId: string, removed: unknown): void {
  const { table, key } = KEPT[kind];
  ws.stmt(`INSERT OR REPLACE INTO ${table} (${key}, mutation_id, snapshot, deleted_at) VALUES (?, ?, ?, ?)`).run(id, mutationId, JSON.stringify(removed), nowIso());
}

/**
 * Takes a deletion back while it is still held: drops the queued delete and the kept copy,
 * and returns the copy for the caller to put back. Refused in words once it has been sent.
 */
export function takeBackDeletion<T>(ws: Workspace, kind: UndoableKind, id: string): T {
  const { table, key } = KEPT[kind];
  const kept = ws.stmt<[string], { mutation_id: string; snapshot: string }>(`SELECT mutation_id, snapshot FROM ${table} WHERE ${key} = ?`).get(id);
  const queued = kept && ws.stmt<[string], { seq: number }>("SELECT seq FROM outbox WHERE mutation_id = ? AND state = 'pending'").get(kept.mutation_id);
  if (!kept || !queued) throw new CoreError('conflict', 'This deletion has already been sent to Nexvio.ai and can no longer be undone.', ['id']);
  ws.stmt('DELETE FROM outbox WHERE seq = ?').run(queued.seq);
  ws.stmt(`DELETE FROM ${table} WHERE ${key} = ?`).run(id);
  return JSON.parse(kept.snapshot) as T;
}
