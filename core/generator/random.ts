/**
 * Seeded randomness for the generator. Everything uses integer arithmetic and Math.sqrt
 * only (no Math.log/exp/pow), so the output is the same on every platform and Node version.
 */

/**
 * The murmur3 finaliser: a bijection on 32-bit integers that mixes every bit. Returns a
 * signed int32 (the VM keeps those unboxed; unsigned values above 2^31 would be heap numbers).
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A 32-bit key for a seed; any safe integer (negative too) gives its own key. */
export function seedKey(seed: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return fmix32(lo ^ fmix32(hi + 0x6a09e667));
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counting generator). One instance is reused for
 * every contact: `reset` puts it in a state that depends only on (seed key, index, stream),
 * so any contact can be generated on its own, in any order.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  reset(key: number, index: number, stream: number): this {
    this.a = fmix32(key ^ Math.imul(stream + 1, 0x9e3779b9));
    this.b = index >>> 0; // distinct states for distinct indexes
    this.c = fmix32(Math.imul(index, 0x27d4eb2f) ^ key ^ stream);
    this.d = 1;
    for (let k = 0; k < 12; k++) this.u32();
    return this;
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    const c = (this.c << 21) | (this.c >>> 11);
    this.c = (c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `n` (at most 24) characters of lower-case hex. */
  hex(n: number): string {
    if (n > 24) throw new RangeError('hex: at most 24 characters');
    const a = this.u32();
    const b = this.u32();
    const c = n > 16 ? this.u32() : 0;
    const H = HEX_CODE;
    // prettier-ignore
    const s = String.fromCharCode(
      H[a >>> 28]!, H[(a >>> 24) & 15]!, H[(a >>> 20) & 15]!, H[(a >>> 16) & 15]!, H[(a >>> 12) & 15]!, H[(a >>> 8) & 15]!, H[(a >>> 4) & 15]!, H[a & 15]!,
      H[b >>> 28]!, H[(b >>> 24) & 15]!, H[(b >>> 20) & 15]!, H[(b >>> 16) & 15]!, H[(b >>> 12) & 15]!, H[(b >>> 8) & 15]!, H[(b >>> 4) & 15]!, H[b & 15]!,
      H[c >>> 28]!, H[(c >>> 24) & 15]!, H[(c >>> 20) & 15]!, H[(c >>> 16) & 15]!, H[(c >>> 12) & 15]!, H[(c >>> 8) & 15]!, H[(c >>> 4) & 15]!, H[c & 15]!,
    );
    return s.slice(0, n);
  }

  /** `n` (at most 19) decimal digits, the first one 1-9. */
  digits(n: number): string {
    if (n > 19) throw new RangeError('digits: at most 19 characters');
    const lead = 49 + (this.u32() % 9);
    const a = this.u32() % 1_000_000_000;
    const b = n > 10 ? this.u32() % 1_000_000_000 : 0;
    // prettier-ignore
    const s = String.fromCharCode(
      lead, 48 + (a % 10), 48 + (((a / 10) | 0) % 10), 48 + (((a / 100) | 0) % 10), 48 + (((a / 1e3) | 0) % 10), 48 + (((a / 1e4) | 0) % 10),
      48 + (((a / 1e5) | 0) % 10), 48 + (((a / 1e6) | 0) % 10), 48 + (((a / 1e7) | 0) % 10), 48 + (((a / 1e8) | 0) % 10),
      48 + (b % 10), 48 + (((b / 10) | 0) % 10), 48 + (((b / 100) | 0) % 10), 48 + (((b / 1e3) | 0) % 10), 48 + (((b / 1e4) | 0) % 10),
      48 + (((b / 1e5) | 0) % 10), 48 + (((b / 1e6) | 0) % 10), 48 + (((b / 1e7) | 0) % 10), 48 + (((b / 1e8) | 0) % 10),
    );
    return s.slice(0, n);
  }
}

export const HEX_CODE: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));


/** A weighted choice, prepared once (cumulative weights, linear scan: tables are small). */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(pairs: ReadonlyArray<readonly [T, number]>) {
    if (pairs.length === 0) throw new Error('Weighted needs at least one item');
    this.items = pairs.map((p) => p[0]);
    this.cumulative = new Float64Array(pairs.length);
    let sum = 0;
    pairs.forEach(([, w], k) => {
      if (!(w >= 0)) throw new Error(`negative weight ${w}`);
      sum += w;
      this.cumulative[k] = sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const r = rng.next() * this.total;
    const cum = this.cumulative;
    const last = cum.length - 1;
    for (let k = 0; k < last; k++) if (r < cum[k]!) return this.items[k]!;
    return this.items[last]!;
  }
}

/** Weights written as a record: `weighted({ web: 38, whatsapp: 18 })`. */
export function weighted<K extends string>(weights: Readonly<Record<K, number>>): Weighted<K> {
  return new Weighted(Object.entries(weights) as Array<[K, number]>);
}
