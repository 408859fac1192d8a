/**
 * The text encoding of an imported file, told from its first bytes: a byte-order mark
 * (UTF-8, UTF-16 LE/BE), else the NUL pattern of UTF-16 without a mark (every other byte
 * zero), else UTF-8 when the sample is valid UTF-8, else Windows-1252 (what Excel on
 * Windows writes as "CSV"). Decoding is streaming: chunks in, text out, nothing held whole.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of the byte-order mark to skip. */
  bomLength: number;
}

/** Drops an incomplete UTF-8 sequence cut off at the end of a sample. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  const end = bytes.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  for (let back = 1; back <= 4 && end - back >= 0; back++) {
    const byte = bytes[end - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, end - back) : bytes;
  }
  return bytes;
}

export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without a mark: ASCII text has a zero in every other byte.
  const pairs = Math.min(256, Math.floor(sample.length / 2));
  if (pairs >= 2) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < pairs; i++) {
      if (sample[2 * i] === 0) evenZero++;
      if (sample[2 * i + 1] === 0) oddZero++;
    }
    if (oddZero > pairs * 0.6 && evenZero < pairs * 0.1) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenZero > pairs * 0.6 && oddZero < pairs * 0.1) return { encoding: 'utf-16be', bomLength: 0 };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(sample));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

/**
 * A streaming decoder for the detected encoding. UTF-16 BE is turned into LE byte by byte
 * (an odd byte waits for its pair), so it needs no ICU data beyond what every Node has.
 */
export class StreamingTextDecoder {
  private readonly decoder: TextDecoder;
  private carry: number | null = null;
  private skip: number;

  constructor(readonly detected: DetectedEncoding) {
    this.decoder = new TextDecoder(detected.encoding === 'utf-16be' ? 'utf-16le' : detected.encoding);
    this.skip = detected.bomLength;
  }

  decode(chunk: Uint8Array, final = false): string {
    let bytes = chunk;
    if (this.skip > 0) {
      const n = Math.min(this.skip, bytes.length);
      bytes = bytes.subarray(n);
      this.skip -= n;
    }
    if (this.detected.encoding === 'utf-16be') bytes = this.swap(bytes);
    return this.decoder.decode(bytes, { stream: !final });
  }

  private swap(bytes: Uint8Array): Uint8Array {
    let joined = bytes;
    if (this.carry !== null) {
      joined = new Uint8Array(bytes.length + 1);
      joined[0] = this.carry;
      joined.set(bytes, 1);
    }
    const even = joined.length - (joined.length % 2);
    this.carry = joined.length % 2 ? (joined[joined.length - 1] as number) : null;
    const out = new Uint8Array(even);
    for (let i = 0; i < even; i += 2) {
      out[i] = joined[i + 1] as number;
      out[i + 1] = joined[i] as number;
    }
    return out;
  }
}
