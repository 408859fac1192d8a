/**
 * Conflicts the service reported on push: both values kept until a person picks one.
 * Keeping mine sends the local value again as a new change, based on the service's value,
 * so it applies unless the service changed the field yet again.
 */
import type { Conflict, SyncIssue } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { nowIso } from './clock.js';
import { parseJsonValue } from './json.js';
import type { Workspace } from './workspace.js';
import { shownNameSql } from './contact-name.js';

interface ConflictRow {
  pk: number;
  entity: string;
  entity_id: string;
  field: string;
  local_value: string | null;
  server_value: string | null;
  detected_at: string;
  resolved_at: string | null;
  resolution: string | null;
  contact_id: string | null;
  contact_name: string | null;
}

const SELECT = `SELECT f.*, c.id AS contact_id, ${shownNameSql('c')} AS contact_name FROM conflicts f
  LEFT JOIN contacts c ON c.id = CASE f.entity WHEN 'contact' THEN f.entity_id
    ELSE (SELECT contact_id FROM notes WHERE id = f.entity_id UNION ALL SELECT contact_id FROM follow_ups WHERE id = f.entity_id LIMIT 1) END`;

function toConflict(row: ConflictRow): Conflict {
  return {
    id: row.pk,
    entity: row.entity,
    entityId: row.entity_id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    field: row.field,
    localValue: parseJsonValue(row.local_value),
    serverValue: parseJsonValue(row.server_value),
    detectedAt: row.detected_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution === 'mine' || row.resolution === 'theirs' ? row.resolution : null,
  };
}

export function listConflicts(ws: Workspace, includeResolved: boolean, limit: number): Conflict[] {
  return ws
    .query<ConflictRow>(`${SELECT} ${includeResolved ? '' : 'WHERE f.resolved_at IS NULL'} ORDER BY f.resolved_at IS NOT NULL, f.detected_at DESC, f.pk DESC LIMIT ?`, [limit])
    .map(toConflict);
}

const ENTITY_TABLES: Record<string, string> = { contact: 'contacts', note: 'notes', follow_up: 'follow_ups' };

export function resolveConflict(ws: Workspace, id: number, keep: 'mine' | 'theirs'): Conflict {
  const contactId = ws.transaction(() => {
    const row = ws.query<ConflictRow>(`${SELECT} WHERE f.pk = ?`, [id])[0];
    if (!row) throw new CoreError('not_found', `Conflict ${id} does not exist.`, ['id']);
    if (row.resolved_at) throw new CoreError('conflict', 'This conflict was resolved already.', ['id']);
    if (keep === 'mine') {
      const table = ENTITY_TABLES[row.entity];
      const current = table
        ? ws.db.prepare<[string], { version: number }>(`SELECT version FROM ${table} WHERE id = ?`).get(row.entity_id)
        : undefined;
      if (!table || !current) throw new CoreError('not_found', 'The record this conflict is about no longer exists here; nothing can be kept.', ['id']);
      if (!/^[a-z_]+$/.test(row.field)) throw new CoreError('bad_request', `Cannot write field ${row.field}.`, ['id']);
      const local = parseJsonValue(row.local_value);
      const stored = row.field === 'custom_fields' || row.field === 'preferences' ? JSON.stringify(local ?? {}) : typeof local === 'boolean' ? (local ? 1 : 0) : local;
      ws.db.prepare(`UPDATE ${table} SET ${row.field} = ? WHERE id = ?`).run(stored as string | number | null, row.entity_id);
      ws.outbox.enqueue({
        entity: row.entity as 'contact' | 'note' | 'follow_up',
        op: 'update',
        id: row.entity_id,
        baseVersion: current.version,
        payload: { fields: { [row.field]: local }, base: { [row.field]: parseJsonValue(row.server_value) } },
      });
      if (row.contact_id) ws.search.refresh([row.contact_id]);
    }
    ws.stmt('UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE pk = ?').run(nowIso(), keep, id);
    ws.audit.append(ws.agent, { action: 'conflict.resolve', entity: row.entity, entityId: row.entity_id, details: { field: row.field, keep } });
    return row.contact_id;
  });
  if (contactId) ws.contactsChanged([contactId]);
  return toConflict(ws.query<ConflictRow>(`${SELECT} WHERE f.pk = ?`, [id])[0] as ConflictRow);
}

export function listSyncIssues(ws: Workspace, limit: number): SyncIssue[] {
  const quarantined = ws
    .query<{ pk: number; entity: string; entity_id: string | null; reason: string; received_at: string; payload: string }>(
      'SELECT pk, entity, entity_id, reason, received_at, substr(payload, 1, 2000) AS payload FROM quarantine ORDER BY received_at DESC LIMIT ?',
      [limit],
    )
    .map((r): SyncIssue => ({ kind: 'quarantined', id: r.pk, entity: r.entity, entityId: r.entity_id, reason: r.reason, at: r.received_at, excerpt: r.payload }));
  const rejected = ws
    .query<{ seq: number; entity: string; entity_id: string; op: string; rejected_reason: string | null; at: string; payload: string }>(
      "SELECT seq, entity, entity_id, op, rejected_reason, at, substr(payload, 1, 2000) AS payload FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?",
      [limit],
    )
    .map((r): SyncIssue => ({
      kind: 'rejected',
      id: r.seq,
      entity: r.entity,
      entityId: r.entity_id,
      reason: r.rejected_reason ?? 'Rejected by the service',
      at: r.at,
      excerpt: `${r.op} ${r.payload}`,
    }));
  const suppressed = ws
    .query<{ pk: number; kind: string; id: string; matched: string; last_at: string }>('SELECT pk, kind, id, matched, last_at FROM suppressed_records ORDER BY last_at DESC LIMIT ?', [limit])
    .map((r): SyncIssue => ({
      kind: 'suppressed',
      id: r.pk,
      entity: r.kind,
      entityId: r.id,
      reason:
        r.kind === 'contact'
          ? `This person was erased: their ${r.matched === 'email' ? 'email' : 'phone number'} is on the suppression list, so the record was not stored.`
          : 'This belongs to an erased person (on the suppression list), so it was not stored.',
      at: r.last_at,
      excerpt: '',
    }));
  return [...rejected, ...quarantined, ...suppressed];
}
