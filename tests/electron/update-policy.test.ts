import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../preload/contract.js';
import {
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  becameReady,
  describeFeed,
  describeUpdateError,
  feedConfiguration,
  initialUpdateStatus,
  nextAutoCheckDelay,
  reduceUpdateStatus,
  type UpdaterEvent,
} from '../../main/update-policy.js';

const NOW = '2026-11-30T05:00:00.000Z';
const context = { now: NOW, autoCheck: true };

describe('feedConfiguration', () => {
  it('is off without app-update.yml in a packaged build', () => {
    expect(feedConfiguration({ isPackaged: true, env: {}, appUpdateYml: null })).toEqual({ kind: 'none' });
  });

  it('uses the packaged app-update.yml and names its feed', () => {
    expect(feedConfiguration({ isPackaged: true, env: {}, appUpdateYml: 'provider: generic\nurl: https://updates.nexvio.ai/contacts\n' })).toEqual({
      kind: 'packaged',
      feed: 'https://updates.nexvio.ai/contacts',
    });
    expect(describeFeed("owner: nexvio\nrepo: contacts\nprovider: github\nupdaterCacheDirName: nexvio-contacts-updater\n")).toBe('github: nexvio/contacts');
  });

  it('takes NEXVIO_UPDATE_URL only in development, and only an http(s) address', () => {
    expect(feedConfiguration({ isPackaged: false, env: { NEXVIO_UPDATE_URL: 'http://127.0.0.1:9999/feed/' }, appUpdateYml: null })).toEqual({
      kind: 'generic',
      feed: 'http://127.0.0.1:9999/feed/',
    });
    expect(feedConfiguration({ isPackaged: true, env: { NEXVIO_UPDATE_URL: 'http://evil.example/' }, appUpdateYml: null })).toEqual({ kind: 'none' });
    expect(feedConfiguration({ isPackaged: false, env: { NEXVIO_UPDATE_URL: 'file:///tmp/feed' }, appUpdateYml: null })).toEqual({ kind: 'none' });
    expect(feedConfiguration({ isPackaged: false, env: { NEXVIO_UPDATE_URL: 'not a url' }, appUpdateYml: null })).toEqual({ kind: 'none' });
    expect(feedConfiguration({ isPackaged: false, env: {}, appUpdateYml: 'url: https://x' })).toEqual({ kind: 'none' });
  });
});

describe('nextAutoCheckDelay', () => {
  const now = Date.parse(NOW);
  it('checks shortly after start, then daily', () => {
    expect(nextAutoCheckDelay({ autoCheck: true, lastCheckedAt: null, nowMs: now })).toBe(FIRST_CHECK_DELAY_MS);
    expect(nextAutoCheckDelay({ autoCheck: true, lastCheckedAt: NOW, nowMs: now })).toBe(CHECK_INTERVAL_MS);
    expect(nextAutoCheckDelay({ autoCheck: true, lastCheckedAt: NOW, nowMs: now + CHECK_INTERVAL_MS + 60_000 })).toBe(FIRST_CHECK_DELAY_MS);
    expect(nextAutoCheckDelay({ autoCheck: true, lastCheckedAt: NOW, nowMs: now + 3 * 60 * 60 * 1000 })).toBe(21 * 60 * 60 * 1000);
  });

  it('never checks by itself when automatic checks are off', () => {
    expect(nextAutoCheckDelay({ autoCheck: false, lastCheckedAt: null, nowMs: now })).toBeNull();
  });
});

describe('reduceUpdateStatus', () => {
  const idle = initialUpdateStatus({ kind: 'generic', feed: 'http://127.0.0.1/feed/' }, '0.1.0');
  const run = (events: UpdaterEvent[], from: UpdateStatus = idle): UpdateStatus => events.reduce((status, event) => reduceUpdateStatus(status, event, context), from);

  it('starts off without a feed and stays off', () => {
    const off = initialUpdateStatus({ kind: 'none' }, '0.1.0');
    expect(off).toMatchObject({ state: 'off', feed: null, currentVersion: '0.1.0' });
    expect(run([{ type: 'checking' }, { type: 'available', version: '9.9.9' }], off)).toBe(off);
  });

  it('goes checking → up to date', () => {
    expect(run([{ type: 'checking' }])).toMatchObject({ state: 'checking' });
    expect(run([{ type: 'checking' }, { type: 'not-available' }])).toMatchObject({ state: 'up_to_date', lastCheckedAt: NOW, message: null });
  });

  it('goes available → downloading with progress → ready', () => {
    const downloading = run([{ type: 'checking' }, { type: 'available', version: '0.2.0' }, { type: 'progress', percent: 41.7 }]);
    expect(downloading).toMatchObject({ state: 'downloading', availableVersion: '0.2.0', percent: 42, lastCheckedAt: NOW });
    expect(reduceUpdateStatus(downloading, { type: 'progress', percent: 140 }, context).percent).toBe(100);
    const ready = reduceUpdateStatus(downloading, { type: 'downloaded', version: '0.2.0' }, context);
    expect(ready).toMatchObject({ state: 'ready', availableVersion: '0.2.0', percent: 100 });
    expect(becameReady(downloading, ready)).toBe(true);
    expect(becameReady(ready, ready)).toBe(false);
  });

  it('keeps a downloaded update ready when a later check fails or finds nothing', () => {
    const ready = run([{ type: 'available', version: '0.2.0' }, { type: 'downloaded', version: '0.2.0' }]);
    expect(run([{ type: 'checking' }, { type: 'error', error: new Error('net::ERR_INTERNET_DISCONNECTED') }, { type: 'not-available' }], ready)).toBe(ready);
  });

  it('an unreachable feed is an error for people, and a later check can succeed', () => {
    const failed = run([{ type: 'checking' }, { type: 'error', error: Object.assign(new Error('getaddrinfo ENOTFOUND updates.nexvio.ai'), { code: 'ENOTFOUND' }) }]);
    expect(failed).toMatchObject({ state: 'error', lastCheckedAt: NOW });
    expect(failed.message).toBe('The update server could not be reached (ENOTFOUND). Nexvio Contacts will try again tomorrow; nothing was changed.');
    expect(run([{ type: 'checking' }, { type: 'not-available' }], failed)).toMatchObject({ state: 'up_to_date', message: null });
  });
});

describe('describeUpdateError', () => {
  const auto = { downloading: false, autoCheck: true };
  it.each([
    [new Error('net::ERR_INTERNET_DISCONNECTED'), /could not be reached \(net::ERR_INTERNET_DISCONNECTED\)\. Nexvio Contacts will try again tomorrow; nothing was changed\./],
    [new Error('net::ERR_NAME_NOT_RESOLVED'), /could not be reached \(net::ERR_NAME_NOT_RESOLVED\)/],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), /could not be reached \(ECONNREFUSED\)/],
    [new Error('request ETIMEDOUT'), /could not be reached \(ETIMEDOUT\)/],
    [Object.assign(new Error('Cannot find latest.yml in the latest release artifacts'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' }), /no update information for this app \(ERR_UPDATER_CHANNEL_FILE_NOT_FOUND\)/],
    [Object.assign(new Error('HTTP error: Not Found'), { statusCode: 404 }), /no update information for this app \(HTTP 404\)/],
    [new Error('HttpError: 404 Not Found'), /\(HTTP 404\)/],
    [Object.assign(new Error('HTTP error: Service Unavailable'), { statusCode: 503 }), /had a problem \(HTTP 503\)/],
    [Object.assign(new Error('HTTP error: Forbidden'), { statusCode: 403 }), /refused the request \(HTTP 403\)/],
    [
      Object.assign(new Error('New version 0.2.0 is not signed by the application owner: publisherNames: Nexvio'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' }),
      /not signed by Nexvio and was not installed \(ERR_UPDATER_INVALID_SIGNATURE\)\. Your version keeps working; nothing was changed\./,
    ],
    [Object.assign(new Error('sha512 checksum mismatch, expected abc, got def'), { code: 'ERR_CHECKSUM_MISMATCH' }), /damaged on the way and was discarded/],
    [Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), /not enough free disk space/],
  ])('%s', (error, expected) => {
    expect(describeUpdateError(error, auto)).toMatch(expected);
  });

  it('says how to retry when automatic checks are off', () => {
    expect(describeUpdateError(new Error('net::ERR_CONNECTION_RESET'), { downloading: false, autoCheck: false })).toBe(
      'The update server could not be reached (net::ERR_CONNECTION_RESET). You can check again later in Settings; nothing was changed.',
    );
  });

  it('falls back to a short, redacted first line', () => {
    const message = describeUpdateError(new Error('weird failure for ada@example.com\n    at stack frame'), { downloading: true, autoCheck: true });
    expect(message).toBe('The update could not be downloaded (weird failure for [email]). Nexvio Contacts will try again tomorrow; nothing was changed.');
    expect(describeUpdateError('boom', auto)).toMatch(/^The update check failed \(boom\)/);
  });
});
