/**
 * `npm run bench:sync`: the first sync of a generated workspace (1,000,000 contacts by
 * default, with their conversations, messages and events) from the reference service over
 * loopback, against the bare load of the same rows into the same schema in the same run;
 * then 1,000 incremental changes. The sync runs in the real database worker, driven from
 * this thread as the app's UI thread would, whose event-loop delay is measured throughout.
 *
 *   node dist/bench-sync.js [--contacts N] [--dir DIR]
 *
 * The service's seeded data folder is kept in DIR and reused by later runs of the same size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { openWorkspace } from '../core/services/workspace.js';
import { EntityWriter } from '../core/db/apply.js';
import { beginBulkLoad, finishBulkLoad } from '../core/db/bulk-load.js';
import { fieldDefinitions, generateWorkspace } from '../core/generator/index.js';
import { CoreWorker } from '../core/worker/client.js';
import type { Envelope, MethodOutput, SyncStatus } from '../preload/contract.js';

const TARGET_RATIO = 2.5;
const TARGET_TOTAL_S = 180;
const TARGET_INCREMENTAL_MS = 1000;
const TARGET_WORKER_MB = 500;
const TARGET_LOOP_MS = 50;
const TOKEN = 'bench-token';
const ADMIN = 'bench-admin';

interface Args {
  contacts: number;
  dir: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { contacts: 1_000_000, dir: resolve('.bench') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--contacts') args.contacts = Number(argv[++i]);
    else if (argv[i] === '--dir') args.dir = resolve(argv[++i] ?? '.bench');
    else throw new Error(`Unknown option ${argv[i]}. Usage: node dist/bench-sync.js [--contacts N] [--dir DIR]`);
  }
  if (!Number.isInteger(args.contacts) || args.contacts < 1000) throw new Error('--contacts must be at least 1000');
  return args;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The reference service in a process of its own, as a real server would be. */
async function startServiceProcess(dataDir: string, seed: number): Promise<{ url: string; child: ChildProcess }> {
  const cli = fileURLToPath(new URL('../bin/nexvio-contacts.mjs', import.meta.url));
  const seeded = existsSync(join(dataDir, '.seeded'));
  if (!seeded) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [cli, 'service', '--port', '0', '--data-dir', dataDir, '--token', TOKEN, '--admin-token', ADMIN, ...(seeded ? [] : ['--seed', String(seed)])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const started = performance.now();
  const url = await new Promise<string>((resolveUrl, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening at (http:\/\/\S+)/.exec(buffer);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening`)));
  });
  // Seeding runs after the server listens (it answers 503 meanwhile): wait until it serves.
  for (;;) {
    const response = await fetch(`${url}/v1/workspace`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => null);
    if (response?.ok) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (!seeded) {
    writeFileSync(join(dataDir, '.seeded'), new Date().toISOString());
    log(`service seeded ${seed.toLocaleString('en-US')} contacts in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return { url, child };
}

/** The baseline: the same generator rows written into the same schema, same writer, no network. */
function bareLoad(path: string, contacts: number): { seconds: number; entities: number } {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
  const started = performance.now();
  const writer = new EntityWriter(ws.db, ws.search);
  writer.bulk = beginBulkLoad(ws.db);
  let entities = 0;
  ws.transaction(() => writer.apply({ fieldDefinitions: fieldDefinitions() }));
  for (const batch of generateWorkspace({ seed: 1, contacts, batchSize: 1000 })) {
    ws.transaction(() => writer.apply(batch));
    entities += batch.contacts.length + batch.conversations.length + batch.events.length + batch.notes.length + batch.followUps.length;
  }
  finishBulkLoad(ws.db);
  const seconds = (performance.now() - started) / 1000;
  ws.close();
  return { seconds, entities };
}

/** In a thread of its own, so this thread (the "UI thread") keeps a small, quiet heap. */
function bareLoadInWorker(path: string, contacts: number): Promise<{ seconds: number; entities: number }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { bareLoad: { path, contacts } } });
  return new Promise((resolveLoad, reject) => {
    worker.once('message', resolveLoad);
    worker.once('error', reject);
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.dir, { recursive: true });
  const service = await startServiceProcess(join(args.dir, `service-${args.contacts}`), args.contacts);
  try {
    log('bare load of the same rows…');
    const bare = await bareLoadInWorker(join(args.dir, 'bare.db'), args.contacts);
    log(`bare load: ${bare.seconds.toFixed(1)} s for ${bare.entities.toLocaleString('en-US')} entities`);
    // Its 5 GB would otherwise compete with the service's and the client's files for the page cache.
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(join(args.dir, `bare.db${suffix}`), { force: true });

    const clientPath = join(args.dir, 'sync-client.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${clientPath}${suffix}`, { force: true });
    const worker = await CoreWorker.start({ databasePath: clientPath, host: 'browser', slowQueryMs: 0 });
    const loop = monitorEventLoopDelay({ resolution: 5 });
    let maxHeap = 0;
    let maxPullThread = 0;
    let maxRss = 0;
    let last: SyncStatus | null = null;
    // Resolved by the first converged, idle status of a sync that finished after `since`.
    let waiting: { since: string; done: () => void } | null = null;
    const convergedAfter = (since: string) => new Promise<void>((r) => (waiting = { since, done: r }));
    worker.onEvent((event) => {
      if (event.type !== 'sync.status') return;
      last = event.status;
      const w = waiting as { since: string; done: () => void } | null;
      if (w && event.status.phase === 'idle' && event.status.converged && (event.status.lastSyncAt ?? '') > w.since) {
        waiting = null;
        w.done();
      }
    });
    const memoryTimer = setInterval(() => {
      void worker.call('workspace.diagnostics', {}).then((d) => {
        if (!d.ok) return;
        // The database worker and the first sync's pull thread: the sync's JavaScript memory.
        maxHeap = Math.max(maxHeap, d.value.workerHeapUsedBytes + d.value.pullThreadHeapUsedBytes);
        maxPullThread = Math.max(maxPullThread, d.value.pullThreadHeapUsedBytes);
        maxRss = Math.max(maxRss, d.value.processRssBytes);
      });
    }, 500);
    const progressTimer = setInterval(() => {
      const p = (last as SyncStatus | null)?.progress;
      if (p) log(`  ${p.phase} ${p.pulled.toLocaleString('en-US')}${p.expected ? ` / ${p.expected.toLocaleString('en-US')}` : ''}`);
    }, 10_000);

    log('first sync…');
    loop.enable();
    const started = performance.now();
    const converged = convergedAfter(new Date().toISOString());
    const connect = await worker.call('sync.connect', { serviceUrl: service.url, token: TOKEN });
    if (!connect.ok) throw new Error(`connect failed: ${connect.error.message}`);
    await converged;
    const syncSeconds = (performance.now() - started) / 1000;
    const firstLoop = { max: loop.max / 1e6, p99: loop.percentile(99) / 1e6 };
    clearInterval(progressTimer);

    // 1,000 changes on the service, then one sync that brings them. No periodic sync may
    // run meanwhile and bring some of them early: the interval goes to a day first.
    await worker.call('sync.setInterval', { seconds: 86_400 });
    log('1,000 incremental changes…');
    // A word no earlier run left in the service's (reused) data, to count exactly these.
    const marker = `Incr${Date.now().toString(36)}`;
    const sample = await sampleContactIds(worker, 1000);
    for (let i = 0; i < sample.length; i += 50) {
      await Promise.all(
        sample.slice(i, i + 50).map((id, j) =>
          fetch(`${service.url}/admin/mutate`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ id, fields: { city: `${marker} ${i + j}` } }),
          }),
        ),
      );
    }
    const before = await worker.call('contacts.count', { filter: { search: marker } });
    if (!before.ok || before.value.count !== 0) throw new Error(`changes arrived before the measured sync: ${JSON.stringify(before)}`);
    const incremental = convergedAfter(new Date().toISOString());
    const incStarted = performance.now();
    await worker.call('sync.now', {});
    await incremental;
    const incrementalMs = performance.now() - incStarted;
    loop.disable();
    clearInterval(memoryTimer);
    const check = await worker.call('contacts.list', { sort: { key: 'name', dir: 'asc' }, filter: { search: marker }, limit: 1 });
    const count = await worker.call('contacts.count', { filter: { search: marker } });
    await worker.call('sync.disconnect', { forgetToken: true });
    await worker.close();

    const ratio = syncSeconds / bare.seconds;
    const report = {
      contacts: args.contacts,
      entities: bare.entities,
      bareLoadSeconds: round(bare.seconds),
      firstSyncSeconds: round(syncSeconds),
      ratio: round(ratio),
      incremental: { changes: sample.length, milliseconds: Math.round(incrementalMs), arrived: count.ok ? count.value.count : null, listed: check.ok ? check.value.rows.length : null },
      workerHeapMaxMB: Math.round(maxHeap / 2 ** 20),
      pullThreadHeapMaxMB: Math.round(maxPullThread / 2 ** 20),
      processRssMaxMB: Math.round(maxRss / 2 ** 20),
      uiEventLoop: { firstSyncMaxMs: round(firstLoop.max), firstSyncP99Ms: round(firstLoop.p99), overallMaxMs: round(loop.max / 1e6) },
      targets: {
        ratio: ratio <= TARGET_RATIO,
        total: syncSeconds < TARGET_TOTAL_S,
        incremental: incrementalMs <= TARGET_INCREMENTAL_MS,
        workerMemory: maxHeap / 2 ** 20 < TARGET_WORKER_MB,
        eventLoop: loop.max / 1e6 < TARGET_LOOP_MS,
      },
    };
    const pad = (s: string) => s.padEnd(46);
    console.log(`\nNexvio Contacts sync benchmark: ${args.contacts.toLocaleString('en-US')} contacts, ${bare.entities.toLocaleString('en-US')} entities`);
    console.log(`${pad('bare load (same rows, same schema)')} ${report.bareLoadSeconds} s`);
    console.log(`${pad('first sync over loopback')} ${report.firstSyncSeconds} s   ratio ${report.ratio} (≤ ${TARGET_RATIO}) ${report.targets.ratio ? 'ok' : 'MISSED'}; total < ${TARGET_TOTAL_S} s ${report.targets.total ? 'ok' : 'MISSED'}`);
    console.log(`${pad('1,000 incremental changes, end to end')} ${report.incremental.milliseconds} ms (≤ ${TARGET_INCREMENTAL_MS}) ${report.targets.incremental ? 'ok' : 'MISSED'}; ${report.incremental.arrived} arrived`);
    console.log(
      `${pad('worker + pull thread heap, max')} ${report.workerHeapMaxMB} MB (< ${TARGET_WORKER_MB}) ${report.targets.workerMemory ? 'ok' : 'MISSED'}; pull thread alone ${report.pullThreadHeapMaxMB} MB; process RSS max ${report.processRssMaxMB} MB`,
    );
    console.log(`${pad('UI thread event loop delay, max')} ${report.uiEventLoop.overallMaxMs} ms (< ${TARGET_LOOP_MS}) ${report.targets.eventLoop ? 'ok' : 'MISSED'}`);
    console.log('\nJSON:');
    console.log(JSON.stringify(report));
    writeFileSync(join(args.dir, 'sync-results.json'), JSON.stringify(report, null, 2));
    process.exitCode = Object.values(report.targets).every(Boolean) ? 0 : 1;
  } finally {
    service.child.kill('SIGTERM');
  }
}

async function sampleContactIds(worker: CoreWorker, n: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  while (ids.length < n) {
    const page: Envelope<MethodOutput<'contacts.list'>> = await worker.call('contacts.list', { sort: { key: 'created_at', dir: 'desc' }, filter: {}, limit: 500, cursor });
    if (!page.ok || page.value.rows.length === 0) break;
    ids.push(...page.value.rows.map((r) => r.id));
    cursor = page.value.nextCursor;
    if (!cursor) break;
  }
  return ids.slice(0, n);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const bareLoadTask = (workerData as { bareLoad?: { path: string; contacts: number } } | null)?.bareLoad;
if (!isMainThread && bareLoadTask) {
  parentPort?.postMessage(bareLoad(bareLoadTask.path, bareLoadTask.contacts));
} else {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
