/**
 * Plays Electron for the bundled dist/main.js (loaded against the stand-in electron module,
 * with the real worker, SQLite and renderer files) and prints what happened as one JSON
 * line. e2e-electron/run.mjs runs it in a child process and checks the result.
 *   node --import ./register.mjs drive.mjs session|too-new|relaunch   (NEXVIO_USER_DATA_DIR set)
 * `relaunch`: a window state saved on a monitor that is gone, and a deep link in argv.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { app, BrowserWindow, emitReady, handlers, log, menu } from './electron.mjs';

const root = new URL('../../', import.meta.url);
const scenario = process.argv[2];
const userData = process.env['NEXVIO_USER_DATA_DIR'] ?? '';
const workspaces = join(userData, 'workspaces');
const AT_START_ID = 'c0ffee00-0000-4000-8000-000000000001';
const database = join(workspaces, 'default.db');

/** @param {() => boolean} check */
async function until(check) {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`timed out; log: ${log.join(' | ')}`);
}

const fileHash = () => createHash('sha256').update(readFileSync(database)).digest('hex');

/** @type {Record<string, unknown>} */
const result = { scenario };

if (scenario === 'too-new') {
  // A workspace written by a newer app: schema far ahead of anything this app knows.
  mkdirSync(workspaces, { recursive: true });
  const Database = createRequire(root)('better-sqlite3');
  const db = new Database(database);
  db.exec('CREATE TABLE t (x)');
  db.pragma('user_version = 999');
  db.close();
  result['hashBefore'] = fileHash();
}

if (scenario === 'relaunch') {
  // Last run ended on an external monitor that is no longer attached.
  mkdirSync(userData, { recursive: true });
  writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ bounds: { x: 3000, y: 100, width: 1600, height: 1000 }, maximized: false, fullscreen: false }));
  // Windows/Linux: the OS starts the app with the link as an argument.
  process.argv.push(`nexvio-contacts://contact/${AT_START_ID}`);
}

/** The session events main sent to the window, of the given types. */
const sentOf = (/** @type {BrowserWindow} */ window, /** @type {string[]} */ types) =>
  window.webContents.sent.map(([, event]) => /** @type {{ type: string }} */ (event)).filter((event) => types.includes(event.type));

/**
 * Finds a menu item by label (without & mnemonics) in what main installed.
 * @param {unknown} items @param {string} label @returns {{ click?: () => void } | undefined}
 */
function menuItem(items, label) {
  for (const item of /** @type {{ label?: string, submenu?: unknown, click?: () => void }[]} */ (items ?? [])) {
    if (item.label?.replace('&', '') === label) return item;
    const inner = Array.isArray(item.submenu) ? menuItem(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

await import(new URL('dist/main.js', root).href);
result['beforeReady'] = [...log];
emitReady();

if (scenario === 'too-new') {
  // The window opens on the recovery screen (core/session/): app.state says why.
  await until(() => BrowserWindow.getAllWindows().length === 1 || log.some((line) => line.startsWith('exit')));
  result['windows'] = BrowserWindow.getAllWindows().length;
  const call = /** @type {((event: unknown, method: string, input: unknown) => Promise<unknown>) | undefined} */ (handlers.get('nexvio:call'));
  const trusted = { sender: { id: 1 }, senderFrame: { url: 'app://nexvio/index.html', processId: 1, routingId: 1 } };
  if (call) {
    result['state'] = await call(trusted, 'app.state', {});
    result['info'] = await call(trusted, 'workspace.info', {});
  }
  app.quit();
  await until(() => log.includes('quit:done'));
  result['hashAfter'] = fileHash();
} else if (scenario === 'relaunch') {
  await until(() => BrowserWindow.getAllWindows().length === 1);
  const window = BrowserWindow.getAllWindows()[0];
  if (!window) throw new Error('no window');
  result['windowOptions'] = window.options;
  // The link is held until the page has loaded and had a moment to subscribe.
  result['eventsAtLoad'] = sentOf(window, ['app.openContact']);
  await until(() => sentOf(window, ['app.openContact']).length > 0);
  result['deepLinkEvents'] = sentOf(window, ['app.openContact', 'app.notice']);
  app.quit();
  await until(() => log.includes('quit:done'));
} else {
  await until(() => BrowserWindow.getAllWindows().length === 1);
  const window = BrowserWindow.getAllWindows()[0];
  if (!window) throw new Error('no window');
  result['preloadExists'] = existsSync(window.options.webPreferences?.preload ?? '');

  const call = /** @type {(event: unknown, method: string, input: unknown) => Promise<unknown>} */ (handlers.get('nexvio:call'));
  const trusted = { sender: { id: 1 }, senderFrame: { url: 'app://nexvio/index.html', processId: 1, routingId: 1 } };
  result['info'] = await call(trusted, 'workspace.info', {});
  result['created'] = await call(trusted, 'contacts.create', { fields: { firstName: 'Ada', email: 'ada@example.com' } });
  result['invalid'] = await call(trusted, 'contacts.create', { fields: { email: 'not an address' } });
  result['untrusted'] = await call({ ...trusted, senderFrame: { ...trusted.senderFrame, url: 'https://example.com/' } }, 'workspace.info', {});
  await until(() => window.webContents.sent.length > 0);
  result['events'] = window.webContents.sent;

  const serve = /** @type {(request: Request) => Promise<Response>} */ (handlers.get('protocol:app'));
  const page = await serve(new Request('app://nexvio/'));
  result['page'] = { status: page.status, type: page.headers.get('content-type'), csp: page.headers.get('content-security-policy') };
  result['escape'] = (await serve(new Request('app://nexvio/..%2Fmain.js'))).status;

  const onRequest = /** @type {(details: { url: string }, callback: (response: { cancel: boolean }) => void) => void} */ (handlers.get('webRequest'));
  /** @type {Record<string, boolean>} */
  const cancelled = {};
  for (const url of ['https://example.com/x.js', 'app://nexvio/index.html']) onRequest({ url }, ({ cancel }) => (cancelled[url] = cancel));
  result['cancelled'] = cancelled;

  // Logs: main's console goes to the log file, redacted.
  console.warn('[drive] a line about ada@example.com with token=abc123 for contact 3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c');
  // A worker thread's console reaches this process's stderr (as the database worker's does).
  const thread = new Worker("console.warn('[thread] backup failed for bob@example.com (ENOSPC)')", { eval: true });
  await new Promise((resolve) => thread.once('exit', resolve));
  await until(() => readFileSync(join(userData, 'logs', 'main.log'), 'utf8').includes('[thread]'));
  const logFile = join(userData, 'logs', 'main.log');
  result['logFile'] = existsSync(logFile) ? readFileSync(logFile, 'utf8') : null;

  // Deep links: a second instance's argv (Windows/Linux), open-url (macOS), a hostile one.
  await until(() => !window.webContents.isLoading());
  const createdId = /** @type {{ value: { id: string } }} */ (result['created']).value.id;
  app.emit('second-instance', {}, ['/opt/nexvio/nexvio-contacts', '--flag', `nexvio-contacts://contact/${createdId}`], '/');
  app.emit('open-url', { preventDefault() {} }, 'nexvio-contacts://contact/..%2F..%2Fetc%2Fpasswd');
  await until(() => sentOf(window, ['app.openContact', 'app.notice']).length >= 2);
  result['deepLinkEvents'] = sentOf(window, ['app.openContact', 'app.notice']);
  result['createdId'] = createdId;

  // The menu's own items.
  menuItem(menu.template, 'Settings…')?.click?.();
  menuItem(menu.template, 'Reveal Logs')?.click?.();
  menuItem(menu.template, 'Check for Updates…')?.click?.();
  await until(() => log.some((line) => line.startsWith('openPath ')));
  result['menuEvents'] = sentOf(window, ['app.navigate']);

  // Window state: a move is saved (debounced), at the latest on close.
  window.emit('move');
  window.emit('close');
  const statePath = join(userData, 'window-state.json');
  result['windowState'] = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : null;

  result['filesBeforeQuit'] = readdirSync(workspaces).sort();
  app.quit();
  await until(() => log.includes('quit:done'));
  result['filesAfterQuit'] = readdirSync(workspaces).sort();
}

result['log'] = log;
// Straight to stdout: main sent console.* through the (redacting) log.
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
