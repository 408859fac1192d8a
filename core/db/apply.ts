/**
 * Writes the service's entities (spec shape, already validated) into the local tables.
 * Used by the sync engine's pull, the demo seeding and the benchmarks.
 *
 * Rules from the spec: an entity whose version is not higher than the local one is skipped
 * (applying a page twice changes nothing); references are not enforced (a child may arrive
 * before its contact); unknown fields are kept in `extra`. Every write keeps the checksum
 * accumulator in step when one is given. The caller owns the transaction: one batch (one
 * pulled page) commits as a whole.
 */
import type { Db } from './database.js';
import { deferUpsert } from './bulk-load.js';
import { IdFingerprints } from './id-fingerprints.js';
import { ENTITY_TABLES } from './tables.js';
import {
  extraFields,
  type EntityKind,
  type SpecConsent,
  type SpecContact,
  type SpecConversation,
  type SpecEvent,
  type SpecFieldDefinition,
  type SpecFollowUp,
  type SpecNote,
} from '../spec/entities.js';
import type { SearchIndex } from '../services/search.js';
import type { ChecksumAccumulator } from '../sync/checksum.js';

export interface EntityBatch {
  contacts?: SpecContact[];
  fieldDefinitions?: SpecFieldDefinition[];
  conversations?: SpecConversation[];
  events?: SpecEvent[];
  notes?: SpecNote[];
  followUps?: SpecFollowUp[];
}

export interface SpecEntityOf {
  contact: SpecContact;
  field_definition: SpecFieldDefinition;
  conversation: SpecConversation;
  event: SpecEvent;
  note: SpecNote;
  follow_up: SpecFollowUp;
}

export interface ApplyResult {
  applied: number;
  skipped: number;
  /** Contacts whose derived data (search row, conversation count) was refreshed. */
  touchedContacts: Set<string>;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const extra = (kind: EntityKind, entity: object) => JSON.stringify(extraFields(kind, entity as Record<string, unknown>));


/** Column lists of the simple (single-table) entities, in the order `row()` produces them. */
export const COLUMNS = {
  field_definition: ['id', 'version', 'key', 'label', 'type', 'options', 'archived', 'extra'],
  conversation: ['id', 'version', 'contact_id', 'channel', 'started_at', 'ended_at', 'status', 'summary', 'rating', 'message_count', 'messages', 'extra'],
  event: ['id', 'version', 'contact_id', 'type', 'occurred_at', 'properties', 'extra'],
  note: ['id', 'version', 'contact_id', 'author_id', 'author_name', 'body', 'pinned', 'created_at', 'updated_at', 'extra'],
  follow_up: ['id', 'version', 'contact_id', 'title', 'due_at', 'assignee_id', 'assignee_name', 'done_at', 'created_at', 'updated_at', 'extra'],
  contact: [
    'id', 'version', 'first_name', 'last_name', 'full_name', 'email', 'phone', 'created_at', 'updated_at', 'last_seen_at',
    'locale', 'timezone', 'country', 'city', 'source', 'custom_fields', 'preferences', 'extra',
  ],
} as const satisfies Record<EntityKind, readonly string[]>;

/** A row's values in the order of its kind's COLUMNS (positional: cheaper to pass between threads than objects). */
export type RowValues = (string | number | null)[];

function rowOf<K extends EntityKind>(kind: K, e: SpecEntityOf[K]): RowValues {
  switch (kind) {
    case 'contact': {
      const c = e as SpecContact;
      return [
        c.id, c.version, c.first_name, c.last_name, c.full_name, c.email, c.phone, c.created_at, c.updated_at, c.last_seen_at,
        c.locale, c.timezone, c.country, c.city, c.source, json(c.custom_fields), json(c.preferences), extra('contact', c),
      ];
    }
    case 'field_definition': {
      const f = e as SpecFieldDefinition;
      return [f.id, f.version, f.key, f.label, f.type, json(f.options), f.archived ? 1 : 0, extra(kind, f)];
    }
    case 'conversation': {
      const c = e as SpecConversation;
      return [c.id, c.version, c.contact_id, c.channel, c.started_at, c.ended_at, c.status, c.summary, c.rating, c.messages.length, json(c.messages), extra(kind, c)];
    }
    case 'event': {
      const v = e as SpecEvent;
      return [v.id, v.version, v.contact_id, v.type, v.occurred_at, json(v.properties), extra(kind, v)];
    }
    case 'note': {
      const n = e as SpecNote;
      return [n.id, n.version, n.contact_id, n.author.id, n.author.name, n.body, n.pinned ? 1 : 0, n.created_at, n.updated_at, extra(kind, n)];
    }
    case 'follow_up': {
      const f = e as SpecFollowUp;
      return [
        f.id, f.version, f.contact_id, f.title, f.due_at, f.assignee?.id ?? null, f.assignee?.name ?? null, f.done_at, f.created_at, f.updated_at,
        extra(kind, f),
      ];
    }
  }
  throw new Error(`unknown entity kind ${String(kind)}`);
}

/** Where `contact_id` sits in a child's row (-1 for contacts and field definitions). */
const CONTACT_ID_AT = Object.fromEntries(Object.entries(COLUMNS).map(([kind, columns]) => [kind, (columns as readonly string[]).indexOf('contact_id')])) as Record<EntityKind, number>;

/** The contact a child's row belongs to; null for contacts and field definitions. */
export function contactIdOf(kind: EntityKind, row: RowValues): string | null {
  const value = CONTACT_ID_AT[kind] >= 0 ? row[CONTACT_ID_AT[kind]] : null;
  return typeof value === 'string' ? value : null;
}

/**
 * An entity turned into what the writer stores: its row, and for a contact the tags and
 * consents that go to side tables. Plain data, so it can be made in another thread (the
 * first sync prepares pulled pages off the database thread, core/sync/page-source.ts).
 */
export interface PreparedEntity {
  kind: EntityKind;
  id: string;
  version: number;
  /** The values of COLUMNS[kind], in order. */
  row: RowValues;
  /** The contact a child belongs to (null for contacts and field definitions). */
  contactId: string | null;
  contact?: { tags: string[]; consents: SpecConsent[]; updatedAt: string };
  /** entityDigest(id, version) for the checksum, when made ahead (by the pull thread). */
  digest?: Uint8Array;
}

export function prepareEntity<K extends EntityKind>(kind: K, entity: SpecEntityOf[K]): PreparedEntity {
  const row = rowOf(kind, entity);
  const prepared: PreparedEntity = { kind, id: entity.id, version: entity.version, row, contactId: contactIdOf(kind, row) };
  if (kind === 'contact') {
    const c = entity as SpecContact;
    prepared.contact = { tags: c.tags, consents: c.consents, updatedAt: c.updated_at };
  }
  return prepared;
}

type Existing = { pk: number; version: number; contact_id: string | null };

export class EntityWriter {
  private readonly tagIds = new Map<string, number>();
  private readonly existing: Record<EntityKind, ReturnType<Db['prepare']>>;
  private readonly insert: Record<EntityKind, ReturnType<Db['prepare']>>;
  private readonly update: Record<EntityKind, ReturnType<Db['prepare']>>;
  private readonly remove: Record<EntityKind, ReturnType<Db['prepare']>>;
  private readonly s;
  /** Contacts whose conversation count or search row must be recomputed at the end of the batch. */
  private readonly activityDirty = new Set<string>();
  private readonly searchDirty = new Set<string>();
  /**
   * During a bulk load (core/db/bulk-load.ts): the ids of the contacts stored, as the
   * contacts' id index is off. Null otherwise.
   */
  private bulkContactIds: IdFingerprints | null = null;
  private anyPendingDeletes = false;

  constructor(
    private readonly db: Db,
    private readonly search: SearchIndex,
    private readonly checksums: ChecksumAccumulator | null = null,
  ) {
    const each = <T>(make: (kind: EntityKind) => T) => Object.fromEntries((Object.keys(ENTITY_TABLES) as EntityKind[]).map((k) => [k, make(k)])) as Record<EntityKind, T>;
    this.existing = each((kind) =>
      db.prepare(`SELECT pk, version, ${kind === 'contact' || kind === 'field_definition' ? 'NULL' : 'contact_id'} AS contact_id FROM ${ENTITY_TABLES[kind]} WHERE id = ?`),
    );
    // Positional parameters in COLUMNS order; the update sets every column (id to itself) and takes the pk last.
    this.insert = each((kind) => db.prepare(`INSERT INTO ${ENTITY_TABLES[kind]} (${COLUMNS[kind].join(', ')}) VALUES (${COLUMNS[kind].map(() => '?').join(', ')})`));
    this.update = each((kind) => db.prepare(`UPDATE ${ENTITY_TABLES[kind]} SET ${COLUMNS[kind].map((c) => `${c} = ?`).join(', ')} WHERE pk = ?`));
    this.remove = each((kind) => db.prepare(`DELETE FROM ${ENTITY_TABLES[kind]} WHERE pk = ?`));
    this.s = {
      pendingDelete: db.prepare<[string, string], { version: number }>('SELECT version FROM sync_pending_deletes WHERE kind = ? AND id = ?'),
      anyPendingDelete: db.prepare<[], { one: number }>('SELECT 1 AS one FROM sync_pending_deletes LIMIT 1'),
      setPendingDelete: db.prepare('UPDATE sync_pending_deletes SET version = ? WHERE kind = ? AND id = ?'),
      dropPendingDelete: db.prepare('DELETE FROM sync_pending_deletes WHERE kind = ? AND id = ?'),
      tagByName: db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?'),
      insertTag: db.prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)'),
      clearTags: db.prepare('DELETE FROM contact_tags WHERE contact_pk = ?'),
      linkTag: db.prepare('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) VALUES (?, ?)'),
      clearConsents: db.prepare('DELETE FROM consents WHERE contact_id = ?'),
      insertConsent: db.prepare('INSERT INTO consents (contact_id, purpose, status, at, source, evidence, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      recordedConsents: db.prepare<[string], { purpose: string; status: string; at: string; recorded_by: string }>(
        'SELECT purpose, status, at, recorded_by FROM consents WHERE contact_id = ? AND recorded_by IS NOT NULL',
      ),
      refreshActivity: db.prepare(`UPDATE contacts SET
          conversation_count = (SELECT count(*) FROM conversations WHERE contact_id = contacts.id),
          first_seen_at = (SELECT min(started_at) FROM conversations WHERE contact_id = contacts.id)
        WHERE id = ?`),
    };
  }

  /** Whether writes go the bulk-load way (derived data is then built once at the end instead). */
  get bulk(): boolean {
    return this.bulkContactIds !== null;
  }

  /**
   * Turning bulk mode on reads the ids of the contacts already stored (none for a new load;
   * those of earlier pages, and of contacts created here meanwhile, for a resumed one).
   */
  set bulk(on: boolean) {
    if (!on) {
      this.bulkContactIds = null;
      return;
    }
    const count = this.db.prepare('SELECT count(*) FROM contacts').pluck().get() as number;
    const ids = new IdFingerprints(count);
    for (const id of this.db.prepare('SELECT id FROM contacts').pluck().iterate() as IterableIterator<string>) ids.add(id);
    this.bulkContactIds = ids;
  }

  /** Applies a batch of upserts (seeding, tests); the caller wraps it in a transaction. */
  apply(batch: EntityBatch): ApplyResult {
    this.begin();
    const result: ApplyResult = { applied: 0, skipped: 0, touchedContacts: this.searchDirty };
    const count = (applied: boolean) => (applied ? result.applied++ : result.skipped++);
    for (const e of batch.fieldDefinitions ?? []) count(this.upsert('field_definition', e));
    for (const e of batch.contacts ?? []) count(this.upsert('contact', e));
    for (const e of batch.conversations ?? []) count(this.upsert('conversation', e));
    for (const e of batch.events ?? []) count(this.upsert('event', e));
    for (const e of batch.notes ?? []) count(this.upsert('note', e));
    for (const e of batch.followUps ?? []) count(this.upsert('follow_up', e));
    result.touchedContacts = new Set(this.searchDirty);
    this.finish();
    return result;
  }

  /** Starts a batch: per-batch caches are dropped (a rolled-back batch must leave none behind). */
  begin(): void {
    this.anyPendingDeletes = this.s.anyPendingDelete.get() !== undefined;
    this.tagIds.clear();
    this.activityDirty.clear();
    this.searchDirty.clear();
  }

  /** Ends a batch: derived data of the touched contacts, then the checksum state. */
  finish(): Set<string> {
    if (!this.bulk) {
      for (const id of this.activityDirty) this.s.refreshActivity.run(id);
      this.search.refresh(this.searchDirty);
    }
    this.checksums?.save();
    return new Set(this.searchDirty);
  }

  /** Returns false when the local copy is as new or newer (the change is skipped). */
  upsert<K extends EntityKind>(kind: K, entity: SpecEntityOf[K]): boolean {
    return this.upsertPrepared(prepareEntity(kind, entity));
  }

  upsertPrepared(entity: PreparedEntity): boolean {
    const { kind, id, version, row } = entity;
    const loadedContacts = this.bulkContactIds;
    if (loadedContacts && !(this.anyPendingDeletes && this.s.pendingDelete.get(kind, id))) {
      // Loading into an empty copy, nearly every entity is new: insert straight away. The id
      // indexes are off during the load: a child's second copy is stored and the load's end
      // keeps only the newest; a contact's second arrival waits for the end (core/db/bulk-load.ts).
      if (kind === 'contact') {
        if (loadedContacts.has(id)) {
          deferUpsert(this.db, entity);
          return true;
        }
        loadedContacts.add(id);
      }
      // A load begun before the contacts' id index could be dropped still has it: a contact
      // that exists fails it and is looked up below.
      try {
        const pk = Number(this.insert[kind].run(row).lastInsertRowid);
        this.checksums?.add(kind, id, version, entity.digest);
        if (entity.contact) this.writeContactParts(pk, id, entity.contact, false);
        else if (entity.contactId) this.touch(kind, entity.contactId);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      }
    }
    const pending = this.s.pendingDelete.get(kind, id);
    if (pending) {
      // Deleted here, not yet on the service: track its server version, keep it deleted.
      if (version <= pending.version) return false;
      this.checksums?.remove(kind, id, pending.version);
      this.checksums?.add(kind, id, version);
      this.s.setPendingDelete.run(version, kind, id);
      return true;
    }
    const existing = this.existing[kind].get(id) as Existing | undefined;
    if (existing && existing.version >= version) return false;
    let pk: number;
    if (existing) {
      this.update[kind].run([...row, existing.pk]);
      pk = existing.pk;
      this.checksums?.remove(kind, id, existing.version);
      if (existing.contact_id && existing.contact_id !== entity.contactId) this.touch(kind, existing.contact_id);
    } else {
      pk = Number(this.insert[kind].run(row).lastInsertRowid);
    }
    this.checksums?.add(kind, id, version, entity.digest);
    if (entity.contact) this.writeContactParts(pk, id, entity.contact, Boolean(existing));
    else if (entity.contactId) this.touch(kind, entity.contactId);
    return true;
  }

  /**
   * Removes an entity the service deleted. Returns the contact it belonged to (for a child)
   * so callers can refresh what depends on it; null when there was nothing here.
   */
  delete(kind: EntityKind, id: string): { removed: boolean; contactId: string | null } {
    const pending = this.s.pendingDelete.get(kind, id);
    if (pending) {
      this.checksums?.remove(kind, id, pending.version);
      this.s.dropPendingDelete.run(kind, id);
    }
    const existing = this.existing[kind].get(id) as Existing | undefined;
    if (!existing) return { removed: Boolean(pending), contactId: null };
    this.checksums?.remove(kind, id, existing.version);
    if (kind === 'contact') {
      this.s.clearConsents.run(id);
      this.search.removeRow(existing.pk);
      this.searchDirty.delete(id);
      this.activityDirty.delete(id);
    }
    this.remove[kind].run(existing.pk);
    if (existing.contact_id) this.touch(kind, existing.contact_id);
    return { removed: true, contactId: existing.contact_id };
  }

  /** The local version of an entity (0 when only created here; null when absent). */
  versionOf(kind: EntityKind, id: string): number | null {
    return (this.existing[kind].get(id) as Existing | undefined)?.version ?? null;
  }

  private touch(kind: EntityKind, contactId: string): void {
    if (kind === 'conversation') this.activityDirty.add(contactId);
    if (kind === 'note') this.searchDirty.add(contactId);
  }

  private writeContactParts(pk: number, id: string, contact: NonNullable<PreparedEntity['contact']>, existed: boolean): void {
    // The service's history replaces ours, but it does not say which agent recorded an entry:
    // entries this copy recorded keep their agent when they come back.
    let recordedBy: Map<string, string> | null = null;
    if (existed) {
      this.s.clearTags.run(pk);
      for (const row of this.s.recordedConsents.all(id)) (recordedBy ??= new Map()).set(consentKey(row), row.recorded_by);
      this.s.clearConsents.run(id);
    }
    for (const tag of contact.tags) this.s.linkTag.run(this.tagId(tag, contact.updatedAt), pk);
    for (const consent of contact.consents) {
      const by = recordedBy?.get(consentKey(consent)) ?? null;
      this.s.insertConsent.run(id, consent.purpose, consent.status, consent.at, consent.source, consent.evidence, by);
    }
    this.searchDirty.add(id);
    this.activityDirty.add(id);
  }

  private tagId(name: string, at: string): number {
    const key = name.toLowerCase();
    const cached = this.tagIds.get(key);
    if (cached !== undefined) return cached;
    const id = this.s.tagByName.get(name)?.id ?? Number(this.s.insertTag.run(name, at).lastInsertRowid);
    this.tagIds.set(key, id);
    return id;
  }
}

/** One consent entry's identity across copies (the spec gives entries no id). */
function consentKey(entry: { purpose: string; status: string; at: string }): string {
  return `${entry.purpose}\u0000${entry.status}\u0000${Date.parse(entry.at)}`;
}
