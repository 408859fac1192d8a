/**
 * Segments: saved filters whose members change with the contacts, and static lists of chosen
 * contacts, each with the columns and sort it is shown with. They live on this device only
 * (the sync API has no segments), so nothing here touches the outbox; every change is audited.
 */
import { randomUUID } from 'node:crypto';
import type { ContactFilter, SavedView, Segment } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { nowIso } from './clock.js';
import { compileFilter } from './contact-filter.js';
import { countContacts } from './contacts.js';
import { parseJsonObject } from './json.js';
import type { Workspace } from './workspace.js';

interface SegmentRow {
  id: string;
  name: string;
  kind: 'filter' | 'list';
  filter: string;
  view: string;
  created_at: string;
  updated_at: string;
}

function toSegment(row: SegmentRow): Segment {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    filter: parseJsonObject(row.filter) as ContactFilter,
    view: parseJsonObject(row.view) as SavedView,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function load(ws: Workspace, id: string): SegmentRow {
  const row = ws.stmt<[string], SegmentRow>('SELECT id, name, kind, filter, view, created_at, updated_at FROM segments WHERE id = ?').get(id);
  if (!row) throw notFound('Segment', id);
  return row;
}

function changed(ws: Workspace): void {
  ws.events.emit({ type: 'segments.changed' });
}

export function listSegments(ws: Workspace): Segment[] {
  return ws.stmt<[], SegmentRow>('SELECT id, name, kind, filter, view, created_at, updated_at FROM segments ORDER BY position, name COLLATE NOCASE').all().map(toSegment);
}

export function getSegment(ws: Workspace, id: string): Segment {
  return toSegment(load(ws, id));
}

/** Counts every segment's members; a broad saved search stops at the search cap like the list. */
export function segmentCounts(ws: Workspace): { id: string; count: number; capped: boolean }[] {
  return listSegments(ws).map((segment) => ({ id: segment.id, ...ws.cached(`count:${JSON.stringify({ segment: segment.id, at: segment.updatedAt })}`, () => countContacts(ws, { segment: segment.id })) }));
}

function assertNameFree(ws: Workspace, name: string, exceptId: string | null): void {
  const taken = ws.stmt<[string], { id: string }>('SELECT id FROM segments WHERE name = ? COLLATE NOCASE').get(name);
  if (taken && taken.id !== exceptId) throw new CoreError('conflict', `A segment named “${name}” already exists.`, ['name']);
}

/** Refuses a filter the list could not run (an unknown field, an operator a field lacks…). */
function assertFilterRuns(ws: Workspace, filter: ContactFilter): void {
  compileFilter(ws, filter);
}

/** Ids of contacts that exist, as pks; unknown ids are refused so nothing is added silently short. */
function contactPks(ws: Workspace, ids: string[]): number[] {
  const rows = ws.query<{ id: string; pk: number }>('SELECT id, pk FROM contacts WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
  if (rows.length < new Set(ids).size) {
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id)) ?? '';
    throw notFound('Contact', missing);
  }
  return rows.map((r) => r.pk);
}

export interface CreateSegmentInput {
  name: string;
  kind: 'filter' | 'list';
  filter: ContactFilter;
  view: SavedView;
  contactIds: string[];
}

export function createSegment(ws: Workspace, input: CreateSegmentInput): Segment {
  const id = randomUUID();
  if (input.kind === 'list' && Object.keys(input.filter).length > 0) {
    throw new CoreError('bad_request', 'A list holds chosen contacts; save a filter as a segment instead.', ['filter']);
  }
  if (input.kind === 'filter') {
    if (input.contactIds.length > 0) throw new CoreError('bad_request', 'A filter segment has no chosen contacts; make a list instead.', ['contactIds']);
    assertFilterRuns(ws, input.filter);
  }
  ws.transaction(() => {
    assertNameFree(ws, input.name, null);
    const now = nowIso();
    const position = (ws.stmt<[], { n: number }>('SELECT coalesce(max(position), 0) + 1 AS n FROM segments').get()?.n ?? 1) as number;
    ws.stmt('INSERT INTO segments (id, name, kind, filter, view, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id,
      input.name,
      input.kind,
      JSON.stringify(input.filter),
      JSON.stringify(input.view),
      position,
      now,
      now,
    );
    if (input.contactIds.length > 0) insertMembers(ws, id, contactPks(ws, input.contactIds));
    ws.audit.append(ws.agent, { action: 'segment.create', entity: 'segment', entityId: id, details: { kind: input.kind, members: input.contactIds.length } });
  });
  changed(ws);
  if (input.contactIds.length > 0) ws.contactsChanged(input.contactIds);
  return getSegment(ws, id);
}

export function updateSegment(ws: Workspace, id: string, input: { name?: string | undefined; filter?: ContactFilter | undefined; view?: SavedView | undefined }): Segment {
  ws.transaction(() => {
    const row = load(ws, id);
    const fields: string[] = [];
    if (input.name !== undefined && input.name !== row.name) {
      assertNameFree(ws, input.name, id);
      ws.stmt('UPDATE segments SET name = ? WHERE id = ?').run(input.name, id);
      fields.push('name');
    }
    if (input.filter !== undefined) {
      if (row.kind === 'list') throw new CoreError('bad_request', 'A list holds chosen contacts; it has no filter to change.', ['filter']);
      assertFilterRuns(ws, input.filter);
      ws.stmt('UPDATE segments SET filter = ? WHERE id = ?').run(JSON.stringify(input.filter), id);
      fields.push('filter');
    }
    if (input.view !== undefined) {
      ws.stmt('UPDATE segments SET view = ? WHERE id = ?').run(JSON.stringify(input.view), id);
      fields.push('view');
    }
    if (fields.length === 0) return;
    ws.stmt('UPDATE segments SET updated_at = ? WHERE id = ?').run(nowIso(), id);
    // The view changes with every column drag: only what changes the members is worth an entry.
    if (fields.some((f) => f !== 'view')) ws.audit.append(ws.agent, { action: 'segment.update', entity: 'segment', entityId: id, details: { fields } });
  });
  changed(ws);
  return getSegment(ws, id);
}

export function deleteSegment(ws: Workspace, id: string): { id: string } {
  ws.transaction(() => {
    const row = load(ws, id);
    ws.stmt('DELETE FROM segments WHERE id = ?').run(id);
    ws.audit.append(ws.agent, { action: 'segment.delete', entity: 'segment', entityId: id, details: { kind: row.kind } });
  });
  changed(ws);
  return { id };
}

export function reorderSegments(ws: Workspace, ids: string[]): Segment[] {
  ws.transaction(() => {
    const update = ws.stmt('UPDATE segments SET position = ? WHERE id = ?');
    ids.forEach((id, position) => update.run(position + 1, id));
  });
  changed(ws);
  return listSegments(ws);
}

function insertMembers(ws: Workspace, id: string, pks: number[]): number {
  const insert = ws.stmt('INSERT OR IGNORE INTO segment_members (segment_id, contact_pk, added_at) VALUES (?, ?, ?)');
  const now = nowIso();
  let added = 0;
  for (const pk of pks) added += insert.run(id, pk, now).changes;
  return added;
}

function loadList(ws: Workspace, id: string): SegmentRow {
  const row = load(ws, id);
  if (row.kind !== 'list') throw new CoreError('bad_request', `“${row.name}” is a saved filter: its contacts follow from the filter, they cannot be added by hand.`, ['id']);
  return row;
}

export function addToList(ws: Workspace, id: string, contactIds: string[]): { added: number } {
  const added = ws.transaction(() => {
    loadList(ws, id);
    const n = insertMembers(ws, id, contactPks(ws, contactIds));
    if (n > 0) {
      ws.stmt('UPDATE segments SET updated_at = ? WHERE id = ?').run(nowIso(), id);
      ws.audit.append(ws.agent, { action: 'segment.add_contacts', entity: 'segment', entityId: id, details: { added: n } });
    }
    return n;
  });
  changed(ws);
  ws.contactsChanged(contactIds);
  return { added };
}

export function removeFromList(ws: Workspace, id: string, contactIds: string[]): { removed: number } {
  const removed = ws.transaction(() => {
    loadList(ws, id);
    const result = ws
      .stmt('DELETE FROM segment_members WHERE segment_id = ? AND contact_pk IN (SELECT pk FROM contacts WHERE id IN (SELECT value FROM json_each(?)))')
      .run(id, JSON.stringify(contactIds));
    if (result.changes > 0) {
      ws.stmt('UPDATE segments SET updated_at = ? WHERE id = ?').run(nowIso(), id);
      ws.audit.append(ws.agent, { action: 'segment.remove_contacts', entity: 'segment', entityId: id, details: { removed: result.changes } });
    }
    return result.changes;
  });
  changed(ws);
  ws.contactsChanged(contactIds);
  return { removed };
}
