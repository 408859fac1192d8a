/**
 * The tag manager: every tag with how many contacts carry it, a colour (this device's), and
 * rename, merge and delete across all the contacts that carry it. The service knows tags
 * only as strings on contacts, so each contact changed gets its `tag_remove` / `tag_add`
 * mutations, written in batches (each batch one transaction with its links and mutations;
 * the worker stays responsive between them, and a crash leaves a state that a second run
 * finishes). One audit entry per operation.
 */
import type { TagInfo } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { nowIso } from './clock.js';
import type { Workspace } from './workspace.js';

const BATCH = 1000;

interface TagRow {
  id: number;
  name: string;
  color: string | null;
}

function load(ws: Workspace, id: number): TagRow {
  const row = ws.stmt<[number], TagRow>('SELECT id, name, color FROM tags WHERE id = ?').get(id);
  if (!row) throw notFound('Tag', String(id));
  return row;
}

export function listTags(ws: Workspace): TagInfo[] {
  return ws
    .stmt<[], { id: number; name: string; color: string | null; count: number }>(
      `SELECT t.id, t.name, t.color, (SELECT count(*) FROM contact_tags ct WHERE ct.tag_id = t.id) AS count FROM tags t ORDER BY t.name COLLATE NOCASE`,
    )
    .all();
}

export function setTagColor(ws: Workspace, id: number, color: string | null): TagInfo[] {
  ws.transaction(() => {
    load(ws, id);
    ws.stmt('UPDATE tags SET color = ? WHERE id = ?').run(color, id);
    ws.audit.append(ws.agent, { action: 'tag.color', details: { tagId: id } });
  });
  ws.contactsChanged(null);
  return listTags(ws);
}

type Progress = (done: number, total: number) => void;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Moves every contact from one tag to another: the contact gets `tag_remove` of the old name
 * and, unless it has the other tag already, `tag_add` of the new one. Renaming is moving to
 * a tag of the new name (made when missing); merging is moving to an existing one.
 */
async function moveContacts(ws: Workspace, from: TagRow, to: { id: number; name: string }, progress: Progress): Promise<number> {
  const total = ws.stmt<[number], { n: number }>('SELECT count(*) AS n FROM contact_tags WHERE tag_id = ?').get(from.id)?.n ?? 0;
  let done = 0;
  for (;;) {
    const moved = ws.transaction(() => {
      const batch = ws
        .stmt<[number, number], { pk: number; id: string; version: number }>(
          'SELECT c.pk, c.id, c.version FROM contact_tags ct JOIN contacts c ON c.pk = ct.contact_pk WHERE ct.tag_id = ? LIMIT ?',
        )
        .all(from.id, BATCH);
      const at = nowIso();
      for (const contact of batch) {
        ws.stmt('DELETE FROM contact_tags WHERE tag_id = ? AND contact_pk = ?').run(from.id, contact.pk);
        const added = to.id === from.id ? 0 : ws.stmt('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) VALUES (?, ?)').run(to.id, contact.pk).changes;
        ws.stmt('UPDATE contacts SET updated_at = ? WHERE pk = ?').run(at, contact.pk);
        ws.outbox.enqueue({ entity: 'contact', op: 'tag_remove', id: contact.id, baseVersion: contact.version, payload: { tag: from.name } });
        if (added > 0) ws.outbox.enqueue({ entity: 'contact', op: 'tag_add', id: contact.id, baseVersion: contact.version, payload: { tag: to.name } });
      }
      return batch.length;
    });
    done += moved;
    progress(Math.min(done, total), total);
    if (moved < BATCH) return done;
    await pause();
  }
}

export async function renameTag(ws: Workspace, id: number, name: string, progress: Progress): Promise<TagInfo[]> {
  const tag = load(ws, id);
  if (name === tag.name) return listTags(ws);
  const clash = ws.stmt<[string], TagRow>('SELECT id, name, color FROM tags WHERE name = ?').get(name);
  if (clash && clash.id !== id) throw new CoreError('conflict', `A tag “${clash.name}” exists already: merge into it instead.`, ['name']);
  let count: number;
  if (clash) {
    // Only the letter case changes: the same row, a new name on every contact.
    count = ws.transaction(() => {
      const contacts = ws
        .stmt<[number], { id: string; version: number }>('SELECT c.id, c.version FROM contact_tags ct JOIN contacts c ON c.pk = ct.contact_pk WHERE ct.tag_id = ?')
        .all(id);
      for (const c of contacts) {
        ws.outbox.enqueue({ entity: 'contact', op: 'tag_remove', id: c.id, baseVersion: c.version, payload: { tag: tag.name } });
        ws.outbox.enqueue({ entity: 'contact', op: 'tag_add', id: c.id, baseVersion: c.version, payload: { tag: name } });
      }
      ws.stmt('UPDATE tags SET name = ? WHERE id = ?').run(name, id);
      return contacts.length;
    });
    progress(count, count);
  } else {
    const created = Number(ws.stmt('INSERT INTO tags (name, color, created_at) VALUES (?, ?, ?)').run(name, tag.color, nowIso()).lastInsertRowid);
    count = await moveContacts(ws, tag, { id: created, name }, progress);
    ws.stmt('DELETE FROM tags WHERE id = ? AND NOT EXISTS (SELECT 1 FROM contact_tags WHERE tag_id = ?)').run(id, id);
  }
  ws.audit.append(ws.agent, { action: 'tag.rename', details: { contacts: count } });
  ws.contactsChanged(null);
  return listTags(ws);
}

export async function mergeTags(ws: Workspace, fromId: number, intoId: number, progress: Progress): Promise<TagInfo[]> {
  if (fromId === intoId) throw new CoreError('bad_request', 'A tag cannot be merged into itself.', ['intoId']);
  const from = load(ws, fromId);
  const into = load(ws, intoId);
  const count = await moveContacts(ws, from, into, progress);
  ws.stmt('DELETE FROM tags WHERE id = ? AND NOT EXISTS (SELECT 1 FROM contact_tags WHERE tag_id = ?)').run(fromId, fromId);
  ws.audit.append(ws.agent, { action: 'tag.merge', details: { contacts: count } });
  ws.contactsChanged(null);
  return listTags(ws);
}

export async function deleteTag(ws: Workspace, id: number, progress: Progress): Promise<TagInfo[]> {
  const tag = load(ws, id);
  const count = await moveContacts(ws, tag, tag, progress);
  ws.stmt('DELETE FROM tags WHERE id = ? AND NOT EXISTS (SELECT 1 FROM contact_tags WHERE tag_id = ?)').run(id, id);
  ws.audit.append(ws.agent, { action: 'tag.delete', details: { contacts: count } });
  ws.contactsChanged(null);
  return listTags(ws);
}
