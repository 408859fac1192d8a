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
    // Contacts keep their unique index and are skipped; children are stored twice until the end.
    const children = batch!.conversations.length + batch!.events.length + batch!.notes.length + batch!.followUps.length;
    expect(again.skipped).toBe(batch!.contacts.length);
    expect(again.applied).toBe(children);
    expect(ws.db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('contacts_by_name', 'events_by_id')").pluck().get()).toBe(0);

    let removed = 0;
    finishBulkLoad(ws.db, {
      onDuplicateRemoved: (kind, id, version) => {
        checksums.remove(kind, id, version);
        removed++;
      },
    });
    checksums.save();
    expect(removed).toBe(children);
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

  it('does not start a bulk load over a workspace that has contacts', () => {
    ws = openTestWorkspace();
    const [batch] = [...generateWorkspace({ seed: 4, contacts: 10, batchSize: 10 })];
    const writer = new EntityWriter(ws.db, ws.search);
    ws.transaction(() => writer.apply(batch!));
    expect(beginBulkLoad(ws.db)).toBe(false);
  });
});
