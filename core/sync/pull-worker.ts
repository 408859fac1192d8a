/**
 * The pull thread of a first sync (core/sync/page-source.ts): fetches pages, parses and
 * checks them and prepares their rows while the database thread writes earlier ones, at
 * most PAGES_AHEAD pages ahead of it. It touches no database; the token lives here only
 * in memory.
 */
import { setPriority } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { SyncHttpClient, SyncHttpError } from './http.js';
import { packPage } from './packed-page.js';
import { PAGES_AHEAD, preparedPages, type PullReply, type PullRequest, type PullWorkerData } from './page-source.js';

// Background work yields to the UI: on Linux a thread has its own nice value (elsewhere
// setPriority would lower the whole process, Electron's main thread included). Nice 4, not
// 10: this thread is the first sync's critical path, and at 10 the database thread, the
// service and V8's helper threads starved it (a 100,000-contact sync took 7 % longer).
// 4 keeps the UI-thread target of bench:sync (event loop max < 50 ms).
if (process.platform === 'linux') {
  try {
    setPriority(0, 4);
  } catch {
    // not allowed in this sandbox: run at normal priority
  }
}

const data = workerData as PullWorkerData;
const http = new SyncHttpClient({ baseUrl: data.serviceUrl, token: data.token, ...(data.timeoutMs ? { timeoutMs: data.timeoutMs } : {}) });
const port = parentPort;
if (!port) throw new Error('pull-worker.js runs as a worker thread');

let unwritten = 0;
let written: (() => void) | null = null;

async function run(cursor: string | null, limit: number): Promise<void> {
  for await (const page of preparedPages(http, cursor, limit)) {
    while (unwritten >= PAGES_AHEAD) await new Promise<void>((resolve) => (written = resolve));
    unwritten++;
    const { packed, transfer } = packPage(page);
    port?.postMessage({ type: 'page', page: packed, heapUsedBytes: getHeapStatistics().used_heap_size } satisfies PullReply, transfer);
  }
}

port.on('message', (request: PullRequest) => {
  if (request.type === 'written') {
    unwritten--;
    written?.();
    written = null;
    return;
  }
  run(request.cursor, request.limit).catch((error: unknown) => {
    const reply: PullReply = {
      type: 'error',
      error:
        error instanceof SyncHttpError
          ? { kind: error.kind, message: error.message, status: error.status, retryAfterMs: error.retryAfterMs }
          : { kind: 'internal', message: error instanceof Error ? error.message : String(error), status: null, retryAfterMs: null },
    };
    port.postMessage(reply);
  });
});
