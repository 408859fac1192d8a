#!/usr/bin/env node
/**
 * End-to-end tests of the Electron app (npm run test:electron), in two parts:
 *
 * 1. The real app under Playwright's `_electron`: the window, the bridge's shape, no Node in
 *    the page, navigation and new windows denied, the CSP, IPC to the core, and a clean
 *    database close on quit. Where no Electron binary exists (CI, machines without access to
 *    Electron's downloads) or there is no display, these are reported as skipped, with the
 *    reason. They never download Electron: run `npm start` once, or set NEXVIO_ELECTRON_PATH.
 * 2. The bundled dist/main.js under plain Node with a stand-in `electron` module (stand-in/):
 *    start-up order, IPC through the real worker and SQLite, app:// serving,
 *    the recovery screen for a too-new workspace, and the clean close. It runs everywhere, so the bundle's paths
 *    (dist/worker.js, dist/preload.cjs, dist/renderer) are checked even where Electron is not.
 */
/* global window, document -- the page.evaluate callbacks run in the app's page */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { _electron } from 'playwright-core';
import { ROOT, checkMainEntry, displayProblem, electronPackage, ensureElectronNativeBinding, findElectronBinary } from '../scripts/start-electron.mjs';

/** @typedef {import('playwright-core').ElectronApplication} ElectronApplication */
/** @typedef {import('playwright-core').Page} Page */

const electron = electronPackage(ROOT);
const binary = findElectronBinary(electron.dir, process.env);
const skipReason = binary.path !== null
  ? displayProblem(process.platform, process.env)
  : `${binary.reason}; run \`npm start\` once (it downloads Electron ${electron.version}) or set NEXVIO_ELECTRON_PATH`;
if (skipReason) console.log(`test:electron SKIPPED: ${skipReason}`);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let built = false;
function buildIfStale() {
  if (built) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit', cwd: ROOT });
  assert.equal(build.status, 0, 'the build failed');
  built = true;
}

/** The environment for a child, without a switch that would turn Electron into plain Node. */
function childEnv() {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  return env;
}

/** Every test carries the skip, so the summary counts them as skipped, each with the reason. */
const each = { skip: skipReason ?? false, timeout: 60_000 };

describe('Nexvio Contacts in Electron', () => {
  /** @type {ElectronApplication} */
  let app;
  /** @type {Page} */
  let page;
  /** A throwaway profile: the tests never touch a real workspace. */
  let userData = '';

  before(async () => {
    if (skipReason) return;
    userData = mkdtempSync(join(tmpdir(), 'nexvio-electron-e2e-'));
    buildIfStale();
    checkMainEntry(ROOT);
    const log = (/** @type {string} */ message) => console.log(`test:electron: ${message}`);
    const binding = ensureElectronNativeBinding({ root: ROOT, version: electron.version, platform: process.platform, arch: process.arch, log });

    app = await _electron.launch({
      executablePath: /** @type {string} */ (binary.path),
      args: [ROOT],
      env: { ...childEnv(), NEXVIO_SQLITE_BINDING: binding, NEXVIO_USER_DATA_DIR: userData },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close().catch(() => {});
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('opens one window on app://nexvio', each, async () => {
    assert.match(page.url(), /^app:\/\/nexvio\//);
    assert.equal(app.windows().length, 1);
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
  });

  test('exposes window.nexvio with only host, call and onEvent', each, async () => {
    const shape = await page.evaluate(() => {
      const bridge = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (Reflect.get(window, 'nexvio')));
      return {
        keys: Object.keys(bridge).sort(),
        host: bridge['host'],
        types: [typeof bridge['call'], typeof bridge['onEvent']],
        leaked: Object.getOwnPropertyNames(window).filter((name) => /ipcRenderer|electron/i.test(name)),
      };
    });
    assert.deepEqual(shape, { keys: ['call', 'host', 'onEvent'], host: 'electron', types: ['function', 'function'], leaked: [] });
  });

  test('gives the page no Node', each, async () => {
    const types = await page.evaluate(() => ['require', 'process', 'module', 'Buffer', 'global'].map((name) => typeof Reflect.get(window, name)));
    assert.deepEqual(types, ['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  test('reaches the core through the checked IPC, and refuses what the contract does not know', each, async () => {
    const [info, unknown, bad] = await page.evaluate(async () => {
      /** @type {(method: string, input: unknown) => Promise<unknown>} */
      const call = Reflect.get(Reflect.get(window, 'nexvio'), 'call');
      return Promise.all([call('workspace.info', {}), call('fs.readFile', { path: '/etc/passwd' }), call('contacts.get', { id: '' })]);
    });
    assert.deepEqual({ ok: /** @type {{ok: boolean}} */ (info).ok, host: /** @type {{value: {host: string}}} */ (info).value.host }, { ok: true, host: 'electron' });
    assert.deepEqual(/** @type {{error: {code: string}}} */ (unknown).error.code, 'unknown_method');
    assert.deepEqual(/** @type {{error: {code: string}}} */ (bad).error.code, 'bad_request');
  });

  test('denies navigation away from the app', each, async () => {
    for (const target of ['https://example.com/', 'file:///etc/passwd']) {
      await page.evaluate((url) => {
        window.location.href = url;
      }, target);
      await sleep(500);
      assert.match(page.url(), /^app:\/\/nexvio\//, `navigated to ${target}`);
    }
  });

  test('denies window.open and sends only http(s) links to the OS browser', each, async () => {
    // Record instead of opening a real browser.
    const stubbed = await app.evaluate(({ shell }) => {
      /** @type {string[]} */
      const opened = [];
      const record = async (/** @type {string} */ url) => {
        opened.push(url);
      };
      Reflect.set(globalThis, '__nexvioOpened', opened);
      Reflect.set(shell, 'openExternal', record);
      return shell.openExternal === record;
    });
    const targets = ['file:///etc/passwd', 'app://nexvio/index.html', 'javascript:alert(1)', ...(stubbed ? ['https://example.com/docs'] : [])];
    const results = await page.evaluate((urls) => urls.map((url) => window.open(url)), targets);
    assert.deepEqual(results, targets.map(() => null));
    await sleep(300);
    assert.equal(app.windows().length, 1);
    const opened = await app.evaluate(() => Reflect.get(globalThis, '__nexvioOpened'));
    assert.deepEqual(opened, stubbed ? ['https://example.com/docs'] : []);
  });

  test('serves a strict Content-Security-Policy and enforces it', each, async () => {
    const result = await page.evaluate(async () => {
      const response = await fetch('app://nexvio/index.html');
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true';
      document.body.append(inline);
      const remote = await fetch('https://example.com/').then(
        () => 'loaded',
        () => 'blocked',
      );
      return { csp: response.headers.get('content-security-policy'), inlineRan: Reflect.get(window, '__inlineRan') === true, remote };
    });
    assert.ok(result.csp, 'no Content-Security-Policy header');
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'"]) {
      assert.ok(result.csp.includes(directive), `CSP lacks ${directive}`);
    }
    assert.equal(result.inlineRan, false, 'an inline script ran');
    assert.equal(result.remote, 'blocked');
  });

  test('closes the database cleanly on quit', each, async () => {
    const database = join(userData, 'workspaces', 'default.db');
    assert.ok(existsSync(database), 'no workspace database was created');
    await app.close();
    // SQLite removes the WAL file when the last connection closes cleanly.
    assert.equal(existsSync(`${database}-wal`), false, 'the WAL file is still there: the worker did not close the database');
  });
});

/** @typedef {{ ok: boolean, value?: { host?: string, phase?: string, problem?: { code: string } | null }, error?: { code: string, path?: (string | number)[] } }} EnvelopeLike */
/**
 * What stand-in/drive.mjs prints.
 * @typedef {{
 *   beforeReady: string[], log: string[], windows?: number, hashBefore?: string, hashAfter?: string,
 *   preloadExists?: boolean, info?: EnvelopeLike, state?: EnvelopeLike, created?: EnvelopeLike, invalid?: EnvelopeLike, untrusted?: EnvelopeLike,
 *   events?: unknown[][], page?: { status: number, type: string | null, csp: string | null }, escape?: number,
 *   cancelled?: Record<string, boolean>, filesBeforeQuit?: string[], filesAfterQuit?: string[],
 * }} DriveResult
 */

describe('the bundled main process under a stand-in Electron', () => {
  before(buildIfStale);

  /**
   * Runs stand-in/drive.mjs with a throwaway user-data folder and returns its result.
   * @param {'session' | 'too-new'} scenario
   * @returns {DriveResult}
   */
  function drive(scenario) {
    const userData = mkdtempSync(join(tmpdir(), 'nexvio-stand-in-'));
    try {
      const here = new URL('./stand-in/', import.meta.url);
      const child = spawnSync(process.execPath, ['--import', new URL('register.mjs', here).href, fileURLToPath(new URL('drive.mjs', here)), scenario], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...childEnv(), NEXVIO_USER_DATA_DIR: userData },
      });
      const line = child.stdout.split('\n').find((text) => text.startsWith('RESULT '));
      assert.ok(line, `drive.mjs ${scenario} gave no result (exit ${child.status}):\n${child.stdout}\n${child.stderr}`);
      return JSON.parse(line.slice('RESULT '.length));
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  }

  test('starts in order, answers IPC through the real worker, serves app://, closes the database on quit', () => {
    const result = drive('session');
    assert.deepEqual(result.beforeReady.filter((line) => !line.startsWith('schemes')), ['enableSandbox']);
    assert.ok(result.beforeReady.some((line) => line.startsWith('schemes [{"scheme":"app"')), 'app:// was not registered before ready');
    assert.equal(result.preloadExists, true, 'dist/preload.cjs is not where main looks for it');
    assert.ok(result.log.includes('loadURL app://nexvio/index.html'));

    assert.equal(result.info?.ok, true, JSON.stringify(result.info));
    assert.equal(result.info?.value?.host, 'electron');
    assert.equal(result.created?.ok, true, JSON.stringify(result.created));
    assert.deepEqual(result.invalid?.error?.path, ['fields', 'email']);
    assert.equal(result.untrusted?.ok, false);
    assert.equal(result.events?.[0]?.[0], 'nexvio:event');

    assert.equal(result.page?.status, 200, 'dist/renderer/index.html was not served');
    assert.equal(result.page?.type, 'text/html; charset=utf-8');
    assert.match(result.page?.csp ?? '', /script-src 'self'/);
    assert.equal(result.escape, 403);
    assert.deepEqual(result.cancelled, { 'https://example.com/x.js': true, 'app://nexvio/index.html': false });

    assert.ok(result.filesBeforeQuit?.includes('default.db-wal'));
    // SQLite removes the WAL file when the last connection closes cleanly.
    assert.deepEqual(result.filesAfterQuit, ['default.db']);
  });

  test('opens a workspace from a newer app on the recovery screen: a window, app.state says too_new, worker calls refused', () => {
    const result = drive('too-new');
    assert.equal(result.windows, 1, result.log.join('\n'));
    assert.ok(!result.log.some((line) => line.startsWith('exit')), result.log.join('\n'));
    assert.equal(result.state?.ok, true, JSON.stringify(result.state));
    assert.equal(result.state?.value?.phase, 'recovery');
    assert.equal(result.state?.value?.problem?.code, 'too_new');
    assert.equal(result.info?.ok, false);
    assert.equal(result.info?.error?.code, 'unavailable');
  });

  test('leaves a workspace from a newer app byte for byte as it was', () => {
    const result = drive('too-new');
    assert.equal(result.hashAfter, result.hashBefore);
  });
});
