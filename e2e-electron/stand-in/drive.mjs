/**
 * Plays Electron for the bundled dist/main.js (loaded against the stand-in electron module,
 * with the real worker, SQLite and renderer files) and prints what happened as one JSON
 * line. e2e-electron/run.mjs runs it in a child process and checks the result.
 *   node --import ./register.mjs drive.mjs session|too-new   (NEXVIO_USER_DATA_DIR set)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { app, BrowserWindow, emitReady, handlers, log } from './electron.mjs';

const root = new URL('../../', import.meta.url);
const scenario = process.argv[2];
const workspaces = join(process.env['NEXVIO_USER_DATA_DIR'] ?? '', 'workspaces');
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

  result['filesBeforeQuit'] = readdirSync(workspaces).sort();
  app.quit();
  await until(() => log.includes('quit:done'));
  result['filesAfterQuit'] = readdirSync(workspaces).sort();
}

result['log'] = log;
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
