/**
 * A prepared page in the form it crosses from the pull thread to the database thread: every
 * value of every change in order, strings joined into one string and the rest in typed
 * arrays. Copying one string and moving three buffers costs a fraction of cloning
 * thousands of small objects, and the database thread gets its strings as cheap slices.
 *
 * The order of values per change: op (0 upsert, 1 delete), kind (index in ENTITY_KINDS),
 * then for an upsert the row (COLUMNS[kind] order) and, for a contact, the tag count, the
 * tags, the consent count and five values per consent; for a delete id, version, reason and
 * merged_into.
 */
import { COLUMNS, contactIdOf, type PreparedEntity } from '../db/apply.js';
import { ENTITY_KINDS, type EntityKind, type SpecConsent } from '../spec/entities.js';
import type { PreparedChange, PreparedPage } from './page-source.js';

type Value = string | number | null;

export interface PackedPage {
  fromCursor: string | null;
  nextCursor: string;
  hasMore: boolean;
  changeCount: number;
  invalid: PreparedPage['invalid'];
  /** How many valid changes the values hold. */
  valid: number;
  text: string;
  /** Per value: 0 null, 1 string, 2 number. */
  types: Uint8Array;
  /** End offset in `text` of each string value. */
  ends: Int32Array;
  numbers: Float64Array;
  /** The checksum digest of each upsert (32 bytes each, in order), when the page has them. */
  digests: Uint8Array;
}

const NULL = 0;
const STRING = 1;
const NUMBER = 2;
const KIND_CODE = Object.fromEntries(ENTITY_KINDS.map((k, i) => [k, i])) as Record<EntityKind, number>;
const UPDATED_AT = (COLUMNS.contact as readonly string[]).indexOf('updated_at');

export function packPage(page: PreparedPage): { packed: PackedPage; transfer: ArrayBuffer[] } {
  const types: number[] = [];
  const strings: string[] = [];
  const ends: number[] = [];
  const numbers: number[] = [];
  let length = 0;
  // Digests go along only when every upsert has one (the reader takes them in order).
  let upserts = 0;
  let withDigest = 0;
  for (const c of page.valid) {
    if (c.op !== 'upsert') continue;
    upserts++;
    if (c.entity.digest) withDigest++;
  }
  const digests = new Uint8Array(withDigest === upserts ? upserts * 32 : 0);
  let d = 0;
  const put = (value: Value) => {
    if (value === null) types.push(NULL);
    else if (typeof value === 'string') {
      types.push(STRING);
      strings.push(value);
      length += value.length;
      ends.push(length);
    } else {
      types.push(NUMBER);
      numbers.push(value);
    }
  };
  for (const change of page.valid) {
    if (change.op === 'upsert') {
      const e = change.entity;
      put(0);
      put(KIND_CODE[e.kind]);
      if (digests.length > 0 && e.digest) digests.set(e.digest, 32 * d++);
      for (const value of e.row) put(value);
      if (e.kind === 'contact') {
        const parts = e.contact ?? { tags: [], consents: [] };
        put(parts.tags.length);
        for (const tag of parts.tags) put(tag);
        put(parts.consents.length);
        for (const c of parts.consents) {
          put(c.purpose);
          put(c.status);
          put(c.at);
          put(c.source ?? null);
          put(c.evidence ?? null);
        }
      }
    } else {
      put(1);
      put(KIND_CODE[change.kind]);
      put(change.id);
      put(change.version);
      put(change.reason);
      put(change.mergedInto);
    }
  }
  const packed: PackedPage = {
    fromCursor: page.fromCursor,
    nextCursor: page.nextCursor,
    hasMore: page.hasMore,
    changeCount: page.changeCount,
    invalid: page.invalid,
    valid: page.valid.length,
    text: strings.join(''),
    // The constructors copy an array directly; `from` would walk it through the iterator protocol.
    types: new Uint8Array(types),
    ends: new Int32Array(ends),
    numbers: new Float64Array(numbers),
    digests,
  };
  return {
    packed,
    transfer: [packed.types.buffer as ArrayBuffer, packed.ends.buffer as ArrayBuffer, packed.numbers.buffer as ArrayBuffer, digests.buffer as ArrayBuffer],
  };
}

export function unpackPage(packed: PackedPage): PreparedPage {
  const { text, types, ends, numbers, digests } = packed;
  let d = 0;
  let at = 0;
  let s = 0;
  let n = 0;
  let start = 0;
  const next = (): Value => {
    const type = types[at++];
    if (type === STRING) {
      const end = ends[s++] as number;
      const value = text.slice(start, end);
      start = end;
      return value;
    }
    if (type === NUMBER) return numbers[n++] as number;
    if (type === NULL) return null;
    throw new Error('A packed page ended early');
  };
  const str = () => next() as string;
  const num = () => next() as number;
  const valid: PreparedChange[] = [];
  for (let i = 0; i < packed.valid; i++) {
    const op = num();
    const kind = ENTITY_KINDS[num()] as EntityKind;
    if (op === 0) {
      const width = COLUMNS[kind].length;
      const row: Value[] = new Array<Value>(width);
      for (let c = 0; c < width; c++) row[c] = next();
      const entity: PreparedEntity = { kind, id: row[0] as string, version: row[1] as number, row, contactId: contactIdOf(kind, row) };
      if (digests.length > 0) entity.digest = digests.subarray(32 * d, 32 * ++d);
      if (kind === 'contact') {
        const tags: string[] = new Array<string>(num());
        for (let t = 0; t < tags.length; t++) tags[t] = str();
        const consents: SpecConsent[] = new Array<SpecConsent>(num());
        for (let c = 0; c < consents.length; c++) {
          consents[c] = { purpose: str(), status: str() as SpecConsent['status'], at: str(), source: next() as string | null, evidence: next() as string | null };
        }
        entity.contact = { tags, consents, updatedAt: row[UPDATED_AT] as string };
      }
      valid.push({ op: 'upsert', entity });
    } else {
      valid.push({ op: 'delete', kind, id: str(), version: num(), reason: str() as 'deleted' | 'erased' | 'merged', mergedInto: next() as string | null });
    }
  }
  if (at !== types.length) throw new Error('A packed page has values left over');
  return { fromCursor: packed.fromCursor, nextCursor: packed.nextCursor, hasMore: packed.hasMore, changeCount: packed.changeCount, valid, invalid: packed.invalid };
}
