/**
 * Fills a workspace with a generated demo (the one-click demo, `--seed N`, benchmarks).
 * Batches commit one at a time so progress shows and memory stays flat.
 */
import { EntityWriter } from '../db/apply.js';
import { beginBulkLoad, finishBulkLoad } from '../db/bulk-load.js';
import { fieldDefinitions, generateWorkspace } from '../generator/index.js';
import { CoreError } from '../api/errors.js';
import type { Workspace } from './workspace.js';

export interface SeedOptions {
  contacts: number;
  seed?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export function seedWorkspace(ws: Workspace, options: SeedOptions): { contacts: number } {
  const existing = ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM contacts').get()?.n ?? 0;
  if (existing > 0) {
    throw new CoreError('conflict', `This workspace already holds ${existing} contacts; demo data only goes into an empty workspace.`);
  }
  const writer = new EntityWriter(ws.db, ws.search);
  writer.bulk = beginBulkLoad(ws.db);
  const total = options.contacts;
  const seed = options.seed ?? 1;
  ws.transaction(() => writer.apply({ fieldDefinitions: fieldDefinitions() }));
  let done = 0;
  for (const batch of generateWorkspace({ seed, contacts: total, batchSize: options.batchSize ?? 2000 })) {
    ws.transaction(() => writer.apply(batch));
    done += batch.contacts.length;
    options.onProgress?.(done, total);
  }
  // Indexes, search rows and counts are built once, sorted, then fresh planner statistics.
  finishBulkLoad(ws.db);
  ws.audit.append(ws.agent, { action: 'workspace.seed_demo', details: { contacts: total, seed } });
  ws.contactsChanged(null);
  ws.events.emit({ type: 'workspace.changed' });
  return { contacts: done };
}
