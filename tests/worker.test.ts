import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CoreWorker, CoreWorkerStartError } from '../core/worker/client.js';
import type { AppEvent } from '../preload/contract.js';
import { tempDir } from './helpers.js';

// The worker runs from TypeScript source through tsx here; the app runs the bundled dist/worker.js.
const WORKER = new URL('./support/ts-worker.mjs', import.meta.url);
const EXEC_ARGV: string[] = [];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWorker(path?: string): Promise<CoreWorker> {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const worker = await CoreWorker.start({ databasePath: path ?? join(dir.path, 'w.db'), host: 'browser', workerUrl: WORKER, execArgv: EXEC_ARGV });
  cleanups.push(() => worker.close());
  return worker;
}

describe('the database worker', () => {
  it('answers contract calls and reports changes as events', async () => {
    const worker = await startWorker();
    const events: AppEvent[] = [];
    worker.onEvent((e) => events.push(e));

    const info = await worker.call('workspace.info', {});
    expect(info).toMatchObject({ ok: true, value: { contactCount: 0, host: 'browser' } });

    const created = await worker.call('contacts.create', { fields: { firstName: 'Worker', email: 'w@example.com' } });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.value.id : '';
    const updated = await worker.call('contacts.update', { id, fields: { city: 'Turin' } });
    expect(updated).toMatchObject({ ok: true, value: { city: 'Turin' } });
    await expect.poll(() => events.filter((e) => e.type === 'contacts.changed').length).toBeGreaterThanOrEqual(2);

    const list = await worker.call('contacts.list', { sort: { key: 'name', dir: 'asc' }, filter: {}, limit: 10 });
    expect(list.ok && list.value.rows.map((r) => r.city)).toEqual(['Turin']);
  });

  it('turns a handler error into an error envelope with its code, and keeps serving', async () => {
    const worker = await startWorker();
    expect(await worker.call('contacts.get', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await worker.call('workspace.info', {})).toMatchObject({ ok: true });
  });

  it('fails to start with a clear code when the database is from a newer app', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const path = join(dir.path, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.close();
    const error = await CoreWorker.start({ databasePath: path, host: 'browser', workerUrl: WORKER, execArgv: EXEC_ARGV }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreWorkerStartError);
    expect((error as CoreWorkerStartError).code).toBe('database_too_new');
  });

  it('closes the database cleanly: the WAL is folded back into the file', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const path = join(dir.path, 'close.db');
    const worker = await CoreWorker.start({ databasePath: path, host: 'browser', workerUrl: WORKER, execArgv: EXEC_ARGV });
    await worker.call('contacts.create', { fields: { firstName: 'Kept' } });
    await worker.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(1);
    raw.close();
    expect(await worker.call('workspace.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
