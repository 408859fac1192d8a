/**
 * The browser host: the same renderer and core as the desktop app, served to a normal
 * browser on 127.0.0.1. Calls arrive over a WebSocket at /api/ws and are validated against
 * the contract exactly as main/ipc.ts validates IPC calls, then answered by the workspace
 * session (core/session/): the database worker, or the recovery screen's methods.
 *
 *   node dist/web.js --port 5199 --data-dir /tmp/x [--seed 2000]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { CoreWorkerStartError, type CoreWorker } from '../core/worker/client.js';
import { validateCall } from '../core/api/validate.js';
import type { AppEvent, Envelope } from '../preload/contract.js';
import { Session } from '../core/session/session.js';
import { defaultIntegrityThread } from '../core/session/integrity.js';
import type { SessionHostPorts } from '../core/session/ports.js';
import packageJson from '../package.json' with { type: 'json' };
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { FileTokenVault } from './token-file.js';
import { keepTokensIn } from '../core/worker/token-keeper.js';
import { connectorVaults, keepConnectorSecretsIn, loadConnectorSecrets } from '../core/worker/connector-secret-keeper.js';
import { parseHostArgs, HostArgsError, type HostArgs } from './args.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

export async function startWebHost(args: HostArgs, log: (line: string) => void = console.log): Promise<RunningHost> {
  const rendererDir = resolve(args.rendererDir ?? fileURLToPath(new URL('./renderer/', import.meta.url)));
  mkdirSync(args.dataDir, { recursive: true });
  const vault = new FileTokenVault(args.dataDir);
  const secretVaults = connectorVaults((fileName) => new FileTokenVault(args.dataDir, fileName));
  // A browser cannot be shown a folder or a picker by this host; it has no updater or log file.
  const ports: SessionHostPorts = { host: 'browser', version: packageJson.version, logsFolder: null, reveal: () => Promise.resolve(false), chooseFolder: null, updates: null };
  // The --data-dir holds the settings (preferences, a moved data folder) and is the default data folder.
  const session = await Session.start({
    ports,
    settingsFolder: args.dataDir,
    defaultDataFolder: args.dataDir,
    databaseFileName: 'workspace.db',
    ...(args.workerUrl ? { worker: { workerUrl: args.workerUrl } } : {}),
    integrityThread: defaultIntegrityThread(),
    onWorkerOpened: (worker: CoreWorker) => {
      worker.provideConnectorSecrets(loadConnectorSecrets(secretVaults));
      worker.resumeSync(vault.load());
      return keepConnectorSecretsIn(secretVaults, keepTokensIn(vault, worker));
    },
  });
  const target = session;
  const opened = session.state();
  if (opened.problem) log(`${opened.problem.title}: the app shows its recovery screen. (${opened.databasePath})`);

  if (args.seed && !opened.problem) {
    const info = await session.callUnchecked('workspace.info', {});
    if (info.ok && (info.value as { contactCount: number }).contactCount === 0) {
      log(`Seeding ${args.seed.toLocaleString('en-US')} demo contacts…`);
      const started = Date.now();
      const seeded = (await session.callUnchecked('workspace.seedDemo', { contacts: args.seed })) as Envelope<{ contacts: number }>;
      if (!seeded.ok) throw new Error(`Could not seed the workspace: ${seeded.error.message}`);
      log(`Seeded ${seeded.value.contacts.toLocaleString('en-US')} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }

  if ((args.demo || args.service) && !opened.problem) {
    const status = (await session.callUnchecked('sync.status', {})) as Envelope<{ phase: string }>;
    const connected = status.ok && status.value.phase !== 'disconnected';
    if (args.demo && !connected) {
      log('Starting the demo chatbot service with generated contacts and live activity…');
      const started = await target.callUnchecked('sync.startDemo', { contacts: 2000 });
      if (!started.ok) throw new Error(`Could not start the demo workspace: ${started.error.message}`);
    } else if (args.service) {
      const connectedTo = await target.callUnchecked('sync.connect', { serviceUrl: args.service.url, token: args.service.token });
      if (!connectedTo.ok) throw new Error(`Could not connect to ${args.service.url}: ${connectedTo.error.message}`);
      log(`Connected to ${args.service.url}; syncing in the background.`);
    }
  }

  const server = createServer((request, response) => {
    void serveStatic(rendererDir, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // Only pages this host served may talk to it: a web page on another origin must not
    // drive the local database through the browser (cross-site WebSocket hijacking).
    if (url.pathname !== '/api/ws' || !sameOrigin(request)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws));
  });

  sockets.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data) => {
      void answer(ws, String(data));
    });
  });

  async function answer(ws: WebSocket, text: string): Promise<void> {
    let id: unknown = null;
    let envelope: Envelope<unknown>;
    try {
      const message = JSON.parse(text) as { id?: unknown; method?: unknown; input?: unknown };
      id = message.id;
      const call = validateCall(message.method, message.input);
      envelope = call.ok ? await target.callUnchecked(call.method, call.input) : { ok: false, error: call.error };
    } catch {
      envelope = { ok: false, error: { code: 'bad_request', message: 'The message was not valid JSON.' } };
    }
    if (typeof id !== 'number') return;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, envelope }));
  }

  session.onEvent((event: AppEvent) => {
    const text = JSON.stringify({ event });
    for (const client of clients) if (client.readyState === client.OPEN) client.send(text);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(args.port, args.bindAddress, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  const url = `http://${args.bindAddress}:${port}/`;

  return {
    url,
    async close() {
      for (const client of clients) client.close();
      sockets.close();
      await new Promise<void>((done) => server.close(() => done()));
      await session.close();
    },
  };
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    response.writeHead(400, SECURITY_HEADERS).end('Bad request');
    return;
  }
  const file = resolveInside(root, pathname === '/' ? '/index.html' : pathname);
  const target = file && (await isFile(file)) ? file : join(root, 'index.html');
  try {
    const body = await readFile(target);
    response.writeHead(200, {
      'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
      'Cache-Control': target.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      ...SECURITY_HEADERS,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    response.end('The app has not been built. Run `npm run build` and reload.');
  }
}

/** Maps a URL path into `root`, or null when it would step outside it. */
export function resolveInside(root: string, urlPath: string): string | null {
  if (urlPath.includes('\0')) return null;
  const candidate = normalize(join(root, urlPath));
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep) ? candidate : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  let args: HostArgs;
  try {
    args = parseHostArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HostArgsError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  let host: RunningHost;
  try {
    host = await startWebHost(args);
  } catch (error) {
    const message = error instanceof CoreWorkerStartError || error instanceof Error ? error.message : String(error);
    console.error(`Nexvio Contacts could not start: ${message}`);
    process.exit(1);
  }
  console.log(`Nexvio Contacts is running at ${host.url}`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
