import { describe, expect, it, afterEach } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DatabaseTooNewError, LATEST_SCHEMA_VERSION, migrate, openDatabase, schemaVersion } from '../core/db/database.js';
import { MIGRATIONS } from '../core/db/migrations/index.js';
import { tempDir } from './helpers.js';
import { buildRollupsNow } from '../core/analytics/rollups.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function dbPath(): string {
  const dir = tempDir();
  dirs.push(dir);
  return join(dir.path, 'w.db');
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('001 creates every table of the spec and the app, with WAL and foreign keys on', () => {
    const db = openDatabase(dbPath(), { targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const table of [
      'contacts', 'tags', 'contact_tags', 'consents', 'field_definitions', 'conversations', 'events', 'notes', 'follow_ups',
      'field_changes', 'contacts_fts', 'outbox', 'sync_state', 'conflicts', 'quarantine', 'audit_log', 'saved_views', 'settings',
    ]) {
      expect(tables, table).toContain(table);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Every synced entity keeps what the server sent and the client does not know.
    for (const table of ['contacts', 'field_definitions', 'conversations', 'events', 'notes', 'follow_ups']) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      expect(columns.map((c) => c.name), table).toContain('extra');
    }
    // Email is not unique locally: mid-pull two contacts may briefly share one (spec).
    db.prepare("INSERT INTO contacts (id, email, created_at, updated_at) VALUES ('a', 'x@y.z', 't', 't'), ('b', 'x@y.z', 't', 't')").run();
    db.close();
  });

  it('002 adds the sync bookkeeping to a version-1 database and keeps its data', () => {
    const path = dbPath();
    const v1 = openDatabase(path, { targetVersion: 1 });
    v1.prepare("INSERT INTO contacts (id, version, created_at, updated_at) VALUES ('kept', 3, 't', 't')").run();
    v1.prepare("INSERT INTO quarantine (entity, entity_id, payload, reason, received_at) VALUES ('contact', 'q1', '{}', 'bad', 't')").run();
    v1.close();
    const db = openDatabase(path, { targetVersion: 2 });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT version FROM contacts WHERE id = 'kept'").pluck().get()).toBe(3);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    expect(tables).toEqual(expect.arrayContaining(['sync_pending_deletes', 'sync_resync_seen']));
    const outboxColumns = (db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name);
    expect(outboxColumns).toContain('rejected_reason');
    // A re-sent bad entity replaces its quarantine row instead of piling up.
    expect(() => db.prepare("INSERT INTO quarantine (entity, entity_id, payload, reason, received_at) VALUES ('contact', 'q1', '{}', 'again', 't')").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('003 turns off automatic FTS merges (they run when the worker is idle) and search still works', () => {
    const db = openDatabase(dbPath(), { targetVersion: 3 });
    expect(db.prepare("SELECT v FROM contacts_fts_config WHERE k = 'automerge'").pluck().get()).toBe(0);
    db.prepare("INSERT INTO contacts (id, first_name, created_at, updated_at) VALUES ('m3', 'Mergeless', 't', 't')").run();
    db.prepare("INSERT INTO contacts_fts (rowid, name) SELECT pk, first_name FROM contacts WHERE id = 'm3'").run();
    db.prepare("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('merge', 200)").run();
    expect(db.prepare("SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'merg*'").pluck().get()).toBe(1);
    db.close();
  });

  it('004 moves the child ids into named unique indexes and keeps rows, pks and indexes', () => {
    const path = dbPath();
    const v3 = openDatabase(path, { targetVersion: 3 });
    v3.prepare("INSERT INTO conversations (pk, id, version, contact_id, channel, started_at, status, messages) VALUES (7, 'cv1', 2, 'c1', 'web', 't', 'closed', '[]')").run();
    v3.prepare("INSERT INTO events (id, version, contact_id, type, occurred_at) VALUES ('e1', 1, 'c1', 'page_view', 't')").run();
    v3.prepare("INSERT INTO notes (id, version, contact_id, author_id, author_name, body, created_at, updated_at) VALUES ('n1', 1, 'c1', 'a', 'A', 'kept', 't', 't')").run();
    v3.prepare("INSERT INTO follow_ups (id, version, contact_id, title, due_at, created_at, updated_at) VALUES ('f1', 1, 'c1', 'Call', 't', 't', 't')").run();
    v3.close();
    const db = openDatabase(path, { targetVersion: 4 });
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare("SELECT pk, version FROM conversations WHERE id = 'cv1'").get()).toEqual({ pk: 7, version: 2 });
    expect(db.prepare("SELECT body FROM notes WHERE id = 'n1'").pluck().get()).toBe('kept');
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[];
    for (const name of [
      'conversations_by_id', 'conversations_by_contact', 'events_by_id', 'events_by_contact', 'events_by_time',
      'notes_by_id', 'notes_by_contact', 'follow_ups_by_id', 'follow_ups_by_contact', 'follow_ups_open_by_due',
    ]) {
      expect(indexes, name).toContain(name);
    }
    // Still unique, now through an index a bulk load may drop.
    expect(() => db.prepare("INSERT INTO events (id, version, contact_id, type, occurred_at) VALUES ('e1', 1, 'c1', 'x', 't')").run()).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT count(*) FROM sync_bulk_deferred').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('005 moves the contact ids into a named unique index and keeps rows, pks, tag links, search rows and indexes', () => {
    const path = dbPath();
    const v4 = openDatabase(path, { targetVersion: 4 });
    v4.prepare("INSERT INTO contacts (pk, id, version, first_name, email, created_at, updated_at, conversation_count) VALUES (42, 'c1', 3, 'Ada', 'ada@example.com', 't', 't', 2)").run();
    v4.prepare("INSERT INTO tags (id, name, created_at) VALUES (5, 'vip', 't')").run();
    v4.prepare('INSERT INTO contact_tags (tag_id, contact_pk) VALUES (5, 42)').run();
    v4.prepare("INSERT INTO contacts_fts (rowid, name, email, phone, fields, notes) VALUES (42, 'Ada', 'ada@example.com', '', '', '')").run();
    v4.close();
    const db = openDatabase(path, { targetVersion: 5 });
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare("SELECT pk, version, display_name, sort_email, conversation_count FROM contacts WHERE id = 'c1'").get()).toEqual({
      pk: 42, version: 3, display_name: 'Ada', sort_email: 'ada@example.com', conversation_count: 2,
    });
    // Dropping the old table did not cascade to the tag links.
    expect(db.prepare('SELECT tag_id, contact_pk FROM contact_tags').all()).toEqual([{ tag_id: 5, contact_pk: 42 }]);
    expect(db.prepare("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'ada'").pluck().all()).toEqual([42]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts'").pluck().all() as string[];
    expect(indexes.sort()).toEqual([
      'contacts_by_country', 'contacts_by_created', 'contacts_by_email', 'contacts_by_email_lookup', 'contacts_by_id',
      'contacts_by_last_seen', 'contacts_by_name', 'contacts_by_phone', 'contacts_by_source', 'contacts_by_updated',
    ]);
    expect(() => db.prepare("INSERT INTO contacts (id, created_at, updated_at) VALUES ('c1', 't', 't')").run()).toThrow(/UNIQUE/);
    // The tag links still follow their contact.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare('DELETE FROM contacts WHERE pk = 42').run();
    expect(db.prepare('SELECT count(*) FROM contact_tags').pluck().get()).toBe(0);
    expect(db.prepare("SELECT name FROM pragma_table_info('sync_bulk_deferred')").pluck().all()).toContain('payload');
    db.close();
  });

  it('009 adds segments and list members that go with their contact or segment, keeping contacts', () => {
    const path = dbPath();
    const v7 = openDatabase(path, { targetVersion: 7 });
    v7.prepare("INSERT INTO contacts (pk, id, version, first_name, created_at, updated_at) VALUES (7, 'c7', 1, 'Ada', 't', 't')").run();
    v7.prepare("INSERT INTO contacts (pk, id, version, first_name, created_at, updated_at) VALUES (8, 'c8', 1, 'Bo', 't', 't')").run();
    v7.close();
    const db = openDatabase(path, { targetVersion: 9 });
    expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(2);
    db.prepare("INSERT INTO segments (id, name, kind, created_at, updated_at) VALUES ('s1', 'Call back', 'list', 't', 't')").run();
    expect(() => db.prepare("INSERT INTO segments (id, name, kind, created_at, updated_at) VALUES ('s2', 'call BACK', 'list', 't', 't')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO segments (id, name, kind, created_at, updated_at) VALUES ('s3', 'x', 'smart', 't', 't')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO segment_members (segment_id, contact_pk, added_at) VALUES ('s1', 7, 't'), ('s1', 8, 't')").run();
    db.prepare('DELETE FROM contacts WHERE pk = 7').run();
    expect(db.prepare('SELECT contact_pk FROM segment_members').pluck().all()).toEqual([8]);
    db.prepare("DELETE FROM segments WHERE id = 's1'").run();
    expect(db.prepare('SELECT count(*) FROM segment_members').pluck().get()).toBe(0);
    db.close();
  });

  it('010 adds the duplicate pairs, dismissed pairs and merges to a version-7 database and keeps its data', () => {
    const path = dbPath();
    const v7 = openDatabase(path, { targetVersion: 7 });
    v7.prepare("INSERT INTO contacts (id, version, email, created_at, updated_at) VALUES ('kept', 2, 'kept@example.com', 't', 't')").run();
    v7.close();
    const db = openDatabase(path, { targetVersion: 10 });
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare("SELECT version FROM contacts WHERE id = 'kept'").pluck().get()).toBe(2);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    expect(tables).toEqual(expect.arrayContaining(['duplicate_pairs', 'duplicate_dismissed', 'merges']));
    db.prepare("INSERT INTO duplicate_pairs (a_id, b_id, reason, found_at) VALUES ('a', 'b', 'email', 't')").run();
    expect(() => db.prepare("INSERT INTO duplicate_pairs (a_id, b_id, reason, found_at) VALUES ('a', 'c', 'looks', 't')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO merges (id, primary_id, merged_ids, merged_names, origin, merged_at) VALUES ('m1', 'kept', '[\"x\"]', '[\"X\"]', 'sync', 't')").run();
    expect(db.prepare("SELECT former_emails FROM merges WHERE id = 'm1'").pluck().get()).toBe('[]');
    // The timeline reads a contact's merges through this index.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM merges WHERE primary_id = 'kept' ORDER BY merged_at DESC").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/merges_by_primary/);
    db.close();
  });

  it('013 adds the suppression list and the suppressed records to a version-11 database and keeps its data', () => {
    const path = dbPath();
    const v11 = openDatabase(path, { targetVersion: 11 });
    v11.prepare("INSERT INTO contacts (id, version, email, created_at, updated_at) VALUES ('kept', 4, 'kept@example.com', 't', 't')").run();
    v11.close();
    const db = openDatabase(path, { targetVersion: 13 });
    expect(schemaVersion(db)).toBe(13);
    expect(db.prepare("SELECT version FROM contacts WHERE id = 'kept'").pluck().get()).toBe(4);
    db.prepare("INSERT INTO suppression_list (hash, kind, origin, added_at) VALUES ('h1', 'email', 'local', 't')").run();
    // One entry per hash; only the kinds and origins the app writes.
    expect(() => db.prepare("INSERT INTO suppression_list (hash, kind, origin, added_at) VALUES ('h1', 'phone', 'local', 't')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO suppression_list (hash, kind, origin, added_at) VALUES ('h2', 'name', 'local', 't')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO suppressed_records (kind, id, matched, first_at, last_at) VALUES ('contact', 'c1', 'email', 't', 't')").run();
    expect(() => db.prepare("INSERT INTO suppressed_records (kind, id, matched, first_at, last_at) VALUES ('contact', 'c1', 'phone', 't', 't')").run()).toThrow(/UNIQUE/);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.close();
  });

  it('008 adds the time indexes of the activity feed to a version-7 database and keeps its rows', () => {
    const path = dbPath();
    const v7 = openDatabase(path, { targetVersion: 7 });
    v7.prepare("INSERT INTO notes (id, contact_id, author_id, author_name, body, created_at, updated_at) VALUES ('n8', 'c8', 'a1', 'Ann', 'Hi', '2026-01-01T00:00:00.000Z', 't')").run();
    v7.close();
    const db = openDatabase(path, { targetVersion: 8 });
    expect(schemaVersion(db)).toBe(8);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[];
    expect(indexes).toEqual(
      expect.arrayContaining(['conversations_by_time', 'events_by_time', 'notes_by_time', 'notes_by_author', 'field_changes_by_time', 'field_changes_by_actor', 'follow_ups_by_created', 'follow_ups_by_assignee']),
    );
    expect(db.prepare("SELECT body FROM notes INDEXED BY notes_by_author WHERE author_id = 'a1'").pluck().get()).toBe('Hi');
    db.close();
  });

  it('012 indexes the audit log by actor and by record, and keeps its entries', () => {
    const path = dbPath();
    const v11 = openDatabase(path, { targetVersion: 11 });
    v11.prepare("INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, details, prev_hash, hash) VALUES (1, 't', 'a1', 'Ann', 'contact.update', 'contact', 'c1', '{}', 'p', 'h')").run();
    v11.close();
    const db = openDatabase(path, { targetVersion: 12 });
    expect(schemaVersion(db)).toBe(12);
    expect(db.prepare('SELECT action FROM audit_log WHERE seq = 1').pluck().get()).toBe('contact.update');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan("SELECT * FROM audit_log WHERE actor_id = 'a1' ORDER BY seq DESC LIMIT 10")).toMatch(/audit_by_actor/);
    expect(plan("SELECT * FROM audit_log WHERE entity_id = 'c1' ORDER BY seq DESC LIMIT 10")).toMatch(/audit_by_entity_id/);
    db.close();
  });

  it('014 adds retention rules, the anonymised and transcript-removed marks, and the transcript index, keeping rows', () => {
    const path = dbPath();
    const v11 = openDatabase(path, { targetVersion: 11 });
    v11.prepare("INSERT INTO contacts (id, version, email, created_at, updated_at) VALUES ('kept', 3, 'kept@example.com', 't', 't')").run();
    v11.prepare("INSERT INTO conversations (id, contact_id, channel, started_at, status, messages) VALUES ('v1', 'kept', 'web', '2025-01-01T00:00:00.000Z', 'resolved', '[1]')").run();
    v11.close();
    const db = openDatabase(path, { targetVersion: 14 });
    expect(schemaVersion(db)).toBe(14);
    expect(db.prepare("SELECT version, anonymised_at FROM contacts WHERE id = 'kept'").get()).toEqual({ version: 3, anonymised_at: null });
    expect(db.prepare("SELECT messages, transcript_removed_at FROM conversations WHERE id = 'v1'").get()).toEqual({ messages: '[1]', transcript_removed_at: null });
    const insert = db.prepare('INSERT INTO retention_rules (id, kind, action, days, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('r1', 'contacts_inactive', 'anonymise', 730, 't', 'Ann', 't', 'Ann');
    expect(db.prepare("SELECT enabled, previewed_at, last_run FROM retention_rules WHERE id = 'r1'").get()).toEqual({ enabled: 0, previewed_at: null, last_run: null });
    // A contact rule needs its action; other kinds take none; days stay sane.
    expect(() => insert.run('r2', 'contacts_inactive', null, 30, 't', 'Ann', 't', 'Ann')).toThrow(/CHECK/);
    expect(() => insert.run('r3', 'events', 'erase', 30, 't', 'Ann', 't', 'Ann')).toThrow(/CHECK/);
    expect(() => insert.run('r4', 'events', null, 0, 't', 'Ann', 't', 'Ann')).toThrow(/CHECK/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT pk FROM conversations WHERE transcript_removed_at IS NULL AND started_at < '2026' ORDER BY started_at").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/conversations_transcripts_by_start/);
    db.close();
  });

  it('015 adds webhook endpoints, deliveries and a cursor that starts after the existing audit entries', () => {
    const path = dbPath();
    const v14 = openDatabase(path, { targetVersion: 14 });
    v14.prepare("INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, details, prev_hash, hash) VALUES (7, 't', 'a1', 'Ann', 'contact.create', 'contact', 'c1', '{}', 'p', 'h')").run();
    v14.close();
    const db = openDatabase(path, { targetVersion: 15 });
    expect(schemaVersion(db)).toBe(15);
    // Nothing from before the upgrade is sent.
    expect(db.prepare('SELECT audit_seq FROM webhook_cursor').pluck().get()).toBe(7);
    db.prepare("INSERT INTO webhook_endpoints (id, url, events, created_seq, created_at, updated_at) VALUES ('e1', 'https://x', '[]', 7, 't', 't')").run();
    const insert = db.prepare("INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, state, created_at) VALUES (?, 'e1', 'ping', '{}', ?, 't')");
    insert.run('d1', 'pending');
    expect(() => insert.run('d2', 'sent')).toThrow(/CHECK/);
    expect(() => insert.run('d1', 'failed')).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM webhook_endpoints WHERE id = 'e1'").run();
    expect(db.prepare('SELECT count(*) FROM webhook_deliveries').pluck().get()).toBe(0);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= 5 ORDER BY next_attempt_at").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/webhook_deliveries_due/);
    db.close();
  });

  it('016 adds connectors, their per-contact state, runs and the error log, keeping rows', () => {
    const path = dbPath();
    const v14 = openDatabase(path, { targetVersion: 14 });
    v14.prepare("INSERT INTO contacts (id, version, email, created_at, updated_at) VALUES ('kept', 3, 'kept@example.com', 't', 't')").run();
    v14.close();
    const db = openDatabase(path, { targetVersion: 16 });
    expect(schemaVersion(db)).toBe(16);
    expect(db.prepare("SELECT version FROM contacts WHERE id = 'kept'").pluck().get()).toBe(3);
    db.prepare("INSERT INTO connectors (id, settings, created_at, updated_at, updated_by) VALUES ('hubspot', '{}', 't', 't', 'a')").run();
    expect(db.prepare("SELECT enabled FROM connectors WHERE id = 'hubspot'").pluck().get()).toBe(0);
    // Only the three vendors; runs only in their states.
    expect(() => db.prepare("INSERT INTO connectors (id, created_at, updated_at, updated_by) VALUES ('zapier', 't', 't', 'a')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO connector_runs (connector_id, trigger, state, started_at) VALUES ('hubspot', 'manual', 'odd', 't')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO connector_contacts (connector_id, contact_id, contact_version, contact_updated_at, digest) VALUES ('hubspot', 'kept', 3, 't', 'd')").run();
    expect(() => db.prepare("INSERT INTO connector_contacts (connector_id, contact_id, contact_version, contact_updated_at, digest) VALUES ('hubspot', 'kept', 4, 't', 'e')").run()).toThrow(/UNIQUE|PRIMARY/);
    db.prepare("INSERT INTO integration_logs (connector_id, at, contact_id, status, code, message) VALUES ('hubspot', 't', 'kept', 400, 'VALIDATION_ERROR', 'bad')").run();
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM integration_logs WHERE contact_id = 'kept'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/integration_logs_by_contact/);
    db.close();
  });

  it('017 adds the analytics rollups: empty and waiting to be built on an existing workspace, complete at once on a new one', () => {
    const path = dbPath();
    const v16 = openDatabase(path, { targetVersion: 16 });
    v16.exec(`INSERT INTO contacts (id, version, email, country, created_at, updated_at) VALUES
        ('kept', 3, 'kept@example.com', 'DE', '2026-03-08T06:59:00.000Z', 't'), ('other', 1, NULL, 'FR', '2026-03-08T07:14:59.999Z', 't');
      INSERT INTO tags (name, created_at) VALUES ('vip', 't');
      INSERT INTO contact_tags (tag_id, contact_pk) VALUES (1, 1);
      INSERT INTO conversations (id, contact_id, channel, started_at, status, rating) VALUES ('v1', 'kept', 'web', '2026-03-08T07:00:00.000Z', 'resolved', 4);
      INSERT INTO events (id, contact_id, type, occurred_at, properties) VALUES ('e1', 'kept', 'handoff_requested', 't', '{"conversation_id":"v1"}');`);
    v16.close();
    const db = openDatabase(path, { targetVersion: 17 });
    expect(schemaVersion(db)).toBe(17);
    // The rows already there are counted by the background rebuild, not by the migration.
    expect(db.prepare('SELECT watermark FROM analytics_state ORDER BY tbl').pluck().all()).toEqual([0, 0, 0]);
    expect(db.prepare('SELECT count(*) FROM analytics_contact_days').pluck().get()).toBe(0);
    // Not counted yet: a trigger leaves a row above the watermark alone.
    db.prepare("UPDATE contacts SET country = 'US' WHERE id = 'kept'").run();
    expect(db.prepare('SELECT count(*) FROM analytics_contact_days').pluck().get()).toBe(0);
    buildRollupsNow(db);
    expect(db.prepare("SELECT value, n FROM analytics_contact_days WHERE dim IN ('country', 'tag') ORDER BY dim, value").all()).toEqual([
      { value: 'FR', n: 1 },
      { value: 'US', n: 1 },
      { value: '1', n: 1 },
    ]);
    expect(db.prepare("SELECT q, wq, created, conversations, rated, rating_sum, handoffs FROM analytics_quarters ORDER BY q").all()).toEqual([
      // 8 March 2026 is a Sunday: the week's last day, 06:45 and 07:00 UTC.
      { q: '2026-03-08T06:45', wq: 6 * 96 + 6 * 4 + 3, created: 1, conversations: 0, rated: 0, rating_sum: 0, handoffs: 0 },
      { q: '2026-03-08T07:00', wq: 6 * 96 + 7 * 4, created: 1, conversations: 1, rated: 1, rating_sum: 4, handoffs: 1 },
    ]);
    expect(db.prepare('SELECT day, created, conversations, handoffs FROM analytics_days').all()).toEqual([{ day: '2026-03-08', created: 2, conversations: 1, handoffs: 1 }]);
    // Once built, the triggers keep every change.
    db.prepare("DELETE FROM events WHERE id = 'e1'").run();
    db.prepare("DELETE FROM contacts WHERE id = 'other'").run();
    expect(db.prepare("SELECT sum(handoffs) FROM analytics_quarters").pluck().get()).toBe(0);
    expect(db.prepare("SELECT created, handoffs FROM analytics_days").get()).toEqual({ created: 1, handoffs: 0 });
    expect(db.prepare("SELECT sum(n) FROM analytics_contact_days WHERE dim = 'country'").pluck().get()).toBe(1);
    db.close();
    const fresh = openDatabase(dbPath());
    expect(fresh.prepare('SELECT watermark FROM analytics_state').safeIntegers(true).pluck().all()).toEqual([9223372036854775807n, 9223372036854775807n, 9223372036854775807n]);
    fresh.close();
  });

  it('applies all pending migrations in one transaction: a failing one leaves the file as it was', () => {
    const path = dbPath();
    const broken = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: 'CREATE TABLE ok_table (a); THIS IS NOT SQL;' }];
    expect(() => openDatabase(path, { migrations: broken })).toThrow();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('contacts', 'ok_table')").pluck().get()).toBe(0);
    raw.close();
  });

  it('is idempotent: opening an up-to-date database changes nothing', () => {
    const path = dbPath();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    migrate(db);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer app, with a clear message, and leaves it untouched', () => {
    const path = dbPath();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.exec('CREATE TABLE future_table (x)');
    raw.close();
    const before = readFileSync(path);
    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect((error as Error).message).toMatch(/newer version of Nexvio Contacts/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5);
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'contacts'").pluck().get()).toBe(0);
    after.close();
  });
});
