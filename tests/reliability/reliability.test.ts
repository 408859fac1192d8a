/**
 * The reliability suite: crashes, faults and concurrent agents against the real reference
 * service. `npm test` runs a fast subset; `npm run test:reliability` runs it in full
 * (RELIABILITY_FULL=1: more trials, bigger workspaces). The counts are printed at the end
 * and written to .reliability/summary.json.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openWorkspace, type Workspace } from '../../core/services/workspace.js';
import { SyncEngine, type SyncReport } from '../../core/sync/engine.js';
import { SyncHttpError } from '../../core/sync/http.js';
import { recomputeChecksums } from '../../core/sync/checksum.js';
import { getContact, updateContact } from '../../core/services/contacts.js';
import { listConflicts } from '../../core/services/conflicts.js';
import { startTestService, TOKEN, TOKEN_B, type TestService } from '../service/helpers.js';
import { tempDir } from '../helpers.js';

const FULL = process.env['RELIABILITY_FULL'] === '1';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PULL_WORKER = pathToFileURL(join(ROOT, 'dist', 'pull-worker.js'));
const CLI = join(ROOT, 'bin', 'nexvio-contacts.mjs');

const summary = {
  mode: FULL ? 'full' : 'fast',
  crash: { trials: 0, killed: 0, edits: 0, converged: false, maxApplications: 0 },
  faults: { cycles: 0, failedCycles: 0, injected: {} as Record<string, number>, converged: false, maxApplications: 0 },
  concurrent: { clients: 3, edits: 0, conflictsRecorded: 0, overwrittenValues: 0, converged: false },
};

// The crash trials run the bundled CLI; make sure it reflects the sources under test.
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--no-renderer'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}, 120_000);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => {
  mkdirSync(join(ROOT, '.reliability'), { recursive: true });
  writeFileSync(join(ROOT, '.reliability', 'summary.json'), JSON.stringify(summary, null, 2));
  console.log(`\nreliability summary (${summary.mode}):\n${JSON.stringify(summary, null, 2)}`);
});

async function service(seed: number, faults?: string): Promise<TestService> {
  const s = await startTestService({ seed, ...(faults ? { faults } : {}) });
  cleanups.push(() => s.cleanup());
  return s;
}

function workspaceAt(path: string): Workspace {
  const ws = openWorkspace({ databasePath: path, host: 'cli', slowQueryMs: 0 });
  cleanups.push(() => {
    try {
      ws.db.close();
    } catch {
      // closed already
    }
  });
  return ws;
}

function newClientPath(): string {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  return join(dir.path, 'client.db');
}

/**
 * Syncs until converged, through faults; returns the converged report (null if none), how
 * many cycles failed, and what the last cycle said (for the message when it never converged).
 */
async function syncUntilConverged(engine: SyncEngine, maxCycles: number): Promise<{ report: SyncReport | null; failed: number; cycles: number; last: string }> {
  let failed = 0;
  let last = '';
  for (let cycle = 1; cycle <= maxCycles; cycle++) {
    try {
      const report = await engine.syncOnce();
      if (report.converged) return { report, failed, cycles: cycle, last: 'converged' };
      last = `not converged: ${JSON.stringify({ divergence: report.divergence, pulled: report.pulled, pushed: report.pushed })}`;
    } catch (error) {
      // Only the service's failures may surface; anything else is a bug in the engine.
      expect(error).toBeInstanceOf(SyncHttpError);
      failed++;
      last = `failed: ${(error as Error).message}`;
      const retryAfter = (error as SyncHttpError).retryAfterMs;
      await new Promise((r) => setTimeout(r, Math.min(retryAfter ?? 20, 1000)));
    }
  }
  return { report: null, failed, cycles: maxCycles, last };
}

async function serverStats(s: TestService): Promise<{ mutations: { max_applications: number }; faults: { injected: Record<string, number> } }> {
  return (await s.admin('GET', '/admin/stats')).body as never;
}

function randomContactIds(ws: Workspace, n: number): string[] {
  return ws.db.prepare('SELECT id FROM contacts WHERE version > 0 ORDER BY random() LIMIT ?').pluck().all(n) as string[];
}

/** Runs `nexvio-contacts sync` in a child process and kills it with SIGKILL after `killAfterMs`. */
function syncChild(dbPath: string, s: TestService, killAfterMs: number): Promise<'killed' | 'exited'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'sync', '--db', dbPath, '--service', s.url, '--token', TOKEN, '--max-seconds', '20', '--json'], {
      stdio: 'ignore',
      cwd: ROOT,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : 'exited');
    });
  });
}

describe('reliability', () => {
  it(
    'survives kill -9 at random points of the first sync and of pushes: converges, applies every mutation once, loses no edit',
    async () => {
      const s = await service(FULL ? 1500 : 300);
      const dbPath = newClientPath();
      const trials = FULL ? 40 : 6;
      const expected = new Map<string, string>();
      // Phase 1 kills the very first sync anywhere in it, phase 2 the syncs that push edits
      // made meanwhile. Each phase's kill window is the time its kind of sync takes here.
      const timeSync = async (path: string) => {
        const started = performance.now();
        await syncChild(path, s, 120_000);
        return performance.now() - started;
      };
      const firstSyncMs = await timeSync(newClientPath());
      const half = Math.ceil(trials / 2);
      for (let trial = 0; trial < half; trial++) {
        if ((await syncChild(dbPath, s, Math.floor(Math.random() * firstSyncMs))) === 'killed') summary.crash.killed++;
        summary.crash.trials++;
      }
      // Let one sync finish, so there are synced contacts to edit, and time a push-sized sync.
      await syncChild(dbPath, s, 120_000);
      const pushSyncMs = await timeSync(dbPath);
      for (let trial = half; trial < trials; trial++) {
        const run = syncChild(dbPath, s, Math.floor(Math.random() * pushSyncMs * 1.2));
        // Edits land while the child syncs (another process on the same file, as the app's window would).
        await new Promise((r) => setTimeout(r, Math.random() * pushSyncMs * 0.5));
        const ws = workspaceAt(dbPath);
        for (const id of randomContactIds(ws, 5)) {
          const city = `Crash-${trial}-${Math.random().toString(36).slice(2, 8)}`;
          updateContact(ws, id, { city });
          expected.set(id, city);
          summary.crash.edits++;
        }
        ws.db.close();
        if ((await run) === 'killed') summary.crash.killed++;
        summary.crash.trials++;
      }
      expect(summary.crash.killed).toBeGreaterThanOrEqual(trials / 4);
      expect(summary.crash.edits).toBeGreaterThan(0);
      const ws = workspaceAt(dbPath);
      const { report } = await syncUntilConverged(new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN }), 10);
      expect(report?.converged).toBe(true);
      expect(recomputeChecksums(ws.db)).toEqual(report?.local);
      summary.crash.converged = true;

      // Every edit reached the service: another agent sees each one.
      const other = workspaceAt(newClientPath());
      expect((await syncUntilConverged(new SyncEngine(other, { serviceUrl: s.url, token: TOKEN_B }), 5)).report?.converged).toBe(true);
      for (const [id, city] of expected) expect(getContact(other, id).city, id).toBe(city);
      const stats = await serverStats(s);
      summary.crash.maxApplications = stats.mutations.max_applications;
      expect(stats.mutations.max_applications).toBeLessThanOrEqual(1);
    },
    FULL ? 600_000 : 120_000,
  );

  it(
    'keeps working through every kind of fault at high rates, never crashes, and converges once they stop',
    async () => {
      const s = await service(FULL ? 1000 : 200, '5xx=0.25,429=0.1,slow=0.03,drop=0.15,truncate=0.1,malformed=0.15');
      const ws = workspaceAt(newClientPath());
      // The first sync pulls through the bundled pull thread, as the app does.
      const engine = new SyncEngine(ws, { serviceUrl: s.url, token: TOKEN, pullLimit: 50, timeoutMs: 5000, pullWorkerUrl: PULL_WORKER });
      const edits = new Map<string, string>();
      const rounds = FULL ? 12 : 4;
      for (let round = 0; round < rounds; round++) {
        const result = await syncUntilConverged(engine, 3);
        summary.faults.cycles += result.cycles;
        summary.faults.failedCycles += result.failed;
        for (const id of randomContactIds(ws, 4)) {
          const city = `Fault-${round}-${Math.random().toString(36).slice(2, 8)}`;
          updateContact(ws, id, { city });
          edits.set(id, city);
        }
      }
      summary.faults.injected = (await serverStats(s)).faults.injected;
      expect(Object.values(summary.faults.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

      await s.admin('POST', '/admin/faults', { spec: '' });
      const { report, last } = await syncUntilConverged(engine, 5);
      expect(report?.converged, `after the faults stopped, the last cycle: ${last}`).toBe(true);
      summary.faults.converged = true;
      for (const [id, city] of edits) expect(getContact(ws, id).city).toBe(city);
      // Transient malformed pages were asked for again, not kept as quarantined.
      expect(ws.db.prepare('SELECT count(*) FROM quarantine').pluck().get()).toBe(0);
      const stats = await serverStats(s);
      summary.faults.maxApplications = stats.mutations.max_applications;
      expect(stats.mutations.max_applications).toBeLessThanOrEqual(1);
    },
    FULL ? 600_000 : 120_000,
  );

  it(
    'three agents editing the same contacts offline while the service changes them too: all converge, every overwritten value is a conflict',
    async () => {
      const s = await service(FULL ? 400 : 80);
      const tokens = [TOKEN, TOKEN_B, TOKEN];
      const clients = tokens.map((token) => {
        const ws = workspaceAt(newClientPath());
        return { ws, engine: new SyncEngine(ws, { serviceUrl: s.url, token }) };
      });
      for (const c of clients) expect((await c.engine.syncOnce()).converged).toBe(true);
      const shared = randomContactIds(clients[0]!.ws, FULL ? 30 : 8);
      const fields = ['city', 'lastName', 'timezone'] as const;
      const columns = { city: 'city', lastName: 'last_name', timezone: 'timezone' } as const;
      const edits: { client: number; id: string; field: (typeof fields)[number]; value: string }[] = [];
      // Offline: each agent edits; the service changes some of the same fields meanwhile.
      clients.forEach((c, index) => {
        for (const id of shared) {
          const field = fields[Math.floor(Math.random() * fields.length)]!;
          const value = `A${index}-${field}-${Math.random().toString(36).slice(2, 7)}`;
          updateContact(c.ws, id, { [field]: value });
          edits.push({ client: index, id, field, value });
        }
      });
      for (const id of shared.slice(0, Math.ceil(shared.length / 2))) {
        await s.admin('POST', '/admin/mutate', { id, fields: { city: `Service-${Math.random().toString(36).slice(2, 7)}` } });
      }
      summary.concurrent.edits = edits.length;
      // Everyone syncs, in turn, twice (the second round brings the others' results).
      for (let round = 0; round < 2; round++) for (const c of clients) await c.engine.syncOnce();

      const reports = await Promise.all(clients.map((c) => c.engine.syncOnce()));
      expect(reports.every((r) => r.converged)).toBe(true);
      summary.concurrent.converged = true;
      const states = clients.map((c) => shared.map((id) => c.ws.db.prepare('SELECT city, last_name, timezone, version FROM contacts WHERE id = ?').get(id)));
      expect(states[1]).toEqual(states[0]);
      expect(states[2]).toEqual(states[0]);

      for (const edit of edits) {
        const final = clients[0]!.ws.db.prepare(`SELECT ${columns[edit.field]} FROM contacts WHERE id = ?`).pluck().get(edit.id);
        if (final === edit.value) continue;
        summary.concurrent.overwrittenValues++;
        // Overwritten without a conflict is only fine when the same agent later wrote another value... which never happens here.
        const conflicts = listConflicts(clients[edit.client]!.ws, true, 1000).filter(
          (c) => c.entityId === edit.id && c.field === columns[edit.field] && c.localValue === edit.value,
        );
        expect(conflicts, `${edit.client} ${edit.id} ${edit.field}`).toHaveLength(1);
      }
      summary.concurrent.conflictsRecorded = clients.reduce((sum, c) => sum + listConflicts(c.ws, true, 10_000).length, 0);
      expect(summary.concurrent.conflictsRecorded).toBeGreaterThan(0);
    },
    FULL ? 300_000 : 60_000,
  );
});
