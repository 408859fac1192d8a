import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract } from '../preload/contract.js';
import { createContact, getContact, updateContact } from '../core/services/contacts.js';
import { openWorkspace } from '../core/services/workspace.js';
import { SyncEngine } from '../core/sync/engine.js';
import { startTestService, TOKEN, TOKEN_B } from './service/helpers.js';
import { contact, load, openTestWorkspace, tempDir } from './helpers.js';

let ws: ReturnType<typeof openTestWorkspace>;
beforeEach(() => {
  ws = openTestWorkspace();
  load(ws, { contacts: [contact({ id: 'p1', version: 4, preferences: { language: 'de', do_not_call: true, max_calls_per_week: 2 } })] });
});
afterEach(() => ws.cleanup());

const outbox = () => ws.db.prepare('SELECT op, base_version, payload FROM outbox').all() as { op: string; base_version: number; payload: string }[];

describe('contact preferences', () => {
  it('changes preferences by key, with a field change each, one outbox update of the whole object and an audit entry', () => {
    const updated = updateContact(ws, 'p1', { preferences: { do_not_call: false, language: 'fr', newsletter: 'weekly' } });
    expect(updated.preferences).toEqual({ language: 'fr', do_not_call: false, max_calls_per_week: 2, newsletter: 'weekly' });
    expect(getContact(ws, 'p1').preferences).toEqual(updated.preferences);

    const [mutation, ...more] = outbox();
    expect(more).toEqual([]);
    expect(mutation).toMatchObject({ op: 'update', base_version: 4 });
    expect(JSON.parse(mutation!.payload)).toEqual({
      fields: { preferences: updated.preferences },
      base: { preferences: { language: 'de', do_not_call: true, max_calls_per_week: 2 } },
    });
    const changes = ws.db.prepare('SELECT field, old_value, new_value FROM field_changes ORDER BY field').all();
    expect(changes).toEqual([
      { field: 'preferences.do_not_call', old_value: 'true', new_value: 'false' },
      { field: 'preferences.language', old_value: '"de"', new_value: '"fr"' },
      { field: 'preferences.newsletter', old_value: 'null', new_value: '"weekly"' },
    ]);
    const audit = ws.db.prepare('SELECT action, details FROM audit_log').all() as { action: string; details: string }[];
    expect(audit.map((a) => a.action)).toEqual(['contact.update']);
    expect(audit[0]!.details).not.toContain('weekly');
  });

  it('removes a preference with null, and changes nothing when the values are the same', () => {
    updateContact(ws, 'p1', { preferences: { language: 'de' } });
    expect(outbox()).toEqual([]);
    expect(updateContact(ws, 'p1', { preferences: { language: null } }).preferences).toEqual({ do_not_call: true, max_calls_per_week: 2 });
  });

  it('keeps a preference of its kind: a yes/no stays yes/no, a number a number; refused at the field, nothing changed', () => {
    for (const [key, value, message] of [
      ['do_not_call', 'no', /yes\/no/],
      ['max_calls_per_week', '3', /must be a number/],
      ['language', '   ', /cannot be empty/],
    ] as const) {
      expect(() => updateContact(ws, 'p1', { preferences: { language: 'it', [key]: value } })).toThrow(
        expect.objectContaining({ code: 'bad_request', path: ['fields', 'preferences', key], message: expect.stringMatching(message) }),
      );
    }
    expect(getContact(ws, 'p1').preferences).toEqual({ language: 'de', do_not_call: true, max_calls_per_week: 2 });
    expect(outbox()).toEqual([]);
    expect(ws.db.prepare('SELECT count(*) FROM field_changes').pluck().get()).toBe(0);
  });

  it('a new contact can start with preferences', () => {
    const created = createContact(ws, { firstName: 'Noor', preferences: { language: 'ar', vip: true } });
    expect(created.preferences).toEqual({ language: 'ar', vip: true });
  });

  it('accepts only text, numbers, yes/no and null at the boundary', () => {
    const input = contract['contacts.update'].input;
    const ok = (preferences: unknown) => input.safeParse({ id: 'p1', fields: { preferences } }).success;
    expect(ok({ a: 'x', b: 2, c: true, d: null })).toBe(true);
    expect(ok({ a: { nested: 1 } })).toBe(false);
    expect(ok({ a: ['x'] })).toBe(false);
    expect(ok({ a: 'x'.repeat(1001) })).toBe(false);
    expect(ok({ '': 'x' })).toBe(false);
  });
});

describe('contact preferences with the reference service', () => {
  // The first sync's pull thread runs from the bundle: make sure it reflects the sources.
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--no-renderer'], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  }, 120_000);

  it('a preference changed here is pushed and another agent pulls it', async () => {
    const service = await startTestService({ seed: 30 });
    const dirs = [tempDir(), tempDir()];
    try {
      const [a, b] = [TOKEN, TOKEN_B].map((token, i) => {
        const agentWs = openWorkspace({ databasePath: join(dirs[i]!.path, 'client.db'), host: 'cli', slowQueryMs: 0 });
        return { ws: agentWs, engine: new SyncEngine(agentWs, { serviceUrl: service.url, token, pullLimit: 97 }) };
      });
      await a!.engine.syncOnce();
      await b!.engine.syncOnce();
      const id = a!.ws.db.prepare('SELECT id FROM contacts ORDER BY pk LIMIT 1').pluck().get() as string;
      const before = getContact(a!.ws, id).preferences;
      updateContact(a!.ws, id, { preferences: { do_not_call: true, preferred_channel: 'sms' } });
      const report = await a!.engine.syncOnce();
      expect(report.pushed).toMatchObject({ applied: 1, conflict: 0, rejected: 0 });
      expect(report.converged).toBe(true);
      await b!.engine.syncOnce();
      expect(getContact(b!.ws, id).preferences).toEqual({ ...before, do_not_call: true, preferred_channel: 'sms' });
      a!.ws.db.close();
      b!.ws.db.close();
    } finally {
      await service.cleanup();
      for (const dir of dirs) dir.cleanup();
    }
  }, 60_000);
});
