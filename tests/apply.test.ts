import { afterEach, describe, expect, it } from 'vitest';
import { EntityWriter } from '../core/db/apply.js';
import { beginBulkLoad, deferDeletion, finishBulkLoad, isBulkLoading } from '../core/db/bulk-load.js';
import { ChecksumAccumulator, recomputeChecksums } from '../core/sync/checksum.js';
import { generateWorkspace } from '../core/generator/index.js';
import { listContacts } from '../core/services/contacts.js';
import { openTestWorkspace } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
afterEach(() => ws.cleanup());

describe('loading a whole workspace', () => {
  it('applies a batch twice in bulk mode (a page pulled again after a crash) without duplicates, and builds indexes and search at the end', () => {
    ws = openTestWorkspace();
    const checksums = new ChecksumAccumulator(ws.db);
    const writer = new EntityWriter(ws.db, ws.search, checksums);
    expect(beginBulkLoad(ws.db)).toBe(true);
    // New pages are written once: a rollback journal while loading, WAL again after.
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('truncate');
    writer.bulk = true;
    const [batch] = [...generateWorkspace({ seed: 3, contacts: 300, batchSize: 300 })];
    ws.transaction(() => writer.apply(batch!));
    const again = ws.transaction(() => writer.apply(batch!));
    // Children are stored twice until the end; contacts that came again wait in the queue.
    const children = batch!.conversations.length + batch!.events.length + batch!.notes.length + batch!.followUps.length;
    expect(again.applied).toBe(children + batch!.contacts.length);
    expect(ws.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(300);
    expect(ws.db.prepare("SELECT count(*) FROM sync_bulk_deferred WHERE kind = 'contact' AND payload IS NOT NULL").pluck().get()).toBe(300);
    expect(ws.db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('contacts_by_name', 'contacts_by_id', 'events_by_id')").pluck().get()).toBe(0);

    let removed = 0;
    let deferredSkipped = 0;
    writer.bulk = false;
    finishBulkLoad(ws.db, {
      onDuplicateRemoved: (kind, id, version) => {
        checksums.remove(kind, id, version);
        removed++;
      },
      applyUpsert: (entity) => {
        if (!writer.upsertPrepared(entity)) deferredSkipped++;
      },
    });
    checksums.save();
    expect(removed).toBe(children);
    // The same versions again: nothing to write.
    expect(deferredSkipped).toBe(300);
    expect(isBulkLoading(ws.db)).toBe(false);
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('contacts_by_name', 'events_by_id')").pluck().get()).toBe(2);
    expect(ws.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(300);
    expect(ws.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(batch!.events.length);
    expect(() => ws.db.prepare("INSERT INTO events (id, contact_id, type, occurred_at) SELECT id, contact_id, type, occurred_at FROM events LIMIT 1").run()).toThrow(/UNIQUE/);
    expect(recomputeChecksums(ws.db)).toEqual(checksums.snapshot());
    // Search rows and conversation counts were built in one pass.
    const named = ws.db.prepare('SELECT first_name FROM contacts WHERE first_name IS NOT NULL AND length(first_name) > 3 LIMIT 1').pluck().get() as string;
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: named }, limit: 5 }).rows.length).toBeGreaterThan(0);
    const counted = ws.db.prepare('SELECT sum(conversation_count) FROM contacts').pluck().get();
    expect(counted).toBe(batch!.conversations.length);
  });

  it('keeps the newest copy of a child that came twice, whichever came first', () => {
    ws = openTestWorkspace();
    const checksums = new ChecksumAccumulator(ws.db);
    const writer = new EntityWriter(ws.db, ws.search, checksums);
    expect(beginBulkLoad(ws.db)).toBe(true);
    writer.bulk = true;
    const [batch] = [...generateWorkspace({ seed: 5, contacts: 20, batchSize: 20 })];
    const note = batch!.notes[0]!;
    ws.transaction(() => writer.apply(batch!));
    // A newer version, then the older one again (a page pulled again after a full resync began).
    ws.transaction(() => writer.apply({ notes: [{ ...note, version: note.version + 1, body: 'Newer body' }] }));
    ws.transaction(() => writer.apply({ notes: [note] }));
    expect(ws.db.prepare('SELECT count(*) FROM notes WHERE id = ?').pluck().get(note.id)).toBe(3);
    finishBulkLoad(ws.db, { onDuplicateRemoved: (kind, id, version) => checksums.remove(kind, id, version) });
    checksums.save();
    expect(ws.db.prepare('SELECT body, version FROM notes WHERE id = ?').all(note.id)).toEqual([{ body: 'Newer body', version: note.version + 1 }]);
    expect(recomputeChecksums(ws.db)).toEqual(checksums.snapshot());
  });

  it('carries out deletions received during the load once the indexes are back, in order', () => {
    ws = openTestWorkspace();
    const writer = new EntityWriter(ws.db, ws.search);
    expect(beginBulkLoad(ws.db)).toBe(true);
    writer.bulk = true;
    const [batch] = [...generateWorkspace({ seed: 6, contacts: 20, batchSize: 20 })];
    ws.transaction(() => writer.apply(batch!));
    const event = batch!.events[0]!;
    ws.transaction(() => deferDeletion(ws.db, 'event', event.id, false));
    const seen: string[] = [];
    finishBulkLoad(ws.db, {
      applyDeletion: (d) => {
        // The id index is there when deletions run: this lookup must not scan.
        const plan = ws.db.prepare('EXPLAIN QUERY PLAN SELECT pk FROM events WHERE id = ?').all(d.id) as { detail: string }[];
        expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX events_by_id/);
        seen.push(`${d.kind}:${d.id}:${d.erased}`);
        writer.delete(d.kind, d.id);
      },
    });
    expect(seen).toEqual([`event:${event.id}:false`]);
    expect(ws.db.prepare('SELECT count(*) FROM events WHERE id = ?').pluck().get(event.id)).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM sync_bulk_deferred').pluck().get()).toBe(0);
  });

  it('writes a contact that came again during the load once, at the end: its newest tags and consents only', () => {
    ws = openTestWorkspace();
    const checksums = new ChecksumAccumulator(ws.db);
    const writer = new EntityWriter(ws.db, ws.search, checksums);
    expect(beginBulkLoad(ws.db)).toBe(true);
    writer.bulk = true;
    const [batch] = [...generateWorkspace({ seed: 8, contacts: 30, batchSize: 30 })];
    const contact = batch!.contacts[0]!;
    const deletedLater = batch!.contacts[1]!;
    ws.transaction(() => writer.apply(batch!));
    const newer = {
      ...contact,
      version: contact.version + 1,
      city: 'Newer city',
      tags: ['only-this-tag'],
      consents: [{ purpose: 'marketing_email', status: 'withdrawn' as const, at: '2026-01-02T03:04:05.000Z', source: 'chat', evidence: null }],
    };
    ws.transaction(() => writer.apply({ contacts: [newer, { ...deletedLater, version: deletedLater.version + 1 }] }));
    ws.transaction(() => deferDeletion(ws.db, 'contact', deletedLater.id, false));
    // An older copy after the newer one (a page read again): skipped at the end by its version.
    ws.transaction(() => writer.apply({ contacts: [contact] }));
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(contact.id)).toBe(1);

    writer.bulk = false;
    const order: string[] = [];
    finishBulkLoad(ws.db, {
      applyUpsert: (entity) => {
        order.push(`upsert:${entity.id}:${entity.version}`);
        writer.begin();
        writer.upsertPrepared(entity);
        writer.finish();
      },
      applyDeletion: (d) => {
        order.push(`delete:${d.id}`);
        writer.delete(d.kind, d.id);
      },
    });
    checksums.save();
    expect(order).toEqual([
      `upsert:${contact.id}:${contact.version + 1}`,
      `upsert:${deletedLater.id}:${deletedLater.version + 1}`,
      `delete:${deletedLater.id}`,
      `upsert:${contact.id}:${contact.version}`,
    ]);
    const pk = ws.db.prepare('SELECT pk FROM contacts WHERE id = ?').pluck().get(contact.id) as number;
    expect(ws.db.prepare('SELECT city, version FROM contacts WHERE pk = ?').get(pk)).toEqual({ city: 'Newer city', version: contact.version + 1 });
    expect(ws.db.prepare('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ?').pluck().all(pk)).toEqual(['only-this-tag']);
    expect(ws.db.prepare('SELECT purpose, status FROM consents WHERE contact_id = ?').all(contact.id)).toEqual([{ purpose: 'marketing_email', status: 'withdrawn' }]);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(deletedLater.id)).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(29);
    expect(recomputeChecksums(ws.db)).toEqual(checksums.snapshot());
    expect(() => ws.db.prepare("INSERT INTO contacts (id, created_at, updated_at) VALUES (?, 't', 't')").run(contact.id)).toThrow(/UNIQUE/);
  });

  it('remembers the contacts of earlier pages when a load resumes in a new writer', () => {
    ws = openTestWorkspace();
    expect(beginBulkLoad(ws.db)).toBe(true);
    const first = new EntityWriter(ws.db, ws.search);
    first.bulk = true;
    const [batch] = [...generateWorkspace({ seed: 9, contacts: 10, batchSize: 10 })];
    ws.transaction(() => first.apply(batch!));
    // The app restarted mid-load: a new writer, the same page again.
    expect(beginBulkLoad(ws.db)).toBe(true);
    const resumed = new EntityWriter(ws.db, ws.search);
    resumed.bulk = true;
    ws.transaction(() => resumed.apply({ contacts: batch!.contacts }));
    expect(ws.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(10);
    expect(ws.db.prepare('SELECT count(*) FROM sync_bulk_deferred WHERE payload IS NOT NULL').pluck().get()).toBe(10);
  });

  it('builds the contacts id index even over a contact stored twice: the newest copy stays, to be read again whole', () => {
    ws = openTestWorkspace();
    const checksums = new ChecksumAccumulator(ws.db);
    const writer = new EntityWriter(ws.db, ws.search, checksums);
    expect(beginBulkLoad(ws.db)).toBe(true);
    writer.bulk = true;
    const [batch] = [...generateWorkspace({ seed: 10, contacts: 5, batchSize: 5 })];
    ws.transaction(() => writer.apply(batch!));
    const contact = batch!.contacts[0]!;
    // Bookkeeping that failed: a second copy written past the writer.
    ws.db.prepare("INSERT INTO contacts (id, version, created_at, updated_at) VALUES (?, ?, 't', 't')").run(contact.id, contact.version + 1);
    checksums.add('contact', contact.id, contact.version + 1);
    let reset: string[] = [];
    writer.bulk = false;
    finishBulkLoad(ws.db, {
      onDuplicateRemoved: (kind, id, version) => checksums.remove(kind, id, version),
      onContactsReset: (ids) => {
        reset = ids;
      },
    });
    checksums.save();
    expect(reset).toEqual([contact.id]);
    expect(ws.db.prepare('SELECT version FROM contacts WHERE id = ?').pluck().all(contact.id)).toEqual([0]);
    expect(ws.db.prepare('SELECT count(*) FROM consents WHERE contact_id = ?').pluck().get(contact.id)).toBe(0);
    expect(recomputeChecksums(ws.db)).toEqual(checksums.snapshot());
    // Read again, the contact comes back whole.
    ws.transaction(() => writer.apply({ contacts: [contact] }));
    expect(ws.db.prepare('SELECT version FROM contacts WHERE id = ?').pluck().get(contact.id)).toBe(contact.version);
    expect(ws.db.prepare('SELECT count(*) FROM consents WHERE contact_id = ?').pluck().get(contact.id)).toBe(contact.consents?.length ?? 0);
  });

  it('does not start a bulk load over a workspace that has contacts', () => {
    ws = openTestWorkspace();
    const [batch] = [...generateWorkspace({ seed: 4, contacts: 10, batchSize: 10 })];
    const writer = new EntityWriter(ws.db, ws.search);
    ws.transaction(() => writer.apply(batch!));
    expect(beginBulkLoad(ws.db)).toBe(false);
  });
});
