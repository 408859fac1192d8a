/**
 * The analytics rollups through a real first sync (a bulk load: no analytics work per row,
 * the triggers dropped and put back, the figures computed directly and `preparing` until the
 * background rebuild), then incremental pulls of the service's changes: updates, a deletion,
 * an erasure and a merge made on the service.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { SyncEngine } from '../core/sync/engine.js';
import { createSegment } from '../core/services/segments.js';
import { buildRollupSlice, buildRollupsNow, RollupBuilder, rollupsReady } from '../core/analytics/rollups.js';
import { seedWorkspace } from '../core/services/seed.js';
import { beginBulkLoad, finishBulkLoad } from '../core/db/bulk-load.js';
import { EntityWriter } from '../core/db/apply.js';
import { startTestService } from './service/helpers.js';
import { TOKEN } from './service/helpers.js';
import { contact, tempDir } from './helpers.js';
import { CoreWorker } from '../core/worker/client.js';
import { expectAllScopes, expectFigures } from './analytics-reference.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const triggerNames = (ws: { db: Workspace['db'] }) =>
  ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analytics%' ORDER BY name").pluck().all() as string[];

describe('analytics through sync', () => {
  it('a first sync leaves the rollups to the background rebuild, then pulls keep them right', async () => {
    const s = await startTestService({ seed: 300 });
    cleanups.push(() => s.cleanup());
    const dir = tempDir();
    const ws = openWorkspace({ databasePath: join(dir.path, 'client.db'), host: 'cli', slowQueryMs: 0 });
    cleanups.push(() => {
      ws.db.close();
      dir.cleanup();
    });
    const expectedTriggers = triggerNames(ws);
    expect(expectedTriggers.length).toBeGreaterThan(15);
    const engine = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 97 });
    expect((await engine.syncOnce()).converged).toBe(true);
    // The triggers are back after the load, with nothing counted yet.
    expect(triggerNames(ws)).toEqual(expectedTriggers);
    expect(rollupsReady(ws.db)).toBe(false);
    expect(ws.db.prepare('SELECT count(*) FROM analytics_contact_days').pluck().get()).toBe(0);
    const us = createSegment(ws, { name: 'US', kind: 'filter', filter: { countries: ['US'] }, view: {}, contactIds: [] }).id;
    expectFigures(ws, 'after the first sync', { range: null, timeZone: 'UTC' }, 'day', true);
    expectFigures(ws, 'after the first sync, segment', { range: null, timeZone: 'UTC', segment: us }, 'week', true);
    buildRollupsNow(ws.db, 300);
    expect(rollupsReady(ws.db)).toBe(true);
    expectAllScopes(ws, us);

    // Changes made on the service, pulled.
    const ids = ws.db.prepare('SELECT id FROM contacts WHERE conversation_count > 0 ORDER BY pk LIMIT 6').pluck().all() as string[];
    expect((await s.admin('POST', '/admin/mutate', { id: ids[0], fields: { country: 'US', source: 'import', locale: 'fr-FR' } })).status).toBe(200);
    expect((await s.admin('POST', '/admin/mutate', { id: ids[1], fields: { email: null, phone: null, custom_fields: { plan: 'Pro' }, tags: ['from-service'] } })).status).toBe(200);
    expect((await s.admin('POST', '/admin/mutate', { op: 'delete', id: ids[2] })).status).toBe(200);
    expect((await s.admin('POST', '/admin/mutate', { op: 'erase', id: ids[3] })).status).toBe(200);
    expect((await s.admin('POST', '/admin/mutate', { op: 'merge', id: ids[4], merge_from: [ids[5]] })).status).toBe(200);
    expect((await engine.syncOnce()).converged).toBe(true);
    expect(ws.db.prepare('SELECT count(*) FROM contacts WHERE id IN (?, ?, ?)').pluck().get(ids[2], ids[3], ids[5])).toBe(0);
    expectAllScopes(ws, us);
  }, 60_000);

  it('a bulk load that was interrupted and resumed still ends with the triggers in place, and the rollups complete after the rebuild', () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const path = join(dir.path, 'w.db');
    let ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
    const expected = triggerNames(ws);
    const writer = new EntityWriter(ws.db, ws.search);
    writer.bulk = beginBulkLoad(ws.db);
    ws.transaction(() => writer.apply({ contacts: [contact({ id: 'first-page', country: 'US' })] }));
    expect(triggerNames(ws)).toEqual([]);
    // The app stopped mid-load, and the load resumes in an app that brought the triggers
    // (as an upgrade to schema 17 would): they go again for the rest of the load.
    ws.db.close();
    ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
    const stored = JSON.parse(ws.db.prepare("SELECT value FROM sync_state WHERE key = 'bulk_load'").pluck().get() as string) as { name: string; sql: string }[];
    for (const trigger of stored.filter((t) => t.sql.startsWith('CREATE TRIGGER')).slice(0, 3)) ws.db.exec(trigger.sql);
    expect(triggerNames(ws).length).toBe(3);
    const resumed = new EntityWriter(ws.db, ws.search);
    resumed.bulk = beginBulkLoad(ws.db);
    expect(triggerNames(ws)).toEqual([]);
    expect(buildRollupSlice(ws.db, 100).table).toBeNull();
    ws.transaction(() => resumed.apply({ contacts: [contact({ id: 'second-page', country: 'FR' })] }));
    finishBulkLoad(ws.db);
    expect(triggerNames(ws)).toEqual(expected);
    buildRollupsNow(ws.db);
    expect(ws.db.prepare("SELECT value, sum(n) AS n FROM analytics_contact_days WHERE dim = 'country' GROUP BY value ORDER BY value").all()).toEqual([
      { value: 'FR', n: 1 },
      { value: 'US', n: 1 },
    ]);
    ws.db.close();
  });

  it('the background builder works in short slices with the event loop free between them, and reports progress to the end', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const ws = openWorkspace({ databasePath: join(dir.path, 'w.db'), host: 'cli', slowQueryMs: 0 });
    cleanups.push(() => {
      ws.db.close();
    });
    seedWorkspace(ws, { contacts: 3000, seed: 3 });
    const progress: { done: number; total: number }[] = [];
    const builder = new RollupBuilder(ws, (p) => progress.push(p));
    // A timer that should fire every 10 ms: how late it comes is how long the worker was busy.
    let lastTick = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - lastTick);
      lastTick = now;
    }, 10);
    builder.start();
    const started = performance.now();
    while (!rollupsReady(ws.db) && performance.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(ticker);
    builder.stop();
    expect(rollupsReady(ws.db)).toBe(true);
    expect(builder.longestSliceMs).toBeLessThan(150);
    expect(longestGap).toBeLessThan(200);
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1]!;
    expect(last.done).toBe(last.total);
    expectFigures(ws, 'built in the background', { range: null, timeZone: 'Asia/Kolkata' }, 'week', false);
  }, 60_000);

  it('the database worker builds the rollups after opening an upgraded or freshly loaded workspace, with progress events, then answers from them', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.cleanup());
    const path = join(dir.path, 'w.db');
    const ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
    seedWorkspace(ws, { contacts: 800, seed: 5 });
    ws.close();
    const worker = await CoreWorker.start({ databasePath: path, host: 'browser', workerUrl: new URL('./support/ts-worker.mjs', import.meta.url), execArgv: [] });
    cleanups.push(() => worker.close());
    const progress: { done: number; total: number }[] = [];
    worker.onEvent((e) => {
      if (e.type === 'progress' && e.job === 'analytics') progress.push({ done: e.done, total: e.total });
    });
    await expect.poll(() => progress.some((p) => p.done === p.total), { timeout: 20_000 }).toBe(true);
    const overview = await worker.call('analytics.overview', { scope: { range: null, timeZone: 'UTC' } });
    expect(overview).toMatchObject({ ok: true, value: { totalContacts: 800, preparing: null } });
  }, 60_000);
});
