/**
 * The thread that serves the UI (Electron's main process, the browser host) owns one
 * CoreWorker: the database and every job run inside it, so a long query never blocks IPC.
 */
import { Worker } from 'node:worker_threads';
import type { AppEvent, ConnectorVendor, Envelope, MethodName, MethodOutput, ParsedInput } from '../../preload/contract.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

export interface CoreWorkerOptions {
  databasePath: string;
  host: 'electron' | 'browser';
  /** The worker script; defaults to worker.js beside the bundled entry point. */
  workerUrl?: URL;
  /** Extra Node flags for the worker (tests run the TypeScript source through tsx). */
  execArgv?: string[];
  slowQueryMs?: number;
  demoWorkerUrl?: URL;
  demoExecArgv?: string[];
}

export class CoreWorkerStartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class CoreWorker {
  private nextId = 1;
  private readonly pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.failAll(`The database worker stopped: ${error.message}`));
    worker.on('exit', () => {
      this.exited = true;
      this.failAll('The database worker has exited.');
    });
  }

  static start(options: CoreWorkerOptions): Promise<CoreWorker> {
    const init: WorkerInit = {
      databasePath: options.databasePath,
      host: options.host,
      slowQueryMs: options.slowQueryMs ?? 200,
      ...(options.demoWorkerUrl ? { demoWorkerUrl: options.demoWorkerUrl.href } : {}),
      ...(options.demoExecArgv ? { demoExecArgv: options.demoExecArgv } : {}),
    };
    const worker = new Worker(options.workerUrl ?? new URL('./worker.js', import.meta.url), {
      workerData: init,
      execArgv: options.execArgv ?? [],
    });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.kind === 'ready') {
          worker.off('message', onMessage);
          worker.off('error', onError);
          resolve(new CoreWorker(worker));
        } else if (message.kind === 'fatal') {
          worker.off('message', onMessage);
          worker.off('error', onError);
          void worker.terminate();
          reject(new CoreWorkerStartError(message.message, message.code));
        }
      };
      const onError = (error: Error) => reject(new CoreWorkerStartError(error.message, undefined));
      worker.on('message', onMessage);
      worker.once('error', onError);
    });
  }

  call<M extends MethodName>(method: M, input: ParsedInput<M>): Promise<Envelope<MethodOutput<M>>> {
    return this.callUnchecked(method, input) as Promise<Envelope<MethodOutput<M>>>;
  }

  /** For callers that validated `input` against the contract already (core/api/validate.ts). */
  callUnchecked(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
    if (this.exited) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'The database worker is not running.' } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ kind: 'call', id, method, input });
    });
  }

  /** Hands the worker the token the host keeps for the connected service, so syncing resumes. */
  resumeSync(token: string | null): void {
    if (!this.exited) this.post({ kind: 'resume-sync', token });
  }

  /** Hands the connectors the secrets the host's vault keeps (never stored in the database). */
  provideConnectorSecrets(secrets: Partial<Record<ConnectorVendor, string>>): void {
    if (!this.exited) this.post({ kind: 'connector-secrets', secrets });
  }

  /** Appends an entry to the workspace's audit log, as the current agent (the session's own actions). */
  recordAudit({ action, details }: { action: string; details: Record<string, unknown> }): Promise<Envelope<unknown>> {
    if (this.exited) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'The database worker is not running.' } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ kind: 'audit', id, action, details });
    });
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Finishes the calls in flight, closes the database cleanly, and ends the thread. */
  async close(): Promise<void> {
    if (this.exited) return;
    const closed = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.post({ kind: 'close' });
    await closed;
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'result') {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.envelope);
    } else if (message.kind === 'event') {
      for (const listener of this.listeners) listener(message.event);
    }
  }

  private failAll(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'unavailable', message } });
    this.pending.clear();
  }
}
