/**
 * The reference service in a worker thread (bundled to dist/service-worker.js), so the app
 * can start a demo workspace on 127.0.0.1 without a second process: the Electron main
 * process or the browser host's database worker starts it; its SQLite runs on this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startService, type ServiceOptions } from './main.js';

const port = parentPort;
if (!port) throw new Error('service/worker-entry.ts must run in a worker thread');

try {
  const service = await startService({ ...(workerData as ServiceOptions), log: () => undefined });
  port.postMessage({ kind: 'ready', url: service.url });
  port.on('message', (message: { kind: string }) => {
    if (message.kind === 'close') {
      void service.close().finally(() => port.close());
    }
  });
} catch (error) {
  port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
