import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../preload/contract.js';
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS } from '../../main/update-policy.js';
import { UpdaterPort, type UpdaterEngine } from '../../main/updater.js';

/** Plays electron-updater: each check runs the script's events, then settles like the real one. */
class FakeUpdater extends EventEmitter implements UpdaterEngine {
  checks = 0;
  installs = 0;
  script: (updater: FakeUpdater) => Promise<void> = async (updater) => {
    updater.emit('checking-for-update');
    updater.emit('update-not-available', { version: '0.1.0' });
  };
  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    await this.script(this);
    return null;
  }
  quitAndInstall(): void {
    this.installs++;
  }
}

const FEED = { kind: 'generic' as const, feed: 'http://127.0.0.1:9/feed/' };
const unreachable = async (updater: FakeUpdater): Promise<void> => {
  updater.emit('checking-for-update');
  const error = Object.assign(new Error('getaddrinfo ENOTFOUND updates.nexvio.ai'), { code: 'ENOTFOUND' });
  updater.emit('error', error);
  throw error;
};

describe('UpdaterPort', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-30T05:00:00.000Z') }));
  afterEach(() => vi.useRealTimers());

  it('reports an unreachable feed in words, changes nothing and installs nothing', async () => {
    const engine = new FakeUpdater();
    engine.script = unreachable;
    const port = new UpdaterPort(engine, FEED, '0.1.0');
    port.setAutoCheck(true);
    const seen: UpdateStatus['state'][] = [];
    port.onStatus((status) => seen.push(status.state));

    const status = await port.check();
    expect(status).toMatchObject({ state: 'error', currentVersion: '0.1.0', availableVersion: null, lastCheckedAt: '2026-11-30T05:00:00.000Z' });
    expect(status.message).toBe('The update server could not be reached (ENOTFOUND). Nexvio Contacts will try again tomorrow; nothing was changed.');
    expect(seen).toEqual(['checking', 'error']);
    expect(await port.restart()).toEqual({ restarting: false });
    vi.runOnlyPendingTimers();
    expect(engine.installs).toBe(0);
  });

  it('applies a failure that electron-updater only rejected, without an error event', async () => {
    const engine = new FakeUpdater();
    engine.script = async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    };
    const status = await new UpdaterPort(engine, FEED, '0.1.0').check();
    expect(status.state).toBe('error');
    expect(status.message).toMatch(/^The update server could not be reached \(net::ERR_INTERNET_DISCONNECTED\)\. You can check again later in Settings/);
  });

  it('downloads in the background and installs only once ready, when asked', async () => {
    const engine = new FakeUpdater();
    engine.script = async (updater) => {
      updater.emit('checking-for-update');
      updater.emit('update-available', { version: '0.2.0' });
    };
    const port = new UpdaterPort(engine, FEED, '0.1.0');
    expect(await port.check()).toMatchObject({ state: 'available', availableVersion: '0.2.0' });
    expect(await port.restart()).toEqual({ restarting: false });

    engine.emit('download-progress', { percent: 50.4 });
    expect(port.status()).toMatchObject({ state: 'downloading', percent: 50 });
    engine.emit('update-downloaded', { version: '0.2.0' });
    expect(port.status()).toMatchObject({ state: 'ready', percent: 100 });

    expect(await port.restart()).toEqual({ restarting: true });
    expect(engine.installs).toBe(0);
    vi.advanceTimersByTime(200);
    expect(engine.installs).toBe(1);
  });

  it('ignores payloads that are not what electron-updater promises', () => {
    const engine = new FakeUpdater();
    const port = new UpdaterPort(engine, FEED, '0.1.0');
    engine.emit('update-available', { version: 42 });
    engine.emit('download-progress', 'lots');
    expect(port.status()).toMatchObject({ state: 'downloading', availableVersion: 'unknown', percent: 0 });
  });

  it('runs one check at a time', async () => {
    const engine = new FakeUpdater();
    const port = new UpdaterPort(engine, FEED, '0.1.0');
    const [a, b] = await Promise.all([port.check(), port.check()]);
    expect(engine.checks).toBe(1);
    expect(a).toBe(b);
  });

  it('checks shortly after start and then daily while automatic checks are on, and stops when switched off', async () => {
    const engine = new FakeUpdater();
    const port = new UpdaterPort(engine, FEED, '0.1.0');
    port.setAutoCheck(true);
    port.setAutoCheck(true);
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS - 1);
    expect(engine.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.checks).toBe(1);
    expect(port.status().state).toBe('up_to_date');
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(engine.checks).toBe(2);

    port.setAutoCheck(false);
    await vi.advanceTimersByTimeAsync(3 * CHECK_INTERVAL_MS);
    expect(engine.checks).toBe(2);
    // A check on request still works with automatic checks off.
    await port.check();
    expect(engine.checks).toBe(3);
    await vi.advanceTimersByTimeAsync(3 * CHECK_INTERVAL_MS);
    expect(engine.checks).toBe(3);
  });

  it('keeps trying daily after a failed check', async () => {
    const engine = new FakeUpdater();
    engine.script = unreachable;
    const port = new UpdaterPort(engine, FEED, '0.1.0');
    port.setAutoCheck(true);
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    expect(port.status().state).toBe('error');
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(engine.checks).toBe(2);
    port.dispose();
  });
});
