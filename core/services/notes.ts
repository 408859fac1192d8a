/** Notes an agent writes on a contact: searchable, synced as the spec's `note` entity. */
import { randomUUID } from 'node:crypto';
import type { Note } from '../../preload/contract.js';
import { notFound } from '../api/errors.js';
import { keepForUndo, takeBackDeletion, UNDO_WINDOW_MS } from './undo.js';
import { nowIso } from './clock.js';
import type { Workspace } from './workspace.js';

interface NoteRow {
  id: string;
  version: number;
  contact_id: string;
  author_name: string;
  author_id: string;
  body: string;
  pinned: number;
  created_at: string;
  updated_at: string;
}

export function toNote(row: NoteRow): Note {
  return {
    id: row.id,
    contactId: row.contact_id,
    authorName: row.author_name,
    body: row.body,
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function loadNote(ws: Workspace, id: string): NoteRow {
  const row = ws.stmt<[string], NoteRow>('SELECT * FROM notes WHERE id = ?').get(id);
  if (!row) throw notFound('Note', id);
  return row;
}

export function createNote(ws: Workspace, contactId: string, body: string, pinned = false): Note {
  const id = randomUUID();
  ws.transaction(() => {
    if (!ws.stmt<[string], { n: number }>('SELECT 1 AS n FROM contacts WHERE id = ?').get(contactId)) throw notFound('Contact', contactId);
    const at = nowIso();
    ws.stmt(
      'INSERT INTO notes (id, version, contact_id, author_id, author_name, body, pinned, created_at, updated_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?)',
    ).run(id, contactId, ws.agent.id, ws.agent.name, body, pinned ? 1 : 0, at, at);
    ws.search.refresh([contactId]);
    ws.outbox.enqueue({
      entity: 'note',
      op: 'create',
      id,
      baseVersion: null,
      payload: { fields: { contact_id: contactId, body, pinned, author: ws.agent, created_at: at, updated_at: at } },
    });
    ws.audit.append(ws.agent, { action: 'note.create', entity: 'note', entityId: id, details: { contactId } });
  });
  ws.events.emit({ type: 'notes.changed', contactId });
  return toNote(loadNote(ws, id));
}

export function updateNote(ws: Workspace, id: string, changes: { body?: string | undefined; pinned?: boolean | undefined }): Note {
  const contactId = ws.transaction(() => {
    const note = loadNote(ws, id);
    const fields: Record<string, unknown> = {};
    const base: Record<string, unknown> = {};
    if (changes.body !== undefined && changes.body !== note.body) {
      fields['body'] = changes.body;
      base['body'] = note.body;
    }
    if (changes.pinned !== undefined && changes.pinned !== (note.pinned === 1)) {
      fields['pinned'] = changes.pinned;
      base['pinned'] = note.pinned === 1;
    }
    if (Object.keys(fields).length === 0) return null;
    ws.stmt('UPDATE notes SET body = ?, pinned = ?, updated_at = ? WHERE id = ?').run(
      changes.body ?? note.body,
      (changes.pinned ?? note.pinned === 1) ? 1 : 0,
      nowIso(),
      id,
    );
    if ('body' in fields) ws.search.refresh([note.contact_id]);
    ws.outbox.enqueue({ entity: 'note', op: 'update', id, baseVersion: note.version, payload: { fields, base } });
    ws.audit.append(ws.agent, { action: 'note.update', entity: 'note', entityId: id, details: { fields: Object.keys(fields) } });
    return note.contact_id;
  });
  if (contactId) ws.events.emit({ type: 'notes.changed', contactId });
  return toNote(loadNote(ws, id));
}

/** Deletes at once; the delete is held back for UNDO_WINDOW_MS, during which `undoDeleteNote` puts the note back. */
export function deleteNote(ws: Workspace, id: string): { id: string; undoUntil: string } {
  const undoUntil = new Date(Date.now() + UNDO_WINDOW_MS).toISOString();
  const contactId = ws.transaction(() => {
    const note = loadNote(ws, id);
    ws.stmt('DELETE FROM notes WHERE id = ?').run(id);
    // Still live on the service until the delete is pushed: keep counting it (core/sync/checksum.ts).
    if (note.version > 0) ws.stmt('INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) VALUES (?, ?, ?)').run('note', id, note.version);
    ws.search.refresh([note.contact_id]);
    const mutationId = ws.outbox.enqueue({ entity: 'note', op: 'delete', id, baseVersion: note.version, payload: {}, holdMs: UNDO_WINDOW_MS });
    keepForUndo(ws, 'note', id, mutationId, note);
    ws.audit.append(ws.agent, { action: 'note.delete', entity: 'note', entityId: id, details: { contactId: note.contact_id } });
    return note.contact_id;
  });
  ws.events.emit({ type: 'notes.changed', contactId });
  return { id, undoUntil };
}

/** Puts a deleted note back while its deletion has not been sent. */
export function undoDeleteNote(ws: Workspace, id: string): Note {
  const contactId = ws.transaction(() => {
    const note = takeBackDeletion<NoteRow>(ws, 'note', id);
    ws.stmt(
      'INSERT INTO notes (id, version, contact_id, author_id, author_name, body, pinned, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(note.id, note.version, note.contact_id, note.author_id, note.author_name, note.body, note.pinned, note.created_at, note.updated_at);
    ws.stmt('DELETE FROM sync_pending_deletes WHERE kind = ? AND id = ?').run('note', id);
    ws.search.refresh([note.contact_id]);
    ws.audit.append(ws.agent, { action: 'note.restore', entity: 'note', entityId: id, details: { contactId: note.contact_id } });
    return note.contact_id;
  });
  ws.events.emit({ type: 'notes.changed', contactId });
  return toNote(loadNote(ws, id));
}
