import { afterEach, describe, expect, it } from 'vitest';
import { getContact, updateContact } from '../core/services/contacts.js';
import { backoffDelay, PUSH_SOON_MS, SyncScheduler } from '../core/sync/scheduler.js';
import { deleteContact, UNDO_WINDOW_MS } from '../core/services/delete-contact.js';
import { startTestService, TOKEN } from './service/helpers.js';
import type { SyncStatus } from '../preload/contract.js';
import { openTestWorkspace } from './helpers.js';

describe('backoff', () => {
  it('grows exponentially from 1 s to at most 5 minutes, with jitter between half and all of it', () => {
    expect(backoffDelay(1, null, () => 0)).toBe(500);
    expect(backoffDelay(1, null, () => 1)).toBe(1000);
    expect(backoffDelay(4, null, () => 1)).toBe(8000);
    expect(backoffDelay(30, null, () => 1)).toBe(300_000);
    expect(backoffDelay(30, null, () => 0)).toBe(150_000);
  });

  it('never waits less than the service asked (Retry-After)', () => {
    expect(backoffDelay(1, 30_000, () => 0)).toBe(30_000);
  });
});

describe('scheduler', () => {
  let ws: ReturnType<typeof openTestWorkspace>;
  afterEach(() => ws.cleanup());

  it('reports offline with the error in words, keeps the outbox, and schedules a retry; coming online syncs at once', async () => {
    ws = openTestWorkspace();
    const statuses: SyncStatus[] = [];
    let calls = 0;
    const offlineFetch: typeof fetch = async () => {
      calls++;
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const scheduler = new SyncScheduler(ws, (s) => statuses.push(s), { fetchImpl: offlineFetch, random: () => 1 });
    scheduler.configure({ serviceUrl: 'http://127.0.0.1:9', token: 't' });
    await scheduler.idle();
    const status = scheduler.status();
    expect(status.phase).toBe('offline');
    expect(status.lastError).toMatch(/Cannot reach the service \(ECONNREFUSED\)/);
    expect(Date.parse(status.nextAttemptAt ?? '') - Date.now()).toBeGreaterThan(500);
    expect(statuses.some((s) => s.phase === 'syncing')).toBe(true);

    const before = calls;
    expect(before).toBeGreaterThanOrEqual(1);
    scheduler.setOnline(false);
    scheduler.setOnline(true);
    await scheduler.idle();
    expect(calls).toBeGreaterThan(before);
    scheduler.stop();
  });

  it('sends a deletion only after its undo window, on its own', async () => {
    ws = openTestWorkspace();
    const service = await startTestService({ seed: 20 });
    try {
      const scheduler = new SyncScheduler(ws, () => undefined);
      scheduler.configure({ serviceUrl: service.url, token: TOKEN });
      await scheduler.idle();
      const id = ws.db.prepare('SELECT id FROM contacts ORDER BY pk LIMIT 1').pluck().get() as string;
      const deleted = Date.now();
      deleteContact(ws, id);
      await new Promise((r) => setTimeout(r, 0));
      // Not at the usual 3 s: after the window.
      expect(Date.parse(scheduler.status().nextAttemptAt ?? '') - deleted).toBeGreaterThanOrEqual(UNDO_WINDOW_MS);
      await expect.poll(() => scheduler.status().pendingChanges, { timeout: UNDO_WINDOW_MS + 8000, interval: 500 }).toBe(0);
      expect(Date.now() - deleted).toBeGreaterThanOrEqual(UNDO_WINDOW_MS);
      await scheduler.idle();
      expect(service.store.live('contact', id)).toBeUndefined();
      scheduler.stop();
    } finally {
      await service.cleanup();
    }
  }, 30_000);

  it('shows a local edit as pending at once and sends it a couple of seconds later, without waiting for the interval', async () => {
    ws = openTestWorkspace();
    const service = await startTestService({ seed: 20 });
    try {
      const statuses: SyncStatus[] = [];
      const scheduler = new SyncScheduler(ws, (s) => statuses.push(s));
      scheduler.configure({ serviceUrl: service.url, token: TOKEN });
      await scheduler.idle();
      expect(scheduler.status().phase).toBe('idle');
      // The next periodic sync is a minute away.
      expect(Date.parse(scheduler.status().nextAttemptAt ?? '') - Date.now()).toBeGreaterThan(30_000);

      const id = ws.db.prepare('SELECT id FROM contacts ORDER BY pk LIMIT 1').pluck().get() as string;
      const edited = Date.now();
      updateContact(ws, id, { city: 'Sent soon' });
      await new Promise((r) => setTimeout(r, 0));
      expect(statuses.at(-1)?.pendingChanges).toBe(1);
      expect(Date.parse(scheduler.status().nextAttemptAt ?? '') - edited).toBeLessThanOrEqual(PUSH_SOON_MS + 50);

      await expect.poll(() => scheduler.status().pendingChanges, { timeout: PUSH_SOON_MS + 5000 }).toBe(0);
      expect(Date.now() - edited).toBeLessThan(PUSH_SOON_MS + 4000);
      await scheduler.idle();
      // The service has it, sent by the scheduler on its own.
      expect((service.store.live('contact', id)?.data as { city?: string } | undefined)?.city).toBe('Sent soon');
      expect(getContact(ws, id).city).toBe('Sent soon');
      expect(scheduler.status().pendingChanges).toBe(0);
      scheduler.stop();
    } finally {
      await service.cleanup();
    }
  });
});
