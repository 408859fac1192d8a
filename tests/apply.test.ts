import { afterEach, describe, expect, it } from 'vitest';
import { EntityWriter } from '../core/db/apply.js';
import { beginBulkLoad, finishBulkLoad, isBulkLoading } from '../core/db/bulk-load.js';
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
    writer.bulk = true;
    const [batch] = [...generateWorkspace({ seed: 3, contacts: 300, batchSize: 300 })];
    ws.transaction(() => writer.apply(batch!));
    const again = ws.transaction(() => writer.apply(batch!));
    expect(again.applied).toBe(0);
    expect(ws.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'contacts_by_name'").pluck().get()).toBe(0);

    finishBulkLoad(ws.db);
    expect(isBulkLoading(ws.db)).toBe(false);
    expect(ws.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'contacts_by_name'").pluck().get()).toBe(1);
    expect(ws.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(300);
    expect(recomputeChecksums(ws.db)).toEqual(checksums.snapshot());
    // Search rows and conversation counts were built in one pass.
    const named = ws.db.prepare('SELECT first_name FROM contacts WHERE first_name IS NOT NULL AND length(first_name) > 3 LIMIT 1').pluck().get() as string;
    expect(listContacts(ws, { sort: { key: 'name', dir: 'asc' }, filter: { search: named }, limit: 5 }).rows.length).toBeGreaterThan(0);
    const counted = ws.db.prepare('SELECT sum(conversation_count) FROM contacts').pluck().get();
    expect(counted).toBe(batch!.conversations.length);
  });

  it('does not start a bulk load over a workspace that has contacts', () => {
    ws = openTestWorkspace();
    const [batch] = [...generateWorkspace({ seed: 4, contacts: 10, batchSize: 10 })];
    const writer = new EntityWriter(ws.db, ws.search);
    ws.transaction(() => writer.apply(batch!));
    expect(beginBulkLoad(ws.db)).toBe(false);
  });
});
