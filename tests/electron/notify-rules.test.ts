import { describe, expect, it } from 'vitest';
import type { SyncStatus, UpdateStatus } from '../../preload/contract.js';
import { INITIAL_NOTIFY_MEMORY, decideSyncNotices, isSyncFailure, updateReadyNotice, type NativeNotice, type NotifyMemory } from '../../main/notify-rules.js';

const base: SyncStatus = {
  phase: 'idle',
  serviceUrl: 'https://chat.example',
  online: true,
  lastSyncAt: '2026-11-30T05:00:00.000Z',
  lastError: null,
  nextAttemptAt: null,
  intervalSeconds: 300,
  pendingChanges: 0,
  rejectedChanges: 0,
  openConflicts: 0,
  quarantined: 0,
  converged: true,
  divergence: null,
  progress: null,
};
const failed = (extra: Partial<SyncStatus> = {}): SyncStatus => ({ ...base, phase: 'error', lastError: 'The service answered 503 (Service Unavailable).', ...extra });
const ALL_ON = { syncFailures: true, conflicts: true };

/** Feeds statuses in order and collects what would be shown. */
function play(statuses: SyncStatus[], options: { preferences?: typeof ALL_ON; focused?: boolean[] } = {}): { notices: NativeNotice[]; memory: NotifyMemory } {
  let memory = INITIAL_NOTIFY_MEMORY;
  const notices: NativeNotice[] = [];
  statuses.forEach((status, index) => {
    const decided = decideSyncNotices(memory, status, { preferences: options.preferences ?? ALL_ON, windowFocused: options.focused?.[index] ?? false });
    memory = decided.memory;
    notices.push(...decided.notices);
  });
  return { notices, memory };
}

describe('isSyncFailure', () => {
  it('reads the real fields', () => {
    expect(isSyncFailure(failed())).toBe(true);
    expect(isSyncFailure({ ...base, phase: 'unauthorized', lastError: 'token refused' })).toBe(true);
    expect(isSyncFailure({ ...base, phase: 'offline', lastError: 'fetch failed' })).toBe(true);
    // The machine itself is offline: people know, and the app shows it.
    expect(isSyncFailure({ ...base, phase: 'offline', online: false, lastError: 'fetch failed' })).toBe(false);
    expect(isSyncFailure({ ...base, phase: 'syncing', lastError: 'an earlier failure' })).toBe(false);
    expect(isSyncFailure({ ...base, lastError: 'diverged: checksum differs' })).toBe(false);
  });
});

describe('sync failure notices', () => {
  it('tells once per failure spell, not for each retry', () => {
    const retry = { ...failed(), phase: 'syncing' as const };
    const { notices } = play([base, failed(), retry, failed(), retry, failed({ phase: 'offline', lastError: 'fetch failed' })]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'sync-failure', title: 'Sync failed', navigate: 'sync' });
    expect(notices[0]?.body).toContain('The service answered 503');
  });

  it('tells again after a good sync ended the spell', () => {
    const { notices } = play([failed(), { ...base, phase: 'syncing' }, base, failed()]);
    expect(notices.map((notice) => notice.kind)).toEqual(['sync-failure', 'sync-failure']);
  });

  it('says what waits and asks to reconnect for a refused token', () => {
    expect(play([failed({ pendingChanges: 3 })]).notices[0]?.body).toMatch(/3 local changes wait and will be sent\.$/);
    expect(play([{ ...base, phase: 'unauthorized', lastError: 'Unauthorized' }]).notices[0]?.body).toMatch(/refused the access token/);
  });

  it('keeps a long reason short', () => {
    const body = play([failed({ lastError: 'x'.repeat(5000) })]).notices[0]?.body ?? '';
    expect(body.length).toBeLessThan(300);
  });

  it('stays quiet when switched off, and does not tell an old spell when switched on', () => {
    let memory = INITIAL_NOTIFY_MEMORY;
    const off = decideSyncNotices(memory, failed(), { preferences: { syncFailures: false, conflicts: true }, windowFocused: false });
    expect(off.notices).toEqual([]);
    memory = off.memory;
    expect(decideSyncNotices(memory, failed(), { preferences: ALL_ON, windowFocused: false }).notices).toEqual([]);
  });

  it('stays quiet while the window is focused, and counts the spell as told', () => {
    const { notices } = play([failed(), failed()], { focused: [true, false] });
    expect(notices).toEqual([]);
  });
});

describe('conflict notices', () => {
  it('does not tell about the conflicts already open at start', () => {
    expect(play([{ ...base, openConflicts: 4 }, { ...base, openConflicts: 4 }]).notices).toEqual([]);
  });

  it('tells when the count rises, with the number', () => {
    const { notices } = play([{ ...base, openConflicts: 1 }, { ...base, openConflicts: 4 }, { ...base, openConflicts: 5 }]);
    expect(notices.map((notice) => notice.title)).toEqual(['3 new sync conflicts', 'A new sync conflict']);
    expect(notices[0]?.body).toMatch(/^4 changes wait for your decision/);
    expect(notices[1]).toMatchObject({ kind: 'conflicts', navigate: 'sync' });
  });

  it('tells a rise after some were resolved', () => {
    const { notices } = play([{ ...base, openConflicts: 3 }, { ...base, openConflicts: 0 }, { ...base, openConflicts: 1 }]);
    expect(notices.map((notice) => notice.body)).toEqual([expect.stringMatching(/^One change waits/)]);
  });

  it('stays quiet when switched off or focused', () => {
    const rising = [{ ...base, openConflicts: 0 }, { ...base, openConflicts: 2 }];
    expect(play(rising, { preferences: { syncFailures: true, conflicts: false } }).notices).toEqual([]);
    expect(play(rising, { focused: [false, true] }).notices).toEqual([]);
  });
});

describe('updateReadyNotice', () => {
  it('asks for a restart and leads to Settings', () => {
    const status: UpdateStatus = { state: 'ready', feed: 'x', currentVersion: '0.1.0', availableVersion: '0.2.0', percent: 100, lastCheckedAt: null, message: null };
    expect(updateReadyNotice(status)).toEqual({
      kind: 'update-ready',
      title: 'Update ready — restart to install',
      body: 'Nexvio Contacts 0.2.0 has been downloaded. It is installed when you restart the app from Settings.',
      navigate: 'settings',
    });
  });
});
