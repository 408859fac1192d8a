/**
 * Writes the service's entities (spec shape, already validated) into the local tables.
 * Used by the demo seeding and the benchmarks now, and by the sync engine's pull.
 *
 * Rules from the spec: an entity whose version is not higher than the local one is skipped
 * (applying a page twice changes nothing); references are not enforced (a child may arrive
 * before its contact); unknown fields are kept in `extra`.
 * The caller owns the transaction: one batch (one pulled page) commits as a whole.
 */
import type { Db } from './database.js';
import {
  extraFields,
  type SpecContact,
  type SpecConversation,
  type SpecEvent,
  type SpecFieldDefinition,
  type SpecFollowUp,
  type SpecNote,
} from '../spec/entities.js';
import type { SearchIndex } from '../services/search.js';

export interface EntityBatch {
  contacts?: SpecContact[];
  fieldDefinitions?: SpecFieldDefinition[];
  conversations?: SpecConversation[];
  events?: SpecEvent[];
  notes?: SpecNote[];
  followUps?: SpecFollowUp[];
}

export interface ApplyResult {
  applied: number;
  skipped: number;
  /** Contacts whose derived data (search row, conversation count) was refreshed. */
  touchedContacts: Set<string>;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const extra = (kind: Parameters<typeof extraFields>[0], entity: object) => JSON.stringify(extraFields(kind, entity as Record<string, unknown>));

export class EntityWriter {
  private readonly tagIds = new Map<string, number>();
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly search: SearchIndex,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      contactVersion: db.prepare<[string], { pk: number; version: number }>('SELECT pk, version FROM contacts WHERE id = ?'),
      insertContact: p(`INSERT INTO contacts (id, version, first_name, last_name, full_name, email, phone, created_at, updated_at, last_seen_at,
          locale, timezone, country, city, source, custom_fields, preferences, extra)
        VALUES (@id, @version, @first_name, @last_name, @full_name, @email, @phone, @created_at, @updated_at, @last_seen_at,
          @locale, @timezone, @country, @city, @source, @custom_fields, @preferences, @extra)`),
      updateContact: p(`UPDATE contacts SET version = @version, first_name = @first_name, last_name = @last_name, full_name = @full_name,
          email = @email, phone = @phone, created_at = @created_at, updated_at = @updated_at, last_seen_at = @last_seen_at,
          locale = @locale, timezone = @timezone, country = @country, city = @city, source = @source,
          custom_fields = @custom_fields, preferences = @preferences, extra = @extra WHERE pk = @pk`),
      tagByName: db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?'),
      insertTag: p('INSERT INTO tags (name, created_at) VALUES (?, ?)'),
      clearTags: p('DELETE FROM contact_tags WHERE contact_pk = ?'),
      linkTag: p('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) VALUES (?, ?)'),
      clearConsents: p('DELETE FROM consents WHERE contact_id = ?'),
      insertConsent: p('INSERT INTO consents (contact_id, purpose, status, at, source, evidence) VALUES (?, ?, ?, ?, ?, ?)'),
      upsertField: p(`INSERT INTO field_definitions (id, version, key, label, type, options, archived, position, extra)
          VALUES (@id, @version, @key, @label, @type, @options, @archived, @position, @extra)
          ON CONFLICT(id) DO UPDATE SET version = excluded.version, key = excluded.key, label = excluded.label, type = excluded.type,
            options = excluded.options, archived = excluded.archived, extra = excluded.extra
          WHERE excluded.version > field_definitions.version`),
      upsertConversation: p(`INSERT INTO conversations (id, version, contact_id, channel, started_at, ended_at, status, summary, rating, message_count, messages, extra)
          VALUES (@id, @version, @contact_id, @channel, @started_at, @ended_at, @status, @summary, @rating, @message_count, @messages, @extra)
          ON CONFLICT(id) DO UPDATE SET version = excluded.version, contact_id = excluded.contact_id, channel = excluded.channel,
            started_at = excluded.started_at, ended_at = excluded.ended_at, status = excluded.status, summary = excluded.summary,
            rating = excluded.rating, message_count = excluded.message_count, messages = excluded.messages, extra = excluded.extra
          WHERE excluded.version > conversations.version`),
      upsertEvent: p(`INSERT INTO events (id, version, contact_id, type, occurred_at, properties, extra)
          VALUES (@id, @version, @contact_id, @type, @occurred_at, @properties, @extra)
          ON CONFLICT(id) DO UPDATE SET version = excluded.version, contact_id = excluded.contact_id, type = excluded.type,
            occurred_at = excluded.occurred_at, properties = excluded.properties, extra = excluded.extra
          WHERE excluded.version > events.version`),
      upsertNote: p(`INSERT INTO notes (id, version, contact_id, author_id, author_name, body, pinned, created_at, updated_at, extra)
          VALUES (@id, @version, @contact_id, @author_id, @author_name, @body, @pinned, @created_at, @updated_at, @extra)
          ON CONFLICT(id) DO UPDATE SET version = excluded.version, contact_id = excluded.contact_id, author_id = excluded.author_id,
            author_name = excluded.author_name, body = excluded.body, pinned = excluded.pinned, created_at = excluded.created_at,
            updated_at = excluded.updated_at, extra = excluded.extra
          WHERE excluded.version > notes.version`),
      upsertFollowUp: p(`INSERT INTO follow_ups (id, version, contact_id, title, due_at, assignee_id, assignee_name, done_at, created_at, updated_at, extra)
          VALUES (@id, @version, @contact_id, @title, @due_at, @assignee_id, @assignee_name, @done_at, @created_at, @updated_at, @extra)
          ON CONFLICT(id) DO UPDATE SET version = excluded.version, contact_id = excluded.contact_id, title = excluded.title,
            due_at = excluded.due_at, assignee_id = excluded.assignee_id, assignee_name = excluded.assignee_name,
            done_at = excluded.done_at, created_at = excluded.created_at, updated_at = excluded.updated_at, extra = excluded.extra
          WHERE excluded.version > follow_ups.version`),
      refreshActivity: p(`UPDATE contacts SET
          conversation_count = (SELECT count(*) FROM conversations WHERE contact_id = contacts.id),
          first_seen_at = (SELECT min(started_at) FROM conversations WHERE contact_id = contacts.id)
        WHERE id = ?`),
    };
  }

  /** Applies a batch; the caller wraps it in a transaction. */
  apply(batch: EntityBatch): ApplyResult {
    // Tag ids are cached per batch only: a rolled-back batch must not leave ids that never committed.
    this.tagIds.clear();
    const result: ApplyResult = { applied: 0, skipped: 0, touchedContacts: new Set() };
    const count = (changes: number) => (changes > 0 ? result.applied++ : result.skipped++);
    const activity = new Set<string>();

    for (const field of batch.fieldDefinitions ?? []) {
      count(
        this.s.upsertField.run({
          id: field.id,
          version: field.version,
          key: field.key,
          label: field.label,
          type: field.type,
          options: json(field.options),
          archived: field.archived ? 1 : 0,
          position: 0,
          extra: extra('field_definition', field),
        }).changes,
      );
    }
    for (const contact of batch.contacts ?? []) {
      if (this.upsertContact(contact)) {
        result.applied++;
        result.touchedContacts.add(contact.id);
        activity.add(contact.id);
      } else result.skipped++;
    }
    for (const c of batch.conversations ?? []) {
      const changes = this.s.upsertConversation.run({
        id: c.id,
        version: c.version,
        contact_id: c.contact_id,
        channel: c.channel,
        started_at: c.started_at,
        ended_at: c.ended_at,
        status: c.status,
        summary: c.summary,
        rating: c.rating,
        message_count: c.messages.length,
        messages: json(c.messages),
        extra: extra('conversation', c),
      }).changes;
      count(changes);
      if (changes > 0) activity.add(c.contact_id);
    }
    for (const e of batch.events ?? []) {
      count(
        this.s.upsertEvent.run({
          id: e.id,
          version: e.version,
          contact_id: e.contact_id,
          type: e.type,
          occurred_at: e.occurred_at,
          properties: json(e.properties),
          extra: extra('event', e),
        }).changes,
      );
    }
    for (const n of batch.notes ?? []) {
      const changes = this.s.upsertNote.run({
        id: n.id,
        version: n.version,
        contact_id: n.contact_id,
        author_id: n.author.id,
        author_name: n.author.name,
        body: n.body,
        pinned: n.pinned ? 1 : 0,
        created_at: n.created_at,
        updated_at: n.updated_at,
        extra: extra('note', n),
      }).changes;
      count(changes);
      if (changes > 0) result.touchedContacts.add(n.contact_id);
    }
    for (const f of batch.followUps ?? []) {
      count(
        this.s.upsertFollowUp.run({
          id: f.id,
          version: f.version,
          contact_id: f.contact_id,
          title: f.title,
          due_at: f.due_at,
          assignee_id: f.assignee?.id ?? null,
          assignee_name: f.assignee?.name ?? null,
          done_at: f.done_at,
          created_at: f.created_at,
          updated_at: f.updated_at,
          extra: extra('follow_up', f),
        }).changes,
      );
    }
    for (const id of activity) this.s.refreshActivity.run(id);
    this.search.refresh(result.touchedContacts);
    return result;
  }

  /** Returns false when the local copy is as new or newer. */
  private upsertContact(contact: SpecContact): boolean {
    const existing = this.s.contactVersion.get(contact.id);
    if (existing && existing.version >= contact.version) return false;
    const row = {
      id: contact.id,
      version: contact.version,
      first_name: contact.first_name,
      last_name: contact.last_name,
      full_name: contact.full_name,
      email: contact.email,
      phone: contact.phone,
      created_at: contact.created_at,
      updated_at: contact.updated_at,
      last_seen_at: contact.last_seen_at,
      locale: contact.locale,
      timezone: contact.timezone,
      country: contact.country,
      city: contact.city,
      source: contact.source,
      custom_fields: json(contact.custom_fields),
      preferences: json(contact.preferences),
      extra: extra('contact', contact),
    };
    let pk: number;
    if (existing) {
      this.s.updateContact.run({ ...row, pk: existing.pk });
      pk = existing.pk;
      this.s.clearTags.run(pk);
      this.s.clearConsents.run(contact.id);
    } else {
      pk = Number(this.s.insertContact.run(row).lastInsertRowid);
    }
    for (const tag of contact.tags) this.s.linkTag.run(this.tagId(tag, contact.updated_at), pk);
    for (const consent of contact.consents) {
      this.s.insertConsent.run(contact.id, consent.purpose, consent.status, consent.at, consent.source, consent.evidence);
    }
    return true;
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
