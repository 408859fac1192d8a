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
import { ENTITY_TABLES } from './tables.js';
import {
  extraFields,
  type EntityKind,
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
const COLUMNS = {
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

type Row = Record<string, unknown>;

function rowOf<K extends EntityKind>(kind: K, e: SpecEntityOf[K]): Row {
  switch (kind) {
    case 'contact': {
      const c = e as SpecContact;
      return {
        id: c.id, version: c.version, first_name: c.first_name, last_name: c.last_name, full_name: c.full_name, email: c.email,
        phone: c.phone, created_at: c.created_at, updated_at: c.updated_at, last_seen_at: c.last_seen_at, locale: c.locale,
        timezone: c.timezone, country: c.country, city: c.city, source: c.source, custom_fields: json(c.custom_fields),
        preferences: json(c.preferences), extra: extra('contact', c),
      };
    }
    case 'field_definition': {
      const f = e as SpecFieldDefinition;
      return { id: f.id, version: f.version, key: f.key, label: f.label, type: f.type, options: json(f.options), archived: f.archived ? 1 : 0, extra: extra(kind, f) };
    }
    case 'conversation': {
      const c = e as SpecConversation;
      return {
        id: c.id, version: c.version, contact_id: c.contact_id, channel: c.channel, started_at: c.started_at, ended_at: c.ended_at,
        status: c.status, summary: c.summary, rating: c.rating, message_count: c.messages.length, messages: json(c.messages), extra: extra(kind, c),
      };
    }
    case 'event': {
      const v = e as SpecEvent;
      return { id: v.id, version: v.version, contact_id: v.contact_id, type: v.type, occurred_at: v.occurred_at, properties: json(v.properties), extra: extra(kind, v) };
    }
    case 'note': {
      const n = e as SpecNote;
      return {
        id: n.id, version: n.version, contact_id: n.contact_id, author_id: n.author.id, author_name: n.author.name, body: n.body,
        pinned: n.pinned ? 1 : 0, created_at: n.created_at, updated_at: n.updated_at, extra: extra(kind, n),
      };
    }
    case 'follow_up': {
      const f = e as SpecFollowUp;
      return {
        id: f.id, version: f.version, contact_id: f.contact_id, title: f.title, due_at: f.due_at, assignee_id: f.assignee?.id ?? null,
        assignee_name: f.assignee?.name ?? null, done_at: f.done_at, created_at: f.created_at, updated_at: f.updated_at, extra: extra(kind, f),
      };
    }
  }
  throw new Error(`unknown entity kind ${String(kind)}`);
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
  /** During a bulk load (core/db/bulk-load.ts) derived data is built once at the end instead. */
  bulk = false;
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
    this.insert = each((kind) => db.prepare(`INSERT INTO ${ENTITY_TABLES[kind]} (${COLUMNS[kind].join(', ')}) VALUES (${COLUMNS[kind].map((c) => `@${c}`).join(', ')})`));
    this.update = each((kind) =>
      db.prepare(`UPDATE ${ENTITY_TABLES[kind]} SET ${COLUMNS[kind].filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`),
    );
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
      insertConsent: db.prepare('INSERT INTO consents (contact_id, purpose, status, at, source, evidence) VALUES (?, ?, ?, ?, ?, ?)'),
      refreshActivity: db.prepare(`UPDATE contacts SET
          conversation_count = (SELECT count(*) FROM conversations WHERE contact_id = contacts.id),
          first_seen_at = (SELECT min(started_at) FROM conversations WHERE contact_id = contacts.id)
        WHERE id = ?`),
    };
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
    const id = entity.id;
    if (this.bulk && !this.anyPendingDeletes) {
      // Loading into an empty copy, nearly every entity is new: insert straight away and
      // only look further when the id exists (a page pulled again after a crash).
      const row = rowOf(kind, entity);
      try {
        const pk = Number(this.insert[kind].run(row).lastInsertRowid);
        this.checksums?.add(kind, id, entity.version);
        if (kind === 'contact') this.writeContactParts(pk, entity as SpecContact, false);
        else if (typeof row['contact_id'] === 'string') this.touch(kind, row['contact_id']);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      }
    }
    const pending = this.s.pendingDelete.get(kind, id);
    if (pending) {
      // Deleted here, not yet on the service: track its server version, keep it deleted.
      if (entity.version <= pending.version) return false;
      this.checksums?.remove(kind, id, pending.version);
      this.checksums?.add(kind, id, entity.version);
      this.s.setPendingDelete.run(entity.version, kind, id);
      return true;
    }
    const existing = this.existing[kind].get(id) as Existing | undefined;
    if (existing && existing.version >= entity.version) return false;
    const row = rowOf(kind, entity);
    let pk: number;
    if (existing) {
      this.update[kind].run({ ...row, pk: existing.pk });
      pk = existing.pk;
      this.checksums?.remove(kind, id, existing.version);
      if (existing.contact_id && existing.contact_id !== row['contact_id']) this.touch(kind, existing.contact_id);
    } else {
      pk = Number(this.insert[kind].run(row).lastInsertRowid);
    }
    this.checksums?.add(kind, id, entity.version);
    if (kind === 'contact') this.writeContactParts(pk, entity as SpecContact, Boolean(existing));
    else if (typeof row['contact_id'] === 'string') this.touch(kind, row['contact_id']);
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

  private writeContactParts(pk: number, contact: SpecContact, existed: boolean): void {
    if (existed) {
      this.s.clearTags.run(pk);
      this.s.clearConsents.run(contact.id);
    }
    for (const tag of contact.tags) this.s.linkTag.run(this.tagId(tag, contact.updated_at), pk);
    for (const consent of contact.consents) {
      this.s.insertConsent.run(contact.id, consent.purpose, consent.status, consent.at, consent.source, consent.evidence);
    }
    this.searchDirty.add(contact.id);
    this.activityDirty.add(contact.id);
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
