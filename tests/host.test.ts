import { afterEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { HostArgsError, parseHostArgs } from '../host/args.js';
import { FileTokenVault } from '../host/token-file.js';
import { resolveInside } from '../host/web.js';
import { keepTokensIn } from '../core/worker/token-keeper.js';
import { tempDir } from './helpers.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('browser host arguments', () => {
  it('reads port, data folder and one way to fill the workspace', () => {
    expect(parseHostArgs(['--port', '5199', '--data-dir', '/tmp/x', '--seed', '2000'])).toMatchObject({ port: 5199, seed: 2000, demo: false, service: null });
    expect(parseHostArgs(['--demo'])).toMatchObject({ demo: true });
    expect(parseHostArgs(['--service', 'http://127.0.0.1:7070', '--token', 't'])).toMatchObject({ service: { url: 'http://127.0.0.1:7070', token: 't' } });
  });

  it('refuses what does not make sense, saying why', () => {
    expect(() => parseHostArgs(['--port', 'http'])).toThrow(/--port must be a whole number/);
    expect(() => parseHostArgs(['--service', 'http://x'])).toThrow(/--service and --token go together/);
    expect(() => parseHostArgs(['--demo', '--seed', '10'])).toThrow(/Choose one of --seed, --demo and --service/);
    expect(() => parseHostArgs(['--bogus'])).toThrow(HostArgsError);
  });
});

describe('static files of the browser host', () => {
  it('never serve anything outside the renderer folder', () => {
    const root = '/srv/app';
    expect(resolveInside(root, '/index.html')).toBe('/srv/app/index.html');
    expect(resolveInside(root, '/../../etc/passwd')).toBeNull();
    expect(resolveInside(root, '/assets/../../secret')).toBeNull();
    expect(resolveInside(root, '/a\0b')).toBeNull();
  });
});

describe('token vault of the browser host', () => {
  it('keeps the token in an owner-only file, saved on connect and removed on disconnect', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const vault = new FileTokenVault(dir.path);
    const target = keepTokensIn(vault, { callUnchecked: async () => ({ ok: true, value: {} }) });
    await target.callUnchecked('sync.connect', { serviceUrl: 'http://x', token: 'secret' });
    expect(vault.load()).toBe('secret');
    if (process.platform !== 'win32') expect(statSync(join(dir.path, 'service-token')).mode & 0o777).toBe(0o600);
    await target.callUnchecked('sync.disconnect', { forgetToken: true });
    expect(vault.load()).toBeNull();
  });

  it('keeps the old token when the connect call failed', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const vault = new FileTokenVault(dir.path);
    vault.save('old');
    const target = keepTokensIn(vault, { callUnchecked: async () => ({ ok: false, error: { code: 'unavailable', message: 'down' } }) });
    await target.callUnchecked('sync.connect', { serviceUrl: 'http://x', token: 'new' });
    expect(vault.load()).toBe('old');
  });
});
