/**
 * The generated workspace the benchmarks share (bench.ts, bench-export.ts): built once per
 * size and generator version in `dir`, reused with --reuse.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { seedWorkspace } from '../core/services/seed.js';
import { GENERATOR_VERSION } from '../core/generator/index.js';
import { buildRollupsNow, rollupsReady } from '../core/analytics/rollups.js';

export interface SeedRecord {
  contacts: number;
  generatorVersion: number;
  seconds: number;
  rows: Record<string, number>;
}

/** The path of the `contacts`-contact workspace in `dir`, seeding it unless `reuse` finds one built by this generator. */
export function ensureBenchWorkspace(dir: string, contacts: number, reuse: boolean): { dbPath: string; record: SeedRecord } {
  const dbPath = join(dir, `bench-${contacts}.db`);
  const recordPath = `${dbPath}.seed.json`;
  if (reuse && existsSync(recordPath)) {
    const stored = JSON.parse(readFileSync(recordPath, 'utf8')) as SeedRecord;
    if (stored.generatorVersion === GENERATOR_VERSION && stored.contacts === contacts && existsSync(dbPath)) {
      buildAnalyticsRollups(dbPath);
      return { dbPath, record: stored };
    }
  }

  for (const suffix of ['', '-wal', '-shm', '.seed.json']) rmSync(`${dbPath}${suffix}`, { force: true });
  const ws = openWorkspace({ databasePath: dbPath, host: 'cli', slowQueryMs: 0 });
  const started = performance.now();
  seedWithProgress(ws, contacts);
  const seconds = (performance.now() - started) / 1000;
  const rows: Record<string, number> = {};
  for (const table of ['contacts', 'conversations', 'events', 'notes', 'follow_ups', 'contact_tags', 'consents']) {
    rows[table] = ws.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  }
  rows['messages'] = ws.db.prepare('SELECT sum(message_count) FROM conversations').pluck().get() as number;
  ws.close();
  buildAnalyticsRollups(dbPath);
  const record: SeedRecord = { contacts, generatorVersion: GENERATOR_VERSION, seconds, rows };
  writeFileSync(recordPath, JSON.stringify(record, null, 2));
  return { dbPath, record };
}

/** Seeds `contacts` generated contacts (seed 42, the benchmarks' data), reporting progress on stderr. */
export function seedWithProgress(ws: Workspace, contacts: number): void {
  const started = performance.now();
  let lastPrint = 0;
  seedWorkspace(ws, {
    contacts,
    seed: 42,
    batchSize: 5000,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - lastPrint > 5000 || done === total) {
        lastPrint = now;
        const rate = done / ((now - started) / 1000);
        process.stderr.write(`  seeded ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} contacts (${Math.round(rate).toLocaleString('en-US')}/s)\n`);
      }
    },
  });
}

/**
 * Builds the analytics rollups at once when they are not complete (after the seed, or a
 * workspace seeded before schema 17), as the app's worker would in the background: the
 * benchmarks measure the steady state, not calls that wait behind a rebuild's slices
 * (bench-analytics measures the rebuild itself).
 */
export function buildAnalyticsRollups(dbPath: string): void {
  const ws = openWorkspace({ databasePath: dbPath, host: 'cli', slowQueryMs: 0 });
  try {
    if (rollupsReady(ws.db)) return;
    const started = performance.now();
    buildRollupsNow(ws.db, 20_000);
    process.stderr.write(`  analytics rollups built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    ws.close();
  }
}
