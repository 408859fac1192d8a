/** A text file written chunk by chunk with backpressure, removed again when the export stops. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';

export class TextFile {
  private constructor(
    private readonly out: WriteStream,
    readonly path: string,
  ) {}

  /** Takes over an open descriptor (from `newExportFile`) or creates the file at `path`. */
  static async open(path: string, fd?: number): Promise<TextFile> {
    const out = fd === undefined ? createWriteStream(path, { flags: 'w' }) : createWriteStream(path, { fd, autoClose: true });
    if (fd === undefined) await once(out, 'open');
    return new TextFile(out, path);
  }

  async write(text: string): Promise<void> {
    if (text.length === 0) return;
    if (!this.out.write(text, 'utf8')) await once(this.out, 'drain');
  }

  async end(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  async abort(): Promise<void> {
    this.out.destroy();
    await rm(this.path, { force: true });
  }
}
