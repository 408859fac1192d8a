import { describe, expect, it } from 'vitest';
import { validateCall } from '../core/api/validate.js';
import { contract, METHOD_NAMES, SESSION_METHODS } from '../preload/contract.js';
import { createHandlers } from '../core/api/handlers.js';
import { openTestWorkspace } from './helpers.js';
import { SyncController } from '../core/sync/controller.js';

describe('contract validation (what main and the browser host run before the worker)', () => {
  it('accepts a valid call and fills defaults', () => {
    const call = validateCall('contacts.list', { sort: { key: 'name', dir: 'asc' } });
    expect(call).toEqual({ ok: true, method: 'contacts.list', input: { sort: { key: 'name', dir: 'asc' }, filter: {}, limit: 100 } });
  });

  it('names the bad field with a code, a message and a path', () => {
    const call = validateCall('contacts.update', { id: 'c1', fields: { email: 'not an email' } });
    expect(call).toMatchObject({ ok: false, error: { code: 'bad_request', path: ['fields', 'email'] } });
    if (!call.ok) expect(call.error.message).toMatch(/valid email/);
    expect(validateCall('contacts.list', { sort: { key: 'salary', dir: 'asc' } })).toMatchObject({ ok: false, error: { path: ['sort', 'key'] } });
    expect(validateCall('contacts.list', { sort: { key: 'name', dir: 'asc' }, limit: 100000 })).toMatchObject({ ok: false, error: { path: ['limit'] } });
  });

  it('refuses unknown methods, unknown fields and non-objects', () => {
    expect(validateCall('contacts.dropAll', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(validateCall('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(validateCall('contacts.get', { id: 'x', admin: true })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(validateCall('contacts.get', 'x')).toMatchObject({ ok: false });
    expect(validateCall('contacts.get', { id: 'x'.repeat(65) })).toMatchObject({ ok: false, error: { path: ['id'] } });
    expect(validateCall('contacts.update', { id: 'c', fields: { phone: '0'.repeat(41) } })).toMatchObject({ ok: false, error: { path: ['fields', 'phone'] } });
  });

  it('has a worker handler for every method but the session\'s, and every handler output matches its schema', async () => {
    const ws = openTestWorkspace();
    const sync = new SyncController(ws, () => undefined);
    try {
      const handlers = createHandlers(ws, sync);
      const sessionMethods = new Set<string>(SESSION_METHODS);
      expect(Object.keys(handlers).sort()).toEqual(METHOD_NAMES.filter((name) => !sessionMethods.has(name)).sort());
      const info = await handlers['workspace.info']({});
      expect(contract['workspace.info'].output.parse(info)).toEqual(info);
      const created = await handlers['contacts.create']({ fields: { firstName: 'Out', email: 'out@example.com' } });
      expect(contract['contacts.create'].output.safeParse(created).success).toBe(true);
      const list = await handlers['contacts.list']({ sort: { key: 'name', dir: 'asc' }, filter: {}, limit: 10 });
      expect(contract['contacts.list'].output.safeParse(list).success).toBe(true);
      const timeline = await handlers['timeline.page']({ contactId: created.id, limit: 10 });
      expect(contract['timeline.page'].output.safeParse(timeline).success).toBe(true);
      const status = await handlers['sync.status']({});
      expect(contract['sync.status'].output.parse(status)).toMatchObject({ phase: 'disconnected', pendingChanges: 1 });
    } finally {
      await sync.close();
      ws.cleanup();
    }
  });
});
