/**
 * The decisions of scripts/start-electron.mjs (what `npm start` runs). The script is plain
 * JavaScript run by Node, so it is imported through a typed dynamic import.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

interface StartElectron {
  StartError: new (message: string) => Error;
  nativeBindingDir(root: string, version: string, platform: string, arch: string): string;
  findElectronBinary(electronDir: string, env: NodeJS.ProcessEnv): { path: string } | { path: null; reason: string };
  summarizeToolOutput(text: string): string;
  checkMainEntry(root: string): string;
  displayProblem(platform: string, env: NodeJS.ProcessEnv): string | null;
}

let script: StartElectron;
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexvio-start-'));
  temps.push(dir);
  return dir;
}

beforeAll(async () => {
  const specifier = new URL('../../scripts/start-electron.mjs', import.meta.url).href;
  script = (await import(/* @vite-ignore */ specifier)) as StartElectron;
});

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('start-electron', () => {
  it('keeps the Electron build of better-sqlite3 per version, platform and arch', () => {
    expect(script.nativeBindingDir('/repo', '45.5.0', 'linux', 'x64')).toBe(join('/repo', '.native', 'electron-45.5.0-linux-x64'));
  });

  it('finds the binary the electron package recorded, without downloading', () => {
    const dir = tempDir();
    expect(script.findElectronBinary(dir, {})).toMatchObject({ path: null, reason: expect.stringContaining('path.txt is missing') });
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(script.findElectronBinary(dir, {})).toMatchObject({ path: null, reason: expect.stringContaining('is missing') });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(script.findElectronBinary(dir, {})).toEqual({ path: join(dir, 'dist', 'electron') });
  });

  it('prefers NEXVIO_ELECTRON_PATH and says when it points nowhere', () => {
    const dir = tempDir();
    const binary = join(dir, 'my-electron');
    expect(script.findElectronBinary(dir, { NEXVIO_ELECTRON_PATH: binary })).toMatchObject({ path: null, reason: expect.stringContaining(binary) });
    writeFileSync(binary, '');
    expect(script.findElectronBinary(dir, { NEXVIO_ELECTRON_PATH: binary })).toEqual({ path: binary });
  });

  it('picks the line that names the cause out of tool output', () => {
    const prebuild = [
      'prebuild-install info begin Prebuild-install version 7.1.3',
      'prebuild-install http request GET https://github.com/WiseLibs/better-sqlite3/releases/download/v12.11.1/x.tar.gz',
      'prebuild-install warn install getaddrinfo ENOTFOUND github.com',
    ].join('\n');
    expect(script.summarizeToolOutput(prebuild)).toBe('prebuild-install warn install getaddrinfo ENOTFOUND github.com');

    const gyp = [
      'gyp info it worked if it ends with ok',
      'gyp http GET https://electronjs.org/headers/v45.5.0/node-v45.5.0-headers.tar.gz',
      'gyp http fetch GET https://electronjs.org/headers/v45.5.0/node-v45.5.0-headers.tar.gz attempt 1 failed with ENOTFOUND',
      'gyp ERR! stack Error: This is most likely not a problem with node-gyp',
      'gyp ERR! stack at go (/x/install.js:244:21)',
    ].join('\n');
    expect(script.summarizeToolOutput(gyp)).toContain('failed with ENOTFOUND');

    const install = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (x.js:46:30)';
    expect(script.summarizeToolOutput(install)).toBe('TypeError: fetch failed');
    expect(script.summarizeToolOutput('')).toBe('no output');
  });

  it('explains a package.json "main" that the build did not produce', () => {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ main: 'dist/main/main.js' }));
    expect(() => script.checkMainEntry(root)).toThrow(script.StartError);
    expect(() => script.checkMainEntry(root)).toThrow(/"main" must be "dist\/main.js"/);
    mkdirSync(join(root, 'dist', 'main'), { recursive: true });
    writeFileSync(join(root, 'dist', 'main', 'main.js'), '');
    expect(script.checkMainEntry(root)).toBe('dist/main/main.js');
  });

  it('notices a Linux session without a display', () => {
    expect(script.displayProblem('linux', {})).toMatch(/xvfb-run/);
    expect(script.displayProblem('linux', { DISPLAY: ':0' })).toBeNull();
    expect(script.displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(script.displayProblem('darwin', {})).toBeNull();
  });
});
