/**
 * The database worker's side of the analytics reader thread (core/analytics/reader-thread.ts):
 * started on the first slow figure, answers in order, stopped with the workspace. Running
 * from sources (unit tests) there is no bundled thread, and figures are computed in place.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApiErrorBody, MethodOutput, ParsedInput } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import type { FigureMethod, FigureReader } from './figures.js';

export interface ReaderThreadData {
  databasePath: string;
}
export interface ReaderRequest {
  id: number;
  method: string;
  input: unknown;
}
export type ReaderReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ApiErrorBody };

/** The bundled reader thread beside this module's bundle; null when running from sources. */
export function defaultReaderUrl(): URL | null {
  const url = new URL('./analytics-reader.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

export class AnalyticsReader implements FigureReader {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly url: URL,
    private readonly databasePath: string,
  ) {}

  call<M extends FigureMethod>(method: M, input: ParsedInput<M>): Promise<MethodOutput<M>> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<MethodOutput<M>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, input } satisfies ReaderRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fail(new CoreError('unavailable', 'The workspace was closed.'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url, { workerData: { databasePath: this.databasePath } satisfies ReaderThreadData });
    // An idle reader does not keep the process alive; calls in flight hold their promises.
    worker.unref();
    worker.on('message', (reply: ReaderReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new CoreError(reply.error.code, reply.error.message, reply.error.path));
    });
    const stopped = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      this.fail(error);
    };
    worker.on('error', (error) => stopped(new CoreError('internal', `The analytics thread failed: ${error.message}`)));
    worker.on('exit', (code) => stopped(new CoreError('unavailable', `The analytics thread stopped (exit code ${code}); try again.`)));
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
