/**
 * `--seed N`: fills an empty service database with N generated contacts, their conversations,
 * events, notes and follow-ups, and the field definitions. One transaction per generator
 * batch; the event loop gets a turn between batches so the server answers 503 meanwhile.
 *
 * Seq order is interleaved as a live service would have it: mostly a contact and then its
 * children, but some contacts change after their children (so a pull from null sometimes
 * delivers a conversation before its contact) and some children come a little later.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EntityKind } from '../core/spec/entities.js';
import { fieldDefinitions, generateWorkspace, type WorkspaceBatch } from '../core/generator/index.js';
import type { ServiceStore } from './store.js';

export interface SeedOptions {
  contacts: number;
  seed?: number;
  batchSize?: number;
  /** The generator's "now" (ISO); default: the service clock. */
  now?: string;
  onProgress?: (done: number, total: number) => void;
  /** Give the event loop a turn between batches (default true). */
  yieldBetweenBatches?: boolean;
}

export interface SeedReport {
  contacts: number;
  entities: number;
  ms: number;
  /** True when the database already held data and nothing was generated. */
  skipped: boolean;
}

/** Meta key: the next contact index of the generated workspace (activity continues from it). */
export const NEXT_INDEX_KEY = 'generator_next_index';
export const SEED_KEY = 'generator_seed';

export async function seedService(store: ServiceStore, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  if (store.seq > 0) return { contacts: 0, entities: 0, ms: 0, skipped: true };
  return store.bulkLoad(() => generate(store, options, started));
}

async function generate(store: ServiceStore, options: SeedOptions, started: number): Promise<SeedReport> {
  const seed = options.seed ?? 1;
  const total = options.contacts;
  const random = mulberry32(seed ^ 0x5eed5eed);
  let entities = 0;
  let done = 0;
  store.transaction(() => {
    for (const definition of fieldDefinitions()) store.insertNew('field_definition', definition);
    store.setMeta(SEED_KEY, String(seed));
    store.setMeta(NEXT_INDEX_KEY, '0');
  });
  entities += fieldDefinitions().length;
  const batches = generateWorkspace({ seed, contacts: total, batchSize: options.batchSize ?? 2000, now: options.now ?? store.nowIso() });
  for (const batch of batches) {
    const ordered = interleave(batch, random);
    store.transaction(() => {
      for (const [kind, entity] of ordered) store.insertNew(kind, entity);
      store.setMeta(NEXT_INDEX_KEY, String(done + batch.contacts.length));
    });
    entities += ordered.length;
    done += batch.contacts.length;
    options.onProgress?.(done, total);
    if (options.yieldBetweenBatches !== false) await nextTurn();
  }
  return { contacts: done, entities, ms: performance.now() - started, skipped: false };
}

type Item = readonly [EntityKind, { id: string; version: number }];

/**
 * The batch's entities in seq order. Each contact k has the sort key k, its children
 * k + 0.2; 8% of contacts move behind their own children, 2% behind a few later contacts,
 * and 2% of children come a few contacts later.
 */
export function interleave(batch: WorkspaceBatch, random: () => number): Item[] {
  const position = new Map<string, number>();
  const keyed: Array<{ key: number; item: Item }> = [];
  batch.contacts.forEach((contact, k) => {
    position.set(contact.id, k);
    const r = random();
    const key = r < 0.08 ? k + 0.5 : r < 0.1 ? k + 1 + random() * 30 : k;
    keyed.push({ key, item: ['contact', contact] });
  });
  let tie = 0;
  const child = (kind: EntityKind, entity: { id: string; version: number; contact_id: string }): void => {
    const k = position.get(entity.contact_id) ?? batch.contacts.length;
    const late = random() < 0.02 ? 1 + random() * 10 : 0;
    keyed.push({ key: k + 0.2 + late + ++tie * 1e-9, item: [kind, entity] });
  };
  for (const c of batch.conversations) child('conversation', c);
  for (const e of batch.events) child('event', e);
  for (const n of batch.notes) child('note', n);
  for (const f of batch.followUps) child('follow_up', f);
  keyed.sort((a, b) => a.key - b.key);
  return keyed.map((k) => k.item);
}

/** A small seeded PRNG (mulberry32): the interleaving is the same for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
