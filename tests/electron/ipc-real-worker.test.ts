/**
 * main's IPC path (ipc-handler.ts) against the real core worker and a real SQLite file: what
 * the Electron main process does for each call, minus Electron.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreWorker } from '../../core/worker/client.js';
import { createCallHandler } from '../../main/ipc-handler.js';

let dir: string;
let worker: CoreWorker;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nexvio-ipc-'));
  worker = await CoreWorker.start({
    databasePath: join(dir, 'default.db'),
    host: 'electron',
    // The core's test entry: core/worker/worker.ts through tsx (the app runs dist/worker.js).
    workerUrl: new URL('../support/ts-worker.mjs', import.meta.url),
  });
}, 30_000);

afterAll(async () => {
  await worker?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('IPC handler with the real worker', () => {
  it('answers a valid call and refuses an invalid one before the worker', async () => {
    const handle = createCallHandler<{ trusted: boolean }>({ isTrustedSender: (event) => event.trusted, target: () => worker });
    const info = await handle({ trusted: true }, 'workspace.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', contactCount: 0 } });
    expect(await handle({ trusted: true }, 'contacts.get', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await handle({ trusted: true }, 'contacts.get', { id: 42 })).toMatchObject({ ok: false, error: { code: 'bad_request', path: ['id'] } });
    expect(await handle({ trusted: false }, 'workspace.info', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
