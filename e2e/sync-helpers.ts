/**
 * Processes the sync tests start themselves: the reference chatbot service (with an admin
 * token, so a test can change data "as the chatbot") and fresh, empty browser hosts to connect
 * to it through the UI. Data folders live in this run's folder (removed by the teardown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from './fixtures';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const AGENT_TOKEN = 't1';
export const ADMIN_TOKEN = 'adm';

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export interface Service extends Running {
  /** The admin API: POST with a body, GET without. */
  admin<T>(path: string, body?: unknown): Promise<T>;
  /** Every live contact as the service has it (a full pull with the agent token). */
  contacts(): Promise<Map<string, Record<string, unknown>>>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function dataDir(prefix: string): string {
  const base = process.env.NEXVIO_E2E_DATA ?? tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, prefix));
}

/** Starts `node <args>` in the project folder and resolves once `ready` says so. */
async function start(args: string[], ready: () => Promise<boolean>, what: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${stderr}`);
    if (await ready().catch(() => false)) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} did not get ready in 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The reference service with `seed` generated contacts, agent token t1 and admin token adm. */
export async function startService({ seed = 50 }: { seed?: number } = {}): Promise<Service> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['bin/nexvio-contacts.mjs', 'service', '--port', String(port), '--data-dir', dataDir('service-'), '--token', AGENT_TOKEN, '--admin-token', ADMIN_TOKEN];
  if (seed > 0) args.push('--seed', String(seed));
  // Ready once the API answers (it answers 503 while it seeds).
  const child = await start(args, async () => (await fetch(`${url}/v1/workspace`, { headers: { authorization: `Bearer ${AGENT_TOKEN}` } })).ok, 'The service');

  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  const contacts = async () => {
    const found = new Map<string, Record<string, unknown>>();
    let cursor: string | null = null;
    for (;;) {
      const response = await fetch(`${url}/v1/sync/pull`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cursor, limit: 5000 }),
      });
      if (!response.ok) throw new Error(`pull: ${response.status}`);
      const page = (await response.json()) as { changes: { entity: string; op: string; id: string; data?: Record<string, unknown> }[]; next_cursor: string; has_more: boolean };
      for (const change of page.changes) if (change.entity === 'contact' && change.op === 'upsert' && change.data) found.set(change.id, change.data);
      cursor = page.next_cursor;
      if (!page.has_more) return found;
    }
  };

  return { url, admin, contacts, stop: () => stop(child) };
}

/** A browser host on a fresh workspace (`--data-dir` only), like a first start; `seed` fills it with generated contacts of its own. */
export async function startHost({ seed, folder = dataDir('host-') }: { seed?: number; folder?: string } = {}): Promise<Running & { folder: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const args = ['dist/web.js', '--port', String(port), '--data-dir', folder, ...(seed ? ['--seed', String(seed)] : [])];
  const child = await start(args, async () => (await fetch(url)).ok, 'The browser host');
  return { url, folder, stop: () => stop(child) };
}

/**
 * The test function with a `service` (the reference service with `seed` contacts) and a fresh,
 * empty `host` of its own for each test.
 */
export function withServiceAndHost(seed: number) {
  return base.extend<{ service: Service; host: Running }>({
    // eslint-disable-next-line no-empty-pattern
    service: async ({}, use) => {
      const service = await startService({ seed });
      await use(service);
      await service.stop();
    },
    host: async ({ page }, use) => {
      const host = await startHost();
      await use(host);
      // Close the page first: a page left open would log its reconnect attempts to the stopped
      // host as console errors, which the guard fixture (checked after this) counts as problems.
      await page.close();
      await host.stop();
    },
  });
}
