import { describe, expect, it } from 'vitest';
import { closeWithin } from '../../main/lifecycle.js';
import { bundlePaths, takeDevOverrides, workspaceDatabasePath } from '../../main/paths.js';
import { join } from 'node:path';

describe('paths', () => {
  it('keeps the workspace in the user-data folder', () => {
    expect(workspaceDatabasePath('/home/a/.config/Nexvio Contacts')).toBe(join('/home/a/.config/Nexvio Contacts', 'workspaces', 'default.db'));
  });

  it('finds the preload and renderer beside main.js', () => {
    expect(bundlePaths('/app/dist')).toEqual({ preload: join('/app/dist', 'preload.cjs'), rendererRoot: join('/app/dist', 'renderer') });
  });

  it('honours the development switches only in development', () => {
    const env: NodeJS.ProcessEnv = { NEXVIO_USER_DATA_DIR: '/tmp/profile', NEXVIO_SQLITE_BINDING: '/tmp/x.node' };
    expect(takeDevOverrides({ ...env }, false)).toEqual({ userDataDir: '/tmp/profile' });
    expect(takeDevOverrides({ NEXVIO_USER_DATA_DIR: 'relative/dir' }, false)).toEqual({});
  });

  it('strips them from the environment of a packaged build', () => {
    const env: NodeJS.ProcessEnv = { NEXVIO_USER_DATA_DIR: '/tmp/profile', NEXVIO_SQLITE_BINDING: '/tmp/evil.node', HOME: '/home/a' };
    expect(takeDevOverrides(env, true)).toEqual({});
    expect(env).toEqual({ HOME: '/home/a' });
  });
});

describe('closeWithin', () => {
  it('reports a clean close', async () => {
    await expect(closeWithin(() => Promise.resolve(), 1000)).resolves.toBe('closed');
  });

  it('gives up on a close that hangs', async () => {
    await expect(closeWithin(() => new Promise<void>(() => {}), 20)).resolves.toBe('timed-out');
  });

  it('reports a close that fails', async () => {
    await expect(closeWithin(() => Promise.reject(new Error('x')), 1000)).resolves.toBe('failed');
  });
});
