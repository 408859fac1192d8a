/**
 * Cuts a stream of output chunks into whole lines (a chunk may end mid-line, or hold many).
 * Pure; logging.ts uses it to copy the worker thread's console output into the log file.
 */
import { StringDecoder } from 'node:string_decoder';

export const MAX_LINE_LENGTH = 4000;

export class LineBuffer {
  private pending = '';
  /** Holds the first bytes of a character split between two chunks. */
  private readonly decoder = new StringDecoder('utf8');

  /** The complete lines in `chunk` (and before it); a trailing part waits for its end. */
  push(chunk: string | Uint8Array): string[] {
    const text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.from(chunk)));
    const parts = text.split(/\r?\n/);
    this.pending = parts.pop() ?? '';
    // A runaway line without an end is cut rather than held forever.
    if (this.pending.length > MAX_LINE_LENGTH) {
      parts.push(this.pending);
      this.pending = '';
    }
    return parts.filter((line) => line.trim() !== '').map((line) => (line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line));
  }
}
