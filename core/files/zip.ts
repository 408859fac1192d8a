/**
 * A streaming ZIP writer: entries are deflated as they are written, so an entry of any size
 * (a JSON document of a person with 50,000 messages, a large XLSX sheet) never sits in memory
 * whole. Each entry's CRC-32 and sizes follow its data in a data descriptor (general purpose
 * bit 3), so nothing has to be known in advance or seeked back to; names are UTF-8 (bit 11).
 * No ZIP64: a file or entry that would pass 4 GB is refused with a clear error instead.
 *
 *   const zip = await ZipWriter.create(path);
 *   const entry = zip.entry('person.json');
 *   await entry.write('{"a": 1}');
 *   await entry.end();
 *   await zip.addFile('README.txt', text);
 *   const bytes = await zip.close();
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const FLAGS = 0x0008 | 0x0800; // data descriptor follows; names are UTF-8
const DEFLATE = 8;
const VERSION = 20; // 2.0: deflate
const LIMIT = 0xffffffff;

interface CentralRecord {
  name: Buffer;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

/** MS-DOS date and time (local, 2-second steps), as ZIP stores them. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getFullYear());
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

export class ZipWriter {
  private offset = 0;
  private readonly records: CentralRecord[] = [];
  private open: ZipEntry | null = null;
  private closed = false;
  private readonly stamp = dosDateTime(new Date());

  private constructor(
    private readonly out: WriteStream,
    readonly path: string,
  ) {}

  /** Creates (or replaces) the file at `path`. */
  static async create(path: string): Promise<ZipWriter> {
    const out = createWriteStream(path, { flags: 'w' });
    await once(out, 'open');
    return new ZipWriter(out, path);
  }

  /** Starts an entry; write to it, then `end()` it before starting the next. */
  entry(name: string): ZipEntry {
    if (this.closed) throw new Error('The ZIP file is already closed.');
    if (this.open) throw new Error(`Finish the entry "${this.open.name}" before starting "${name}".`);
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // CRC and sizes (14..25) stay 0: they follow in the data descriptor.
    header.writeUInt16LE(nameBytes.length, 26);
    const start = this.offset;
    this.emit(header);
    this.emit(nameBytes);
    const entry = new ZipEntry(name, this.out, (crc, compressedSize, size) => {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressedSize, 8);
      descriptor.writeUInt32LE(size, 12);
      this.offset += compressedSize;
      this.emit(descriptor);
      this.records.push({ name: nameBytes, crc, compressedSize, size, offset: start, ...this.stamp });
      this.open = null;
      this.checkLimit();
    });
    this.open = entry;
    return entry;
  }

  /** A whole entry at once (small files: README, CSS). */
  async addFile(name: string, content: string | Buffer): Promise<void> {
    const entry = this.entry(name);
    await entry.write(content);
    await entry.end();
  }

  /** Writes the central directory and closes the file; returns its size in bytes. */
  async close(): Promise<number> {
    if (this.open) throw new Error(`Finish the entry "${this.open.name}" before closing the ZIP file.`);
    this.closed = true;
    const directoryStart = this.offset;
    for (const record of this.records) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(CENTRAL_HEADER, 0);
      header.writeUInt16LE(VERSION, 4); // made by (MS-DOS attributes)
      header.writeUInt16LE(VERSION, 6);
      header.writeUInt16LE(FLAGS, 8);
      header.writeUInt16LE(DEFLATE, 10);
      header.writeUInt16LE(record.time, 12);
      header.writeUInt16LE(record.date, 14);
      header.writeUInt32LE(record.crc, 16);
      header.writeUInt32LE(record.compressedSize, 20);
      header.writeUInt32LE(record.size, 24);
      header.writeUInt16LE(record.name.length, 28);
      header.writeUInt32LE(record.offset, 42);
      this.emit(header);
      this.emit(record.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.records.length, 8);
    end.writeUInt16LE(this.records.length, 10);
    end.writeUInt32LE(this.offset - directoryStart, 12);
    end.writeUInt32LE(directoryStart, 16);
    this.emit(end);
    this.checkLimit();
    this.out.end();
    await once(this.out, 'finish');
    return this.offset;
  }

  /** Stops and removes the unfinished file (a part of a package would mislead). */
  async abort(): Promise<void> {
    this.closed = true;
    this.open?.destroy();
    this.out.destroy();
    await rm(this.path, { force: true });
  }

  private emit(bytes: Buffer): void {
    this.out.write(bytes);
    this.offset += bytes.length;
  }

  private checkLimit(): void {
    if (this.offset > LIMIT || this.records.length > 0xffff) throw new Error('The ZIP file would be larger than 4 GB or hold more than 65,535 files, which this writer does not support.');
  }
}

/** One entry being written: its bytes are deflated straight into the file. */
export class ZipEntry {
  private crc = 0;
  private size = 0;
  private compressedSize = 0;
  private readonly deflate = createDeflateRaw({ level: 6, flush: constants.Z_NO_FLUSH });
  private readonly flushed: Promise<void>;

  constructor(
    readonly name: string,
    out: WriteStream,
    private readonly done: (crc: number, compressedSize: number, size: number) => void,
  ) {
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressedSize += chunk.length;
    });
    // `pipe` waits for the file when it falls behind; end: false keeps the file open for the next entry.
    this.deflate.pipe(out, { end: false });
    this.flushed = once(this.deflate, 'end').then(() => undefined);
  }

  /** Resolves when the deflater can take more (backpressure): await it in loops. */
  async write(content: string | Buffer): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.size > LIMIT) throw new Error(`The file "${this.name}" would be larger than 4 GB, which this writer does not support.`);
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
  }

  async end(): Promise<void> {
    this.deflate.end();
    await this.flushed;
    this.done(this.crc >>> 0, this.compressedSize, this.size);
  }

  destroy(): void {
    this.deflate.destroy();
  }
}
