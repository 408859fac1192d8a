/**
 * The database worker's entry point (bundled to dist/worker.js). It opens the workspace,
 * answers calls one at a time (better-sqlite3 is synchronous, so they are serialised by
 * nature), and forwards change events to the thread that serves the UI.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace } from '../services/workspace.js';
import { createHandlers } from '../api/handlers.js';
import { toErrorBody } from '../api/errors.js';
import { SyncController } from '../sync/controller.js';
import { RetentionSchedule } from '../services/retention.js';
import { WebhookDispatcher } from '../services/webhooks.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { connectorsFor } from '../connectors/service.js';
import { RollupBuilder } from '../analytics/rollups.js';
import { AnalyticsReader, defaultReaderUrl } from '../analytics/reader-client.js';
import { DailyBackups } from '../services/daily-backups.js';

const port = parentPort;
if (!port) throw new Error('core/worker/worker.ts must run in a worker thread');
const init = workerData as WorkerInit;
const IDLE_CHECKPOINT_MS = 1500;
const send = (message: FromWorker) => port.postMessage(message);

try {
  const workspace = openWorkspace({ databasePath: init.databasePath, host: init.host, slowQueryMs: init.slowQueryMs });
  workspace.events.on((event) => send({ kind: 'event', event }));
  // Retention rules run a minute after start (opening stays fast), then daily.
  const retention = new RetentionSchedule(workspace, { onProgress: (done, total) => workspace.events.emit({ type: 'progress', job: 'retention', done, total }) });
  retention.start();
  let firstSyncRunning = false;
  const sync = new SyncController(
    workspace,
    (status) => {
      send({ kind: 'event', event: { type: 'sync.status', status } });
      connectorsFor(workspace).noteSyncStatus(status);
      // A first sync loads in bulk, without retention's checks on pulled data: the rules run soon after it.
      if (status.progress?.fullSync) firstSyncRunning = true;
      else if (firstSyncRunning && status.progress === null) {
        firstSyncRunning = false;
        retention.soon();
      }
    },
    {
      ...(init.demoWorkerUrl ? { demoWorkerUrl: new URL(init.demoWorkerUrl) } : {}),
      ...(init.demoExecArgv ? { demoExecArgv: init.demoExecArgv } : {}),
    },
  );
  // Webhooks are sent in the background, only while the device is online.
  const webhooks = new WebhookDispatcher(workspace, { isOnline: () => sync.scheduler.isOnline() });
  webhooks.start();
  // The analytics rollups are built in slices after a first sync or an upgrade (core/analytics/rollups.ts).
  const rollups = new RollupBuilder(workspace, (p) => workspace.events.emit({ type: 'progress', job: 'analytics', done: p.done, total: p.total }));
  rollups.start();
  workspace.events.on((event) => {
    if (event.type === 'contacts.changed' && event.ids === null) rollups.kick();
  });
  // Figures read directly (a segment, or while the rollups are built) take seconds at a
  // million contacts: a thread with its own read-only connection computes them.
  const readerUrl = defaultReaderUrl();
  const analyticsReader = readerUrl && init.databasePath !== ':memory:' ? new AnalyticsReader(readerUrl, init.databasePath) : null;
  const handlers = createHandlers(workspace, sync, webhooks, analyticsReader);
  // A copy of the workspace a day, rotated (7 daily, 4 weekly): core/db/backups.ts.
  const backups = new DailyBackups(workspace);
  backups.start();
  // Merge search segments and fold the WAL back once calls pause, so no edit pays for it.
  let idleCheckpoint: NodeJS.Timeout | null = null;
  const scheduleCheckpoint = () => {
    if (idleCheckpoint) clearTimeout(idleCheckpoint);
    idleCheckpoint = setTimeout(() => workspace.maintain(), IDLE_CHECKPOINT_MS);
    idleCheckpoint.unref();
  };
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'close') {
      if (idleCheckpoint) clearTimeout(idleCheckpoint);
      retention.stop();
      rollups.stop();
      backups.stop();
      webhooks.stop();
      // A daily copy in progress is stopped (backups.stop) and awaited: the connection must outlive it.
      void Promise.all([sync.close(), webhooks.idle(), analyticsReader?.close(), backups.idle()]).finally(() => {
        workspace.close();
        send({ kind: 'closed' });
        port.close();
      });
      return;
    }
    if (message.kind === 'connector-secrets') {
      connectorsFor(workspace).setSecrets(message.secrets);
      return;
    }
    if (message.kind === 'audit') {
      try {
        workspace.db.transaction(() => workspace.audit.append(workspace.agent, { action: message.action, details: message.details }))();
        send({ kind: 'result', id: message.id, envelope: { ok: true, value: null } });
      } catch (error) {
        send({ kind: 'result', id: message.id, envelope: { ok: false, error: toErrorBody(error) } });
      }
      return;
    }
    if (message.kind === 'resume-sync') {
      void sync.resume(message.token);
      return;
    }
    void answer(message.id, message.method, message.input);
    scheduleCheckpoint();
  });

  // Most handlers are synchronous; sync.* ones wait on the network. Either way the answer
  // goes back as an envelope and a failure never takes the worker down.
  async function answer(id: number, method: string, input: unknown): Promise<void> {
    try {
      const handler = handlers[method as keyof typeof handlers] as (input: unknown) => unknown;
      const value = await handler(input);
      send({ kind: 'result', id, envelope: { ok: true, value } });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error)) console.error(`[worker] ${method} failed`, error);
      send({ kind: 'result', id, envelope: { ok: false, error: toErrorBody(error) } });
    }
  }
  send({ kind: 'ready' });
} catch (error) {
  const code = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  send({ kind: 'fatal', message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) });
}
