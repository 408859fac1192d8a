/**
 * Follow-ups: reminders on a contact (title, due time, assignee), done and snoozed by the
 * people who own them; synced as the spec's `follow_up` (create, update, delete). Each
 * change commits with its outbox mutation and an audit entry, like notes.
 */
import { randomUUID } from 'node:crypto';
import type { FollowUp, Person } from '../../preload/contract.js';
import { notFound } from '../api/errors.js';
import { nowIso } from './clock.js';
import type { Workspace } from './workspace.js';
import { shownNameSql } from './contact-name.js';

interface FollowUpRow {
  id: string;
  version: number;
  contact_id: string;
  contact_name: string | null;
  title: string;
  due_at: string;
  assignee_id: string | null;
  assignee_name: string | null;
  done_at: string | null;
  created_at: string;
  updated_at: string;
  pending: number;
}

const SELECT = `SELECT f.id, f.version, f.contact_id, ${shownNameSql('c')} AS contact_name, f.title, f.due_at, f.assignee_id, f.assignee_name,
    f.done_at, f.created_at, f.updated_at,
    EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'follow_up' AND o.entity_id = f.id AND o.state = 'pending') AS pending
  FROM follow_ups f LEFT JOIN contacts c ON c.id = f.contact_id`;

function toFollowUp(row: FollowUpRow): FollowUp {
  return {
    id: row.id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    title: row.title,
    dueAt: row.due_at,
    assignee: row.assignee_id && row.assignee_name ? { id: row.assignee_id, name: row.assignee_name } : null,
    doneAt: row.done_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pending: row.pending === 1,
  };
}

function load(ws: Workspace, id: string): FollowUpRow {
  const row = ws.stmt<[string], FollowUpRow>(`${SELECT} WHERE f.id = ?`).get(id);
  if (!row) throw notFound('Follow-up', id);
  return row;
}

export interface FollowUpQuery {
  contactId?: string | undefined;
  assignee: 'me' | 'anyone';
  includeDone: boolean;
  limit: number;
}

/**
 * Open follow-ups by due time (the renderer sorts them into overdue, today and upcoming in
 * the person's own time zone). For one contact, every assignee's, done ones after the open.
 */
export function listFollowUps(ws: Workspace, query: FollowUpQuery): FollowUp[] {
  if (query.contactId !== undefined) {
    const done = query.includeDone ? '' : 'AND f.done_at IS NULL';
    return ws
      .stmt<[string, number], FollowUpRow>(`${SELECT} WHERE f.contact_id = ? ${done} ORDER BY f.done_at IS NOT NULL, f.due_at LIMIT ?`)
      .all(query.contactId, query.limit)
      .map(toFollowUp);
  }
  // The partial index on open follow-ups by due time serves both.
  const rows =
    query.assignee === 'me'
      ? ws.stmt<[string, number], FollowUpRow>(`${SELECT} WHERE f.done_at IS NULL AND f.assignee_id = ? ORDER BY f.due_at LIMIT ?`).all(ws.agent.id, query.limit)
      : ws.stmt<[number], FollowUpRow>(`${SELECT} WHERE f.done_at IS NULL ORDER BY f.due_at LIMIT ?`).all(query.limit);
  return rows.map(toFollowUp);
}

/** The earliest open follow-up of a contact (for its header). */
export function nextFollowUp(ws: Workspace, contactId: string): FollowUp | null {
  const row = ws.stmt<[string], FollowUpRow>(`${SELECT} WHERE f.contact_id = ? AND f.done_at IS NULL ORDER BY f.due_at LIMIT 1`).get(contactId);
  return row ? toFollowUp(row) : null;
}

/** This agent first, then everyone who has been given a follow-up here. */
export function followUpAssignees(ws: Workspace): Person[] {
  const others = ws
    .stmt<[string], { id: string; name: string }>(
      `SELECT assignee_id AS id, max(assignee_name) AS name FROM follow_ups
       WHERE assignee_id IS NOT NULL AND assignee_name IS NOT NULL AND assignee_id <> ? GROUP BY assignee_id ORDER BY name LIMIT 200`,
    )
    .all(ws.agent.id);
  return [{ id: ws.agent.id, name: ws.agent.name }, ...others];
}

export function createFollowUp(ws: Workspace, input: { contactId: string; title: string; dueAt: string; assignee?: Person | undefined }): FollowUp {
  const id = randomUUID();
  const assignee = input.assignee ?? { id: ws.agent.id, name: ws.agent.name };
  ws.transaction(() => {
    if (!ws.stmt<[string], { n: number }>('SELECT 1 AS n FROM contacts WHERE id = ?').get(input.contactId)) throw notFound('Contact', input.contactId);
    const at = nowIso();
    ws.stmt(
      `INSERT INTO follow_ups (id, version, contact_id, title, due_at, assignee_id, assignee_name, done_at, created_at, updated_at)
       VALUES (?, 0, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    ).run(id, input.contactId, input.title, input.dueAt, assignee.id, assignee.name, at, at);
    ws.outbox.enqueue({
      entity: 'follow_up',
      op: 'create',
      id,
      baseVersion: null,
      payload: { fields: { contact_id: input.contactId, title: input.title, due_at: input.dueAt, assignee, done_at: null, created_at: at, updated_at: at } },
    });
    ws.audit.append(ws.agent, { action: 'follow_up.create', entity: 'follow_up', entityId: id, details: { contactId: input.contactId } });
  });
  ws.events.emit({ type: 'followUps.changed', contactId: input.contactId });
  return toFollowUp(load(ws, id));
}

/** Changes the title or due time (a snooze), or marks it done or open again. */
export function updateFollowUp(ws: Workspace, id: string, changes: { title?: string | undefined; dueAt?: string | undefined; done?: boolean | undefined }): FollowUp {
  const contactId = ws.transaction(() => {
    const row = load(ws, id);
    const next = {
      title: changes.title ?? row.title,
      due_at: changes.dueAt ?? row.due_at,
      done_at: changes.done === undefined ? row.done_at : changes.done ? (row.done_at ?? nowIso()) : null,
    };
    const fields: Record<string, unknown> = {};
    const base: Record<string, unknown> = {};
    for (const key of ['title', 'due_at', 'done_at'] as const) {
      if (next[key] !== row[key]) {
        fields[key] = next[key];
        base[key] = row[key];
      }
    }
    if (Object.keys(fields).length === 0) return null;
    ws.stmt('UPDATE follow_ups SET title = ?, due_at = ?, done_at = ?, updated_at = ? WHERE id = ?').run(next.title, next.due_at, next.done_at, nowIso(), id);
    ws.outbox.enqueue({ entity: 'follow_up', op: 'update', id, baseVersion: row.version, payload: { fields, base } });
    ws.audit.append(ws.agent, { action: 'follow_up.update', entity: 'follow_up', entityId: id, details: { fields: Object.keys(fields) } });
    return row.contact_id;
  });
  if (contactId) ws.events.emit({ type: 'followUps.changed', contactId });
  return toFollowUp(load(ws, id));
}

export function deleteFollowUp(ws: Workspace, id: string): { id: string } {
  const contactId = ws.transaction(() => {
    const row = load(ws, id);
    ws.stmt('DELETE FROM follow_ups WHERE id = ?').run(id);
    // Still live on the service until the delete is pushed: keep counting it (core/sync/checksum.ts).
    if (row.version > 0) ws.stmt('INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) VALUES (?, ?, ?)').run('follow_up', id, row.version);
    ws.outbox.enqueue({ entity: 'follow_up', op: 'delete', id, baseVersion: row.version, payload: {} });
    ws.audit.append(ws.agent, { action: 'follow_up.delete', entity: 'follow_up', entityId: id, details: { contactId: row.contact_id } });
    return row.contact_id;
  });
  ws.events.emit({ type: 'followUps.changed', contactId });
  return { id };
}
