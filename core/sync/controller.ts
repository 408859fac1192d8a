/**
 * The workspace's connection to a chatbot service, as the contract's `sync.*` methods see
 * it: connect (the address and token are checked with the service first), disconnect, the
 * one-click demo (the bundled reference service started in a thread of its own on
 * 127.0.0.1), and the scheduler that syncs. The token itself is kept by the host (Electron's
 * safeStorage, an owner-only file in the browser host), never in the database.
 */
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { SyncStatus } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import type { Workspace } from '../services/workspace.js';
import { SyncHttpClient, SyncHttpError, normaliseServiceUrl } from './http.js';
import { SyncScheduler } from './scheduler.js';

interface DemoSettings {
  dataDir: string;
  token: string;
  contacts: number;
}

export interface SyncControllerOptions {
  /** The reference service's worker script (dist/service-worker.js beside dist/worker.js). */
  demoWorkerUrl?: URL;
  demoExecArgv?: string[];
  fetchImpl?: typeof fetch;
  /** Live activity of the demo service, changes a minute. */
  demoActivity?: number;
}

export class SyncController {
  readonly scheduler: SyncScheduler;
  private demo: Worker | null = null;

  constructor(
    private readonly ws: Workspace,
    onStatus: (status: SyncStatus) => void,
    private readonly options: SyncControllerOptions = {},
  ) {
    this.scheduler = new SyncScheduler(ws, onStatus, options.fetchImpl ? { fetchImpl: options.fetchImpl } : {});
  }

  /** At start: the host hands over the stored token, or the demo service is brought back. */
  async resume(token: string | null): Promise<void> {
    const demo = this.ws.getSetting<DemoSettings>('demo_service');
    if (demo) {
      try {
        const url = await this.startDemoService(demo, false);
        this.scheduler.configure({ serviceUrl: url, token: demo.token });
      } catch (error) {
        console.error('[sync] the demo service could not restart:', error);
      }
      return;
    }
    const serviceUrl = this.ws.getSetting<string>('service_url');
    if (token && serviceUrl) this.scheduler.configure({ serviceUrl, token });
  }

  async connect(serviceUrl: string, token: string): Promise<SyncStatus> {
    let url: string;
    try {
      url = normaliseServiceUrl(serviceUrl);
    } catch (error) {
      throw new CoreError('bad_request', error instanceof Error ? error.message : String(error), ['serviceUrl']);
    }
    const client = new SyncHttpClient({ baseUrl: url, token, timeoutMs: 15_000, retries: 0, ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}) });
    try {
      await client.workspace();
    } catch (error) {
      if (error instanceof SyncHttpError) {
        throw new CoreError(error.kind === 'unauthorized' ? 'bad_request' : 'unavailable', error.message, [error.kind === 'unauthorized' ? 'token' : 'serviceUrl']);
      }
      throw error;
    }
    await this.stopDemoService();
    this.ws.setSetting('demo_service', null);
    this.scheduler.configure({ serviceUrl: url, token });
    this.ws.audit.append(this.ws.agent, { action: 'sync.connect', details: { service: new URL(url).host } });
    return this.scheduler.status();
  }

  async disconnect(): Promise<SyncStatus> {
    this.scheduler.configure(null);
    await this.stopDemoService();
    this.ws.transaction(() => {
      this.ws.setSetting('demo_service', null);
      this.ws.setSetting('service_url', null);
      this.ws.audit.append(this.ws.agent, { action: 'sync.disconnect' });
    });
    return this.scheduler.status();
  }

  async startDemo(contacts: number): Promise<SyncStatus> {
    const empty = (this.ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM contacts').get()?.n ?? 0) === 0;
    if (!empty && !this.ws.getSetting<DemoSettings>('demo_service')) {
      throw new CoreError('conflict', 'The demo workspace starts from an empty workspace; this one already holds contacts.');
    }
    const demo: DemoSettings = { dataDir: join(dirname(this.ws.options.databasePath), 'demo-service'), token: randomBytes(24).toString('base64url'), contacts };
    const url = await this.startDemoService(demo, true);
    this.ws.setSetting('demo_service', demo);
    this.scheduler.configure({ serviceUrl: url, token: demo.token });
    return this.scheduler.status();
  }

  async close(): Promise<void> {
    this.scheduler.stop();
    await this.scheduler.idle();
    await this.stopDemoService();
  }

  private startDemoService(demo: DemoSettings, seed: boolean): Promise<string> {
    const worker = new Worker(this.options.demoWorkerUrl ?? new URL('./service-worker.js', import.meta.url), {
      workerData: {
        port: 0,
        host: '127.0.0.1',
        dataDir: demo.dataDir,
        tokens: [demo.token],
        ...(seed ? { seed: demo.contacts } : {}),
        activity: this.options.demoActivity ?? 30,
      },
      execArgv: this.options.demoExecArgv ?? [],
    });
    this.demo = worker;
    return new Promise((resolve, reject) => {
      worker.once('error', (error) => reject(new CoreError('unavailable', `The demo service did not start: ${error.message}`)));
      worker.on('message', (message: { kind: string; url?: string; message?: string }) => {
        if (message.kind === 'ready' && message.url) resolve(message.url);
        if (message.kind === 'failed') reject(new CoreError('unavailable', `The demo service did not start: ${message.message ?? 'unknown error'}`));
      });
    });
  }

  private async stopDemoService(): Promise<void> {
    const worker = this.demo;
    this.demo = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ kind: 'close' });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([exited, timeout]);
    await worker.terminate();
  }
}
