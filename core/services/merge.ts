/**
 * Merging duplicates: the other contacts are folded into the survivor ("primary") in one
 * transaction: the fields a person chose, custom fields, the union of tags, every consent
 * entry (the history is append-only), conversations, events, notes and follow-ups re-pointed,
 * the others removed, search and conversation counts brought up to date, and for the service
 * the spec's `merge` (id = primary, merge_from = others) followed by an `update` of the chosen
 * values. The service folds the same way and answers with `merged` tombstones, which the pull
 * applies as deletions of contacts that are already gone here (recordMergeFromService keeps
 * a timeline entry when another agent merged).
 *
 * Undo: both mutations are held in the outbox for MERGE_UNDO_WINDOW_MS and the merge record
 * keeps a snapshot of everything it changed, so until the merge has been pushed undoMerge
 * puts back exactly what was there; after the push it is refused in words. 30 s rather than
 * the 10 s of a deletion: a merge changes many records at once and people look at the result
 * (the merged contact's timeline and fields) before they are sure; a fixed window keeps the
 * scheduler's held-change handling as it is (it sends the change soon after the hold ends).
 */
import { randomUUID } from 'node:crypto';
import type { ContactDetail, FieldValue, MergeCandidate, MergeField } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { nowIso } from './clock.js';
import { EDITABLE_COLUMNS, getContact } from './contacts.js';
import { insertRow, storedColumns } from './delete-contact.js';
import { forgetPairsOf } from './duplicates.js';
import { parseJsonObject } from './json.js';
import type { Workspace } from './workspace.js';

export const MERGE_UNDO_WINDOW_MS = 30_000;

/** The chosen fields are the editable ones, by the same columns. */
const FIELD_COLUMNS: Record<MergeField, string> = EDITABLE_COLUMNS;

/** The children that move to the survivor (the service moves the same ones). */
const MOVED_TABLES = ['conversations', 'events', 'notes', 'follow_ups'] as const;
type MovedTable = (typeof MOVED_TABLES)[number];

type Row = Record<string, unknown>;

interface ConsentRow {
  purpose: string;
  status: string;
  at: string;
  source: string | null;
  evidence: string | null;
  recorded_by: string | null;
}

/** What undo needs to put everything back. */
interface MergeSnapshot {
  primary: Row;
  primaryTags: string[];
  primaryConsents: ConsentRow[];
  others: { contact: Row; tags: string[]; consents: ConsentRow[]; fieldChanges: Row[]; moved: Record<MovedTable, string[]>; lists?: string[] }[];
  /** The static lists the primary was on before the merge (it joins the others' lists). */
  primaryLists?: string[];
  /** field_changes rows this merge wrote on the primary. */
  fieldChangePks: number[];
  /** The primary's updated_at right after the merge: a later change to it makes undo refuse. */
  afterUpdatedAt: string;
  updateMutationId: string | null;
}

function loadContactRow(ws: Workspace, id: string, path: (string | number)[]): Row {
  const row = ws.db.prepare(`SELECT pk, display_name, ${storedColumns(ws.db, 'contacts').join(', ')} FROM contacts WHERE id = ?`).get(id) as Row | undefined;
  if (!row) throw new CoreError('not_found', 'This contact no longer exists here; reload and pick again.', path);
  return row;
}

function tagsOf(ws: Workspace, pk: number): string[] {
  return ws
    .stmt<[number], { name: string }>('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ? ORDER BY t.name')
    .all(pk)
    .map((r) => r.name);
}

function consentsOf(ws: Workspace, contactId: string): ConsentRow[] {
  return ws
    .stmt<[string], ConsentRow>('SELECT purpose, status, at, source, evidence, recorded_by FROM consents WHERE contact_id = ? ORDER BY at, pk')
    .all(contactId);
}

function insertConsent(ws: Workspace, contactId: string, c: ConsentRow): void {
  ws.stmt('INSERT INTO consents (contact_id, purpose, status, at, source, evidence, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    contactId,
    c.purpose,
    c.status,
    c.at,
    c.source,
    c.evidence,
    c.recorded_by,
  );
}

function linkTag(ws: Workspace, pk: number, name: string): void {
  ws.stmt('INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, ?)').run(name, nowIso());
  ws.stmt('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) SELECT id, ? FROM tags WHERE name = ?').run(pk, name);
}

function refreshActivity(ws: Workspace, id: string): void {
  ws.stmt(
    `UPDATE contacts SET
       conversation_count = (SELECT count(*) FROM conversations WHERE contact_id = contacts.id),
       first_seen_at = (SELECT min(started_at) FROM conversations WHERE contact_id = contacts.id)
     WHERE id = ?`,
  ).run(id);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The contacts a merge dialog shows, with what would move with each. */
export function mergePreview(ws: Workspace, ids: string[]): MergeCandidate[] {
  if (new Set(ids).size !== ids.length) throw new CoreError('bad_request', 'A contact cannot be merged with itself.', ['ids']);
  const count = (table: MovedTable, id: string) => ws.stmt<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE contact_id = ?`).get(id)?.n ?? 0;
  return ids.map((id) => ({
    contact: getContact(ws, id),
    counts: { conversations: count('conversations', id), events: count('events', id), notes: count('notes', id), followUps: count('follow_ups', id) },
  }));
}

export interface MergeInput {
  primaryId: string;
  otherIds: string[];
  /** Per field, the contact whose value the survivor takes (absent: the survivor's own). */
  choices: Partial<Record<MergeField, string>>;
  /** Per custom field key, likewise (absent: the survivor's value, or the first other's when it has none). */
  customFields: Record<string, string>;
}

export function mergeContacts(ws: Workspace, input: MergeInput): { mergeId: string; primary: ContactDetail; undoUntil: string } {
  const { primaryId, otherIds } = input;
  if (otherIds.includes(primaryId)) throw new CoreError('bad_request', 'A contact cannot be merged into itself.', ['otherIds']);
  if (new Set(otherIds).size !== otherIds.length) throw new CoreError('bad_request', 'Each contact can be merged only once.', ['otherIds']);
  const involved = [primaryId, ...otherIds];
  for (const [field, from] of Object.entries(input.choices)) {
    if (!involved.includes(from)) throw new CoreError('bad_request', 'Choose a value from one of the contacts being merged.', ['choices', field]);
  }
  for (const [key, from] of Object.entries(input.customFields)) {
    if (!involved.includes(from)) throw new CoreError('bad_request', 'Choose a value from one of the contacts being merged.', ['customFields', key]);
  }
  const mergeId = randomUUID();
  const undoUntil = new Date(Date.now() + MERGE_UNDO_WINDOW_MS).toISOString();

  ws.transaction(() => {
    const primary = loadContactRow(ws, primaryId, ['primaryId']);
    const primaryPk = primary['pk'] as number;
    const others = otherIds.map((id, i) => loadContactRow(ws, id, ['otherIds', i]));
    const byId = new Map<string, Row>([[primaryId, primary], ...others.map((o) => [o['id'] as string, o] as [string, Row])]);
    const snapshotRow = (row: Row): Row => Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'pk' && k !== 'display_name'));
    const snapshot: MergeSnapshot = {
      primary: snapshotRow(primary),
      primaryTags: tagsOf(ws, primaryPk),
      primaryConsents: consentsOf(ws, primaryId),
      primaryLists: ws.db.prepare('SELECT segment_id FROM segment_members WHERE contact_pk = ?').pluck().all(primaryPk) as string[],
      others: [],
      fieldChangePks: [],
      afterUpdatedAt: '',
      updateMutationId: null,
    };
    const at = nowIso();

    // The survivor's new field values.
    const specFields: Record<string, unknown> = {};
    const base: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELD_COLUMNS) as [MergeField, string][]) {
      const from = input.choices[field];
      if (!from || from === primaryId) continue;
      const value = (byId.get(from) as Row)[column] ?? null;
      if (sameValue(primary[column], value)) continue;
      specFields[column] = value;
      base[column] = primary[column] ?? null;
    }
    const primaryCustom = parseJsonObject<FieldValue>(primary['custom_fields'] as string);
    const custom: Record<string, FieldValue> = { ...primaryCustom };
    const otherCustoms = others.map((o) => parseJsonObject<FieldValue>(o['custom_fields'] as string));
    for (const values of otherCustoms) {
      for (const [key, value] of Object.entries(values)) if ((custom[key] ?? null) === null && value !== null) custom[key] = value;
    }
    for (const [key, from] of Object.entries(input.customFields)) {
      const value = parseJsonObject<FieldValue>((byId.get(from) as Row)['custom_fields'] as string)[key] ?? null;
      if (value === null) delete custom[key];
      else custom[key] = value;
    }
    if (!sameValue(primaryCustom, custom)) {
      specFields['custom_fields'] = custom;
      base['custom_fields'] = primaryCustom;
    }

    // Fold each other contact in, keeping what undo needs.
    const pendingDelete = ws.stmt('INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) VALUES (?, ?, ?)');
    const known = new Set(snapshot.primaryConsents.map((c) => JSON.stringify(c)));
    const formerEmails: string[] = [];
    for (const other of others) {
      const otherId = other['id'] as string;
      const otherPk = other['pk'] as number;
      const tags = tagsOf(ws, otherPk);
      const consents = consentsOf(ws, otherId);
      const fieldChanges = ws.db.prepare(`SELECT ${storedColumns(ws.db, 'field_changes').join(', ')} FROM field_changes WHERE contact_id = ?`).all(otherId) as Row[];
      const moved = {} as Record<MovedTable, string[]>;
      for (const table of MOVED_TABLES) {
        moved[table] = ws.db.prepare(`SELECT id FROM ${table} WHERE contact_id = ?`).pluck().all(otherId) as string[];
        ws.db.prepare(`UPDATE ${table} SET contact_id = ? WHERE contact_id = ?`).run(primaryId, otherId);
      }
      // The survivor joins the lists the merged contact was on.
      const lists = ws.db.prepare('SELECT segment_id FROM segment_members WHERE contact_pk = ?').pluck().all(otherPk) as string[];
      ws.stmt('INSERT OR IGNORE INTO segment_members (segment_id, contact_pk, added_at) SELECT segment_id, ?, added_at FROM segment_members WHERE contact_pk = ?').run(primaryPk, otherPk);
      snapshot.others.push({ contact: snapshotRow(other), tags, consents, fieldChanges, moved, lists });
      for (const tag of tags) linkTag(ws, primaryPk, tag);
      for (const consent of consents) {
        const key = JSON.stringify(consent);
        if (known.has(key)) continue;
        known.add(key);
        insertConsent(ws, primaryId, consent);
      }
      if (typeof other['email'] === 'string') formerEmails.push(other['email']);
      // Still live on the service until the merge is pushed: it keeps counting in the
      // checksum, and a pulled copy of it does not bring it back (core/db/apply.ts).
      if ((other['version'] as number) > 0) pendingDelete.run('contact', otherId, other['version']);
      ws.stmt('DELETE FROM consents WHERE contact_id = ?').run(otherId);
      ws.stmt('DELETE FROM field_changes WHERE contact_id = ?').run(otherId);
      ws.stmt('DELETE FROM contact_tags WHERE contact_pk = ?').run(otherPk);
      ws.search.removeRow(otherPk);
      ws.stmt('DELETE FROM contacts WHERE pk = ?').run(otherPk);
    }

    // The survivor's fields, and their history on its timeline.
    const columns = Object.keys(specFields);
    if (columns.length > 0) {
      const values = columns.map((c) => (c === 'custom_fields' ? JSON.stringify(specFields[c]) : specFields[c]));
      ws.db.prepare(`UPDATE contacts SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE pk = ?`).run(...(values as never[]), primaryPk);
      const recordChange = ws.stmt(
        "INSERT INTO field_changes (contact_id, field, old_value, new_value, actor_id, actor_name, origin, at) VALUES (?, ?, ?, ?, ?, ?, 'local', ?)",
      );
      for (const column of columns) {
        if (column === 'custom_fields') {
          const keys = new Set([...Object.keys(primaryCustom), ...Object.keys(custom)]);
          for (const key of keys) {
            if (sameValue(primaryCustom[key], custom[key])) continue;
            snapshot.fieldChangePks.push(
              Number(recordChange.run(primaryId, `custom_fields.${key}`, JSON.stringify(primaryCustom[key] ?? null), JSON.stringify(custom[key] ?? null), ws.agent.id, ws.agent.name, at).lastInsertRowid),
            );
          }
        } else {
          snapshot.fieldChangePks.push(
            Number(recordChange.run(primaryId, column, JSON.stringify(base[column]), JSON.stringify(specFields[column]), ws.agent.id, ws.agent.name, at).lastInsertRowid),
          );
        }
      }
    }
    ws.stmt('UPDATE contacts SET updated_at = ? WHERE pk = ?').run(at, primaryPk);
    snapshot.afterUpdatedAt = at;
    refreshActivity(ws, primaryId);

    // The merge first: the chosen email may still be the other contact's on the service until then.
    const version = primary['version'] as number;
    const mutationId = ws.outbox.enqueue({ entity: 'contact', op: 'merge', id: primaryId, baseVersion: version, payload: { merge_from: otherIds }, holdMs: MERGE_UNDO_WINDOW_MS });
    if (columns.length > 0) {
      snapshot.updateMutationId = ws.outbox.enqueue({ entity: 'contact', op: 'update', id: primaryId, baseVersion: version, payload: { fields: specFields, base }, holdMs: MERGE_UNDO_WINDOW_MS });
    }
    ws.stmt(
      `INSERT INTO merges (id, primary_id, merged_ids, merged_names, former_emails, actor_name, origin, merged_at, mutation_id, snapshot)
       VALUES (?, ?, ?, ?, ?, ?, 'local', ?, ?, ?)`,
    ).run(mergeId, primaryId, JSON.stringify(otherIds), JSON.stringify(others.map((o) => o['display_name'])), JSON.stringify(formerEmails), ws.agent.name, at, mutationId, JSON.stringify(snapshot));
    ws.search.refresh([primaryId]);
    forgetPairsOf(ws, involved);
    ws.audit.append(ws.agent, { action: 'contact.merge', entity: 'contact', entityId: primaryId, details: { mergedFrom: otherIds, fields: columns } });
  });
  ws.contactsChanged(null);
  return { mergeId, primary: getContact(ws, primaryId), undoUntil };
}

/** Puts the contacts of a merge back while the merge has not been sent. */
export function undoMerge(ws: Workspace, mergeId: string): ContactDetail {
  const primaryId = ws.transaction(() => {
    const record = ws
      .stmt<[string], { primary_id: string; mutation_id: string | null; snapshot: string | null }>('SELECT primary_id, mutation_id, snapshot FROM merges WHERE id = ?')
      .get(mergeId);
    if (!record) throw notFound('Merge', mergeId);
    const queued = record.mutation_id
      ? ws.stmt<[string], { seq: number }>("SELECT seq FROM outbox WHERE mutation_id = ? AND state = 'pending'").get(record.mutation_id)
      : undefined;
    if (!record.snapshot || !queued) throw new CoreError('conflict', 'This merge has already been sent to Nexvio.ai and can no longer be undone.', ['mergeId']);
    const snapshot = JSON.parse(record.snapshot) as MergeSnapshot;
    const primaryId = record.primary_id;
    const current = ws.stmt<[string], { pk: number; updated_at: string }>('SELECT pk, updated_at FROM contacts WHERE id = ?').get(primaryId);
    if (!current) throw new CoreError('conflict', 'The merged contact has since been deleted or merged again; this merge can no longer be undone.', ['mergeId']);
    if (current.updated_at !== snapshot.afterUpdatedAt) {
      throw new CoreError('conflict', 'The merged contact has changed since the merge; this merge can no longer be undone.', ['mergeId']);
    }

    ws.stmt('DELETE FROM outbox WHERE seq = ?').run(queued.seq);
    if (snapshot.updateMutationId) ws.stmt('DELETE FROM outbox WHERE mutation_id = ?').run(snapshot.updateMutationId);

    // The survivor as it was: its columns, tags and consents.
    const columns = Object.keys(snapshot.primary).filter((c) => c !== 'id');
    ws.db.prepare(`UPDATE contacts SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE pk = ?`).run(...columns.map((c) => snapshot.primary[c] as never), current.pk);
    ws.stmt('DELETE FROM contact_tags WHERE contact_pk = ?').run(current.pk);
    for (const tag of snapshot.primaryTags) linkTag(ws, current.pk, tag);
    ws.stmt('DELETE FROM consents WHERE contact_id = ?').run(primaryId);
    for (const consent of snapshot.primaryConsents) insertConsent(ws, primaryId, consent);
    for (const pk of snapshot.fieldChangePks) ws.stmt('DELETE FROM field_changes WHERE pk = ?').run(pk);
    if (snapshot.primaryLists) {
      ws.stmt('DELETE FROM segment_members WHERE contact_pk = ? AND segment_id NOT IN (SELECT value FROM json_each(?))').run(current.pk, JSON.stringify(snapshot.primaryLists));
    }

    // The others, whole, with their children moved back.
    for (const other of snapshot.others) {
      const otherId = other.contact['id'] as string;
      insertRow(ws.db, 'contacts', other.contact);
      const pk = ws.stmt<[string], { pk: number }>('SELECT pk FROM contacts WHERE id = ?').get(otherId)?.pk as number;
      for (const tag of other.tags) linkTag(ws, pk, tag);
      for (const consent of other.consents) insertConsent(ws, otherId, consent);
      const rejoin = ws.stmt('INSERT OR IGNORE INTO segment_members (segment_id, contact_pk, added_at) SELECT id, ?, ? FROM segments WHERE id = ?');
      for (const list of other.lists ?? []) rejoin.run(pk, nowIso(), list);
      for (const row of other.fieldChanges) insertRow(ws.db, 'field_changes', row);
      for (const table of MOVED_TABLES) {
        const back = ws.db.prepare(`UPDATE ${table} SET contact_id = ? WHERE id = ?`);
        for (const id of other.moved[table] ?? []) back.run(otherId, id);
      }
      ws.stmt("DELETE FROM sync_pending_deletes WHERE kind = 'contact' AND id = ?").run(otherId);
      refreshActivity(ws, otherId);
      ws.search.refresh([otherId]);
    }
    refreshActivity(ws, primaryId);
    ws.stmt('DELETE FROM merges WHERE id = ?').run(mergeId);
    ws.search.refresh([primaryId]);
    ws.audit.append(ws.agent, { action: 'contact.merge_undo', entity: 'contact', entityId: primaryId, details: { restored: snapshot.others.map((o) => o.contact['id']) } });
    return primaryId;
  });
  ws.contactsChanged(null);
  return getContact(ws, primaryId);
}

/**
 * Lays a held merge over the survivor again after a pull wrote the service's copy of it
 * (which has not seen the merge yet): the merged contacts' tags and consents stay on it.
 * Called by core/sync/pending.ts for a pending `merge` mutation.
 */
export function overlayMerge(ws: Workspace, primaryId: string, mutationId: string): void {
  const record = ws.stmt<[string], { snapshot: string | null }>('SELECT snapshot FROM merges WHERE mutation_id = ?').get(mutationId);
  if (!record?.snapshot) return;
  const pk = ws.stmt<[string], { pk: number }>('SELECT pk FROM contacts WHERE id = ?').get(primaryId)?.pk;
  if (pk === undefined) return;
  const snapshot = JSON.parse(record.snapshot) as MergeSnapshot;
  const known = new Set(consentsOf(ws, primaryId).map((c) => JSON.stringify(c)));
  for (const other of snapshot.others) {
    for (const tag of other.tags) linkTag(ws, pk, tag);
    for (const consent of other.consents) {
      if (known.has(JSON.stringify(consent))) continue;
      known.add(JSON.stringify(consent));
      insertConsent(ws, primaryId, consent);
    }
  }
}

/**
 * A pulled `merged` tombstone of a contact still here: another agent merged it. Its children
 * came before it, already re-pointed; what is recorded is the timeline entry (and its email,
 * which search keeps finding the survivor by). Runs inside the pull's transaction, before
 * the contact is removed.
 */
export function recordMergeFromService(ws: Workspace, mergedId: string, intoId: string): void {
  const merged = ws.stmt<[string], { display_name: string; email: string | null }>('SELECT display_name, email FROM contacts WHERE id = ?').get(mergedId);
  if (!merged) return;
  ws.stmt(
    `INSERT INTO merges (id, primary_id, merged_ids, merged_names, former_emails, actor_name, origin, merged_at, mutation_id, snapshot)
     VALUES (?, ?, ?, ?, ?, NULL, 'sync', ?, NULL, NULL)`,
  ).run(randomUUID(), intoId, JSON.stringify([mergedId]), JSON.stringify([merged.display_name]), JSON.stringify(merged.email ? [merged.email] : []), nowIso());
  forgetPairsOf(ws, [mergedId]);
}

const CHILD_TABLES: Partial<Record<string, MovedTable>> = { conversation: 'conversations', event: 'events', note: 'notes', follow_up: 'follow_ups' };

/**
 * A pull wrote children whose contact was folded in by a merge not yet pushed (the service
 * still has them on that contact, e.g. a new conversation): they move to the survivor too,
 * and into the merge's snapshot so an undo takes them back. Returns the survivors touched.
 */
export function relinkToHeldMerges(ws: Workspace, children: readonly { kind: string; id: string; contactId: string }[]): string[] {
  if (children.length === 0) return [];
  const held = ws.stmt<[], { id: string; primary_id: string; merged_ids: string }>('SELECT id, primary_id, merged_ids FROM merges WHERE snapshot IS NOT NULL').all();
  if (held.length === 0) return [];
  const mergeOf = new Map<string, { mergeId: string; primaryId: string }>();
  for (const m of held) for (const merged of JSON.parse(m.merged_ids) as string[]) mergeOf.set(merged, { mergeId: m.id, primaryId: m.primary_id });
  const touched = new Set<string>();
  for (const child of children) {
    const table = CHILD_TABLES[child.kind];
    const target = mergeOf.get(child.contactId);
    if (!table || !target) continue;
    ws.db.prepare(`UPDATE ${table} SET contact_id = ? WHERE id = ?`).run(target.primaryId, child.id);
    const record = ws.stmt<[string], { snapshot: string }>('SELECT snapshot FROM merges WHERE id = ?').get(target.mergeId);
    if (record) {
      const snapshot = JSON.parse(record.snapshot) as MergeSnapshot;
      const other = snapshot.others.find((o) => o.contact['id'] === child.contactId);
      if (other && !other.moved[table].includes(child.id)) {
        other.moved[table].push(child.id);
        ws.stmt('UPDATE merges SET snapshot = ? WHERE id = ?').run(JSON.stringify(snapshot), target.mergeId);
      }
    }
    touched.add(target.primaryId);
  }
  for (const id of touched) {
    refreshActivity(ws, id);
    ws.search.refresh([id]);
  }
  return [...touched];
}
