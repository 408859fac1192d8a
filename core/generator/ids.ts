/**
 * UUID-shaped ids (version 4 layout) that are unique by construction: the pair
 * (contact index, entity kind and ordinals) goes through a keyed Feistel network, a
 * bijection on 64 bits, and both halves stand in the id untouched by the version and
 * variant bits. Two different entities of one workspace can never share an id.
 */
import { HEX_CODE as H, fmix32, seedKey } from './random.js';

/** Entity kinds inside ids (4 bits). */
export const KIND = { contact: 0, conversation: 1, message: 2, event: 3, note: 4, followUp: 5, field: 6, agent: 7 } as const;

export class IdMaker {
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;
  private readonly k4: number;

  constructor(seed: number) {
    const key = seedKey(seed);
    this.k1 = fmix32(key ^ 0x243f6a88);
    this.k2 = fmix32(key ^ 0x85a308d3);
    this.k3 = fmix32(key ^ 0x13198a2e);
    this.k4 = fmix32(key ^ 0x03707344);
  }

  /**
   * The id of entity (kind, a, b) of contact `index` (the contact itself is kind 0, 0, 0);
   * ordinals `a` up to 65,535 and `b` up to 4,095.
   */
  make(index: number, kind: number, a: number, b: number): string {
    // Signed int32 throughout (unboxed in the VM); the hex digits read the same bits.
    let left = index | 0;
    let right = (kind << 28) | (a << 12) | b;
    left ^= fmix32(right ^ this.k1);
    right ^= fmix32(left ^ this.k2);
    left ^= fmix32(right ^ this.k3);
    right ^= fmix32(left ^ this.k4);
    const mid1 = (fmix32(left + right) & 0xffff0fff) | 0x4000;
    const mid2 = (fmix32(right ^ mid1) & 0x3fffffff) | 0x80000000;
    return uuid(left, mid1, mid2, right);
  }
}

/** Four words as 8-4-4-4-12 hex, built flat in one call (no intermediate strings). */
function uuid(a: number, b: number, c: number, d: number): string {
  // prettier-ignore
  return String.fromCharCode(
    H[a >>> 28]!, H[(a >>> 24) & 15]!, H[(a >>> 20) & 15]!, H[(a >>> 16) & 15]!, H[(a >>> 12) & 15]!, H[(a >>> 8) & 15]!, H[(a >>> 4) & 15]!, H[a & 15]!, 45,
    H[b >>> 28]!, H[(b >>> 24) & 15]!, H[(b >>> 20) & 15]!, H[(b >>> 16) & 15]!, 45, H[(b >>> 12) & 15]!, H[(b >>> 8) & 15]!, H[(b >>> 4) & 15]!, H[b & 15]!, 45,
    H[c >>> 28]!, H[(c >>> 24) & 15]!, H[(c >>> 20) & 15]!, H[(c >>> 16) & 15]!, 45, H[(c >>> 12) & 15]!, H[(c >>> 8) & 15]!, H[(c >>> 4) & 15]!, H[c & 15]!,
    H[d >>> 28]!, H[(d >>> 24) & 15]!, H[(d >>> 20) & 15]!, H[(d >>> 16) & 15]!, H[(d >>> 12) & 15]!, H[(d >>> 8) & 15]!, H[(d >>> 4) & 15]!, H[d & 15]!,
  );
}

/** Ids of things that do not depend on the seed (field definitions, agents). */
export const FIXED_IDS = new IdMaker(0x4e657876);
