/**
 * Runs the integrity check (integrity-thread.ts) in a thread and waits for its answer.
 * Running from sources (unit tests) the thread is started through tsx.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface IntegrityThreadData {
  databasePath: string;
}
export type IntegrityReply = { ok: true; findings: string[]; ms: number } | { ok: false; message: string; code?: string };

export interface IntegrityThread {
  url: URL;
  execArgv?: string[];
}

/** The bundled thread beside this module's bundle; null when running from sources. */
export function defaultIntegrityThread(): IntegrityThread | null {
  const url = new URL('./integrity-check.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? { url } : null;
}

/** Stopped through `signal`, it answers `ok: false`. A failure to open the file comes back as `ok: false` with SQLite's code (the caller classifies it). */
export function runIntegrityCheck(thread: IntegrityThread, databasePath: string, signal?: AbortSignal): Promise<IntegrityReply> {
  return new Promise((resolve) => {
    const worker = new Worker(thread.url, { workerData: { databasePath } satisfies IntegrityThreadData, execArgv: thread.execArgv ?? [] });
    let answered = false;
    signal?.addEventListener('abort', () => void worker.terminate(), { once: true });
    worker.once('message', (reply: IntegrityReply) => {
      answered = true;
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!answered) resolve({ ok: false, message: error.message });
      answered = true;
    });
    worker.once('exit', () => {
      if (!answered) resolve({ ok: false, message: 'The integrity check stopped before it answered.' });
      answered = true;
    });
  });
}
