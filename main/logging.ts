/**
 * Electron glue: the main process's log file (electron-log), with everything redacted by
 * log-redaction.ts before any transport (file or terminal) sees it. console.* of the main
 * process goes there too, so the existing `[main]`, `[ipc]`, `[window]` lines are kept.
 *
 * The database worker's console (`[backup] …`, `[sync] …`) runs in a worker thread whose
 * output Node pipes into this process's stdout/stderr; those writes are copied into the
 * file too (scope `worker`), line by line, redacted like the rest.
 */
import { join } from 'node:path';
import log from 'electron-log/main';
import { redactValue } from './log-redaction.js';
import { LineBuffer } from './output-lines.js';

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
  copyProcessOutput();
}

const OUTPUT_SCOPE = 'worker';

/**
 * Copies what else reaches stdout/stderr (the worker thread's console) into the file. The
 * console transport's own writes are not copied back (that would double every line), and
 * the copies do not go to the console transport (the terminal has them already).
 */
function copyProcessOutput(): void {
  const consoleTransport = log.transports.console;
  const writeToConsole = consoleTransport.writeFn.bind(consoleTransport);
  // Above zero while the logger itself writes: its writes are not copied (no doubles, and
  // no loop when the file transport reports its own trouble on the console).
  let loggerWriting = 0;
  const asLogger = (write: () => void): void => {
    loggerWriting++;
    try {
      write();
    } finally {
      loggerWriting--;
    }
  };
  consoleTransport.writeFn = (options) => asLogger(() => writeToConsole(options));
  log.hooks.push((message, _transport, transportName) => (transportName === 'console' && message.scope === OUTPUT_SCOPE ? false : message));
  // Only these lines carry a scope; no padding on all the others.
  log.scope.labelPadding = false;
  const output = log.scope(OUTPUT_SCOPE);

  for (const [stream, level] of [
    [process.stdout, 'info'],
    [process.stderr, 'warn'],
  ] as const) {
    // A Windows GUI app may have no usable stdio at all.
    if (typeof stream?.write !== 'function') continue;
    const lines = new LineBuffer();
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (loggerWriting === 0 && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
        asLogger(() => {
          for (const line of lines.push(chunk)) output[level](line);
        });
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
