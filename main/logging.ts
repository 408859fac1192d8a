/**
 * Electron glue: the main process's log file (electron-log), with everything redacted by
 * log-redaction.ts before any transport (file or terminal) sees it. console.* of the main
 * process goes there too, so the existing `[main]`, `[ipc]`, `[window]` lines are kept.
 *
 * Not captured: the database worker's own console output. It runs in a worker thread whose
 * stdout Node pipes straight into the process's stdout; catching it would mean creating the
 * Worker with `stdout: true` in core/worker/client.ts and forwarding its lines here. The
 * worker reports failures through its replies and events, which main logs.
 */
import { join } from 'node:path';
import log from 'electron-log/main';
import { redactValue } from './log-redaction.js';

export const LOG_FILE_NAME = 'main.log';
/** About a month of ordinary use; electron-log then renames it to main.old.log (one old file kept). */
export const LOG_MAX_BYTES = 2 * 1024 * 1024;

let started = false;

/** Starts logging into `folder` (app.getPath('logs'), or a test's throwaway folder). */
export function startLogging(folder: string): void {
  if (started) return;
  started = true;
  log.transports.file.resolvePathFn = () => join(folder, LOG_FILE_NAME);
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.file.level = 'info';
  log.hooks.push((message) => ({ ...message, data: message.data.map((item: unknown) => redactValue(item)) }));
  // The console transport keeps the original console functions, so this does not loop.
  Object.assign(console, log.functions);
}
