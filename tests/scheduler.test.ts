import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, SyncScheduler } from '../core/sync/scheduler.js';
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
});
