/**
 * A set of ids kept as 64-bit fingerprints in one typed array: a million contact ids in
 * 16 MiB outside the JavaScript heap, where a Set of strings would take ~90 MB of it (and
 * strings sliced from a pulled page would keep the whole page alive).
 *
 * `has` may say yes for an id never added, about once in 2^64 / n lookups; callers use it
 * only to send an id down a slower path that is right either way.
 */
const EMPTY = 0;

export class IdFingerprints {
  /** Pairs of 32-bit halves; a pair of zeros is an empty slot. */
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    const [high, low] = fingerprint(id);
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      const h = this.slots[2 * slot] as number;
      const l = this.slots[2 * slot + 1] as number;
      if (h === EMPTY && l === EMPTY) return false;
      if (h === high && l === low) return true;
    }
  }

  add(id: string): void {
    const [high, low] = fingerprint(id);
    if (this.insert(high, low)) this.count++;
    if (this.count * 2 > this.mask + 1) this.grow();
  }

  private insert(high: number, low: number): boolean {
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      const h = this.slots[2 * slot] as number;
      const l = this.slots[2 * slot + 1] as number;
      if (h === high && l === low) return false;
      if (h === EMPTY && l === EMPTY) {
        this.slots[2 * slot] = high;
        this.slots[2 * slot + 1] = low;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      const l = old[i + 1] as number;
      if (h !== EMPTY || l !== EMPTY) this.insert(h, l);
    }
  }
}

/** Two independent 32-bit hashes (FNV-1a and a murmur-style mix) of the UTF-16 code units; never both zero. */
function fingerprint(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  a >>>= 0;
  b >>>= 0;
  return a === EMPTY && b === EMPTY ? [1, 0] : [a, b];
}
