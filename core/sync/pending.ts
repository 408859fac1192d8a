/**
 * After a pull or a conflict writes the service's state of an entity, the person's own
 * changes that are still waiting in the outbox are laid over it again, so what they typed
 * stays on screen until it is pushed (and the next pull brings the merged result).
 */
import type { Workspace } from '../services/workspace.js';
import { overlayMerge } from '../services/merge.js';

/** The columns a queued change may set, per entity (the spec's field names are our column names). */
const WRITABLE: Record<string, ReadonlySet<string>> = {
  contact: new Set(['first_name', 'last_name', 'full_name', 'email', 'phone', 'city', 'country', 'locale', 'timezone', 'last_seen_at', 'source', 'custom_fields', 'preferences']),
  note: new Set(['body', 'pinned']),
  follow_up: new Set(['title', 'due_at', 'done_at']),
  field_definition: new Set(['label', 'options', 'archived']),
};
const TABLE: Record<string, string> = { contact: 'contacts', note: 'notes', follow_up: 'follow_ups', field_definition: 'field_definitions' };
/** The entities a person changes here, whose queued changes are laid over what a pull brings. */
export const OVERLAID_KINDS: ReadonlySet<string> = new Set(Object.keys(TABLE));
export type OverlaidKind = 'contact' | 'note' | 'follow_up' | 'field_definition';

interface PendingRow {
  mutation_id: string;
  op: string;
  payload: string;
}

/** Returns true when something was laid over. */
export function overlayPending(ws: Workspace, entity: OverlaidKind, id: string): boolean {
  const rows = ws
    .stmt<[string, string], PendingRow>("SELECT mutation_id, op, payload FROM outbox WHERE entity = ? AND entity_id = ? AND state = 'pending' ORDER BY seq")
    .all(entity, id);
  if (rows.length === 0) return false;
  const writable = WRITABLE[entity] as ReadonlySet<string>;
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { fields?: Record<string, unknown>; tag?: string; consent?: Record<string, unknown> };
    if (row.op === 'update' && payload.fields) {
      for (const [field, value] of Object.entries(payload.fields)) {
        if (!writable.has(field)) continue;
        const stored = field === 'custom_fields' || field === 'preferences' || field === 'options' ? JSON.stringify(value ?? (field === 'options' ? [] : {})) : typeof value === 'boolean' ? (value ? 1 : 0) : value;
        ws.db.prepare(`UPDATE ${TABLE[entity]} SET ${field} = ? WHERE id = ?`).run(stored, id);
      }
    } else if (entity === 'contact' && (row.op === 'tag_add' || row.op === 'tag_remove') && payload.tag) {
      const pk = ws.stmt<[string], { pk: number }>('SELECT pk FROM contacts WHERE id = ?').get(id)?.pk;
      if (pk === undefined) continue;
      if (row.op === 'tag_add') {
        ws.stmt('INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, ?)').run(payload.tag, new Date().toISOString());
        ws.stmt('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) SELECT id, ? FROM tags WHERE name = ?').run(pk, payload.tag);
      } else {
        ws.stmt('DELETE FROM contact_tags WHERE contact_pk = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)').run(pk, payload.tag);
      }
    } else if (entity === 'contact' && row.op === 'merge') {
      overlayMerge(ws, id, row.mutation_id);
    } else if (entity === 'contact' && row.op === 'consent_set' && payload.consent) {
      const c = payload.consent;
      // This copy's changes are its agent's (one agent per workspace).
      ws.stmt('INSERT INTO consents (contact_id, purpose, status, at, source, evidence, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id,
        String(c['purpose']),
        String(c['status']),
        String(c['at']),
        (c['source'] as string | null | undefined) ?? null,
        (c['evidence'] as string | null | undefined) ?? null,
        ws.agent.name,
      );
    }
  }
  if (entity === 'contact') ws.search.refresh([id]);
  return true;
}
