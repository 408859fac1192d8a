/**
 * The daily backup when the workspace closes mid-copy (issue 8): the copy stops at its next
 * step, its partial file is removed, and the worker's close waits for it before the
 * connection goes (a backup step on a closed connection would crash the worker).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { backupFolder } from '../core/db/backups.js';
import { openWorkspace } from '../core/services/workspace.js';
import { seedWorkspace } from '../core/services/seed.js';
import { DailyBackups } from '../core/services/daily-backups.js';
import { tempDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A workspace big enough for many backup steps of 100 pages. */
function seededWorkspace() {
  const dir = tempDir('nexvio-session-backups-');
  cleanups.push(dir.cleanup);
  const ws = openWorkspace({ databasePath: join(dir.path, 'w.db'), host: 'cli', slowQueryMs: 0 });
  seedWorkspace(ws, { contacts: 600, seed: 8 });
  return ws;
}

describe('the daily backup on close', () => {
  it('stops a copy in progress, removes its partial file, and lets the workspace close after it', async () => {
    const ws = seededWorkspace();
    const daily = new DailyBackups(ws);
    const copy = daily.check();
    daily.stop();
    await daily.idle();
    expect(await copy).toBeNull();
    expect(daily.lastError).toBeNull();
    const folder = backupFolder(ws.options.databasePath);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    // Stopped for good: no later check copies on a closing workspace.
    expect(await daily.check()).toBeNull();
    ws.close();
  });

  it('without a stop, the copy completes', async () => {
    const ws = seededWorkspace();
    const daily = new DailyBackups(ws);
    expect(await daily.check()).toMatchObject({ reason: 'daily' });
    await daily.idle();
    expect(readdirSync(backupFolder(ws.options.databasePath))).toHaveLength(1);
    ws.close();
  });
});
