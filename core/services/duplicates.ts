/**
 * Possible duplicates: pairs of contacts that share an email (any case), a phone (E.164, as
 * stored) or a full name in the same country and city. Finding them never scans a million
 * contacts on a view: a scan walks the contacts in batches of SCAN_BATCH (yielding between
 * batches, with progress events) and looks each one up through the existing indexes
 * (lower(email), phone, (country, sort name)); it stores the pairs in `duplicate_pairs`.
 * After the first full scan, a scan only looks at contacts added (higher pk) or changed
 * (updated_at) since the last one. The review queue reads the stored pairs a page at a time
 * and re-checks each pair it shows, so a pair that an edit or a merge has resolved goes.
 * A pair dismissed as "not duplicates" is remembered and never proposed again.
 */
import type { DuplicatePair, DuplicateReason } from '../../preload/contract.js';
import { CoreError, notFound } from '../api/errors.js';
import { nowIso } from './clock.js';
import type { Workspace } from './workspace.js';

/** Contacts looked at per transaction before the worker yields to other calls (a 1,000-contact batch took 25 ms at the median, 57 ms at most, over 100,000 generated contacts). */
export const SCAN_BATCH = 500;
/** A name shared by more contacts than this (in one country) is too common to say anything. */
const NAME_BLOCK_LIMIT = 20;
const SCAN_STATE_KEY = 'duplicates_scan';

interface ScanState {
  /** Every contact up to this pk has been looked at. */
  throughPk: number;
  /** Contacts changed at or after this time are looked at again by the next scan. */
  changedSince: string | null;
}

interface ProbeRow {
  pk: number;
  id: string;
  email: string | null;
  phone: string | null;
  sort_name: string;
  sort_country: string;
  city: string | null;
  named: number;
}

const PROBE_COLUMNS = `pk, id, email, phone, sort_name, sort_country, city,
  (nullif(trim(coalesce(full_name, '')), '') IS NOT NULL OR (first_name IS NOT NULL AND last_name IS NOT NULL)) AS named`;

/** A pair is stored once, its ids in order. */
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

/** A name worth matching: at least two words (a lone "Maria" matches half a country). */
function matchableName(row: ProbeRow): boolean {
  return row.named === 1 && /\S\s+\S/.test(row.sort_name);
}

/**
 * Namesakes in the same city are one person only when nothing says otherwise: two different
 * email addresses, or two different phones, are two people (common names are common).
 */
function sameNameAlike(x: { city: string | null; email: string | null; phone: string | null }, y: { city: string | null; email: string | null; phone: string | null }): boolean {
  if (!x.city || !y.city || x.city.toLowerCase() !== y.city.toLowerCase()) return false;
  if (x.email && y.email && x.email.toLowerCase() !== y.email.toLowerCase()) return false;
  if (x.phone && y.phone && x.phone !== y.phone) return false;
  return true;
}

/** The other contacts that look like the same person as `row`, with why. */
function candidatesOf(ws: Workspace, row: ProbeRow): { id: string; reason: DuplicateReason }[] {
  const found = new Map<string, DuplicateReason>();
  if (row.email) {
    for (const other of ws.stmt<[string, number], { id: string }>('SELECT id FROM contacts WHERE lower(email) = lower(?) AND email IS NOT NULL AND pk <> ? LIMIT 20').all(row.email, row.pk)) {
      found.set(other.id, 'email');
    }
  }
  if (row.phone) {
    for (const other of ws.stmt<[string, number], { id: string }>('SELECT id FROM contacts WHERE phone = ? AND pk <> ? LIMIT 20').all(row.phone, row.pk)) {
      if (!found.has(other.id)) found.set(other.id, 'phone');
    }
  }
  if (matchableName(row) && row.sort_country !== '' && row.city) {
    // (sort_country, sort_name) is the contacts_by_country index: one seek per contact.
    const sameName = ws
      .stmt<[string, string, number, number], { id: string; city: string | null; email: string | null; phone: string | null }>(
        `SELECT id, city, email, phone FROM contacts INDEXED BY contacts_by_country WHERE sort_country = ? AND sort_name = ? AND pk <> ? LIMIT ?`,
      )
      .all(row.sort_country, row.sort_name, row.pk, NAME_BLOCK_LIMIT + 1);
    if (sameName.length <= NAME_BLOCK_LIMIT) {
      for (const other of sameName) {
        if (!found.has(other.id) && sameNameAlike(row, other)) found.set(other.id, 'name');
      }
    }
  }
  return [...found].map(([id, reason]) => ({ id, reason }));
}

/** Looks at these contacts and stores the pairs they are part of (not dismissed ones). */
function recordCandidates(ws: Workspace, rows: ProbeRow[]): number {
  const insert = ws.stmt(
    `INSERT INTO duplicate_pairs (a_id, b_id, reason, found_at) SELECT @a, @b, @reason, @at
     WHERE NOT EXISTS (SELECT 1 FROM duplicate_dismissed WHERE a_id = @a AND b_id = @b)
     ON CONFLICT (a_id, b_id) DO UPDATE SET reason = excluded.reason`,
  );
  let added = 0;
  const at = nowIso();
  for (const row of rows) {
    for (const candidate of candidatesOf(ws, row)) {
      const [a, b] = orderedPair(row.id, candidate.id);
      added += insert.run({ a, b, reason: candidate.reason, at }).changes;
    }
  }
  return added;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
interface ScanQueue {
  running: Promise<ScanResult> | null;
  waiting: Promise<ScanResult> | null;
}
const scans = new WeakMap<Workspace, ScanQueue>();

export interface ScanResult {
  scanned: number;
  pairs: number;
}

/**
 * Brings the stored pairs up to date: every contact the first time, then only the contacts
 * added or changed since. One batch per transaction, a pause between batches, progress as
 * `progress` events (job "duplicates"). Asked while one runs (which may have begun before
 * the latest changes), one more scan follows it, shared by everyone who asks meanwhile.
 */
export function scanForDuplicates(ws: Workspace, onProgress?: (done: number, total: number) => void): Promise<ScanResult> {
  let queue = scans.get(ws);
  if (!queue) {
    queue = { running: null, waiting: null };
    scans.set(ws, queue);
  }
  const q = queue;
  if (!q.running) {
    q.running = runScan(ws, onProgress).finally(() => {
      q.running = null;
    });
    return q.running;
  }
  q.waiting ??= q.running
    .catch(() => undefined)
    .then(() => {
      q.waiting = null;
      return scanForDuplicates(ws, onProgress);
    });
  return q.waiting;
}

async function runScan(ws: Workspace, onProgress?: (done: number, total: number) => void): Promise<ScanResult> {
  const state = ws.getSetting<ScanState>(SCAN_STATE_KEY) ?? { throughPk: 0, changedSince: null };
  const startedAt = nowIso();
  let scanned = 0;
  // Contacts changed since the last scan (found through contacts_by_updated), then the new ones.
  if (state.changedSince !== null) {
    let after = state.changedSince;
    let afterPk = 0;
    for (;;) {
      const rows = ws.stmt<[string, string, number, number, number], ProbeRow & { updated_at: string }>(
        `SELECT ${PROBE_COLUMNS}, updated_at FROM contacts WHERE (updated_at > ? OR (updated_at = ? AND pk > ?)) AND pk <= ?
         ORDER BY updated_at, pk LIMIT ?`,
      ).all(after, after, afterPk, state.throughPk, SCAN_BATCH);
      if (rows.length === 0) break;
      ws.transaction(() => recordCandidates(ws, rows));
      scanned += rows.length;
      const last = rows[rows.length - 1] as ProbeRow & { updated_at: string };
      after = last.updated_at;
      afterPk = last.pk;
      if (rows.length < SCAN_BATCH) break;
      await pause();
    }
  }
  const total = ws.stmt<[number], { n: number }>('SELECT count(*) AS n FROM contacts WHERE pk > ?').get(state.throughPk)?.n ?? 0;
  let throughPk = state.throughPk;
  let done = 0;
  if (total > 0) onProgress?.(0, total);
  for (;;) {
    const rows = ws.stmt<[number, number], ProbeRow>(`SELECT ${PROBE_COLUMNS} FROM contacts WHERE pk > ? ORDER BY pk LIMIT ?`).all(throughPk, SCAN_BATCH);
    if (rows.length === 0) break;
    const through = (rows[rows.length - 1] as ProbeRow).pk;
    ws.transaction(() => {
      recordCandidates(ws, rows);
      // Saved with each batch: a scan cut short goes on from here.
      ws.setSetting(SCAN_STATE_KEY, { throughPk: through, changedSince: state.changedSince } satisfies ScanState);
    });
    throughPk = through;
    done += rows.length;
    scanned += rows.length;
    onProgress?.(Math.min(done, total), total);
    if (rows.length < SCAN_BATCH) break;
    await pause();
  }
  ws.setSetting(SCAN_STATE_KEY, { throughPk, changedSince: startedAt } satisfies ScanState);
  return { scanned, pairs: ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM duplicate_pairs').get()?.n ?? 0 };
}

// ---------------------------------------------------------------- the review queue

interface PairContactRow {
  pk: number;
  id: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  city: string | null;
  source: string | null;
  created_at: string;
  last_seen_at: string | null;
  conversation_count: number;
}

function pairContact(ws: Workspace, id: string): PairContactRow | undefined {
  return ws
    .stmt<[string], PairContactRow>(
      'SELECT pk, id, display_name, email, phone, country, city, source, created_at, last_seen_at, conversation_count FROM contacts WHERE id = ?',
    )
    .get(id);
}

/** Why these two still look alike now (null when they no longer do). */
function reasonNow(ws: Workspace, a: PairContactRow, b: PairContactRow): DuplicateReason | null {
  if (a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase()) return 'email';
  if (a.phone && b.phone && a.phone === b.phone) return 'phone';
  const probe = ws.stmt<[number], ProbeRow>(`SELECT ${PROBE_COLUMNS} FROM contacts WHERE pk = ?`);
  const pa = probe.get(a.pk);
  const pb = probe.get(b.pk);
  if (pa && pb && matchableName(pa) && pa.sort_name === pb.sort_name && pa.sort_country === pb.sort_country && sameNameAlike(pa, pb)) {
    return 'name';
  }
  return null;
}

function toSide(ws: Workspace, row: PairContactRow): DuplicatePair['a'] {
  const tags = ws
    .stmt<[number], { name: string }>('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ? ORDER BY t.name')
    .all(row.pk)
    .map((t) => t.name);
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    country: row.country,
    city: row.city,
    source: row.source,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    conversationCount: row.conversation_count,
    tags,
  };
}

/** Drops pairs that involve these contacts (after a merge or a deletion). */
export function forgetPairsOf(ws: Workspace, ids: readonly string[]): void {
  for (const id of ids) {
    ws.stmt('DELETE FROM duplicate_pairs WHERE a_id = ?').run(id);
    ws.stmt('DELETE FROM duplicate_pairs WHERE b_id = ?').run(id);
  }
}

export interface DuplicatePage {
  pairs: DuplicatePair[];
  nextCursor: string | null;
  total: number;
}

/**
 * A page of the review queue: the surest first (a shared email, then a phone, then a name), newest first within each. Each pair is checked again as it
 * is read: one whose contacts are gone or no longer alike is dropped on the way.
 */
export function listDuplicates(ws: Workspace, input: { cursor?: string | null | undefined; limit: number; contactId?: string | undefined }): DuplicatePage {
  const pairs: DuplicatePair[] = [];
  const stale: [string, string][] = [];
  let cursor = input.cursor ? decodeCursor(input.cursor) : null;
  let exhausted = false;
  while (pairs.length < input.limit && !exhausted) {
    const want = input.limit - pairs.length;
    const rows = input.contactId
      ? ws.stmt<[string, string], PairRow>(`SELECT ${PAIR_COLUMNS} FROM duplicate_pairs WHERE a_id = ? UNION ALL SELECT ${PAIR_COLUMNS} FROM duplicate_pairs WHERE b_id = ?`).all(input.contactId, input.contactId)
      : cursor
        ? ws
            .stmt<[{ rank: number; found: string; a: string; b: string; limit: number }], PairRow>(
              `SELECT ${PAIR_COLUMNS} FROM duplicate_pairs INDEXED BY duplicate_pairs_queue
               WHERE rank > @rank OR (rank = @rank AND (found_at < @found OR (found_at = @found AND (a_id < @a OR (a_id = @a AND b_id < @b)))))
               ORDER BY rank, found_at DESC, a_id DESC, b_id DESC LIMIT @limit`,
            )
            .all({ rank: cursor[0], found: cursor[1], a: cursor[2], b: cursor[3], limit: want })
        : ws.stmt<[number], PairRow>(`SELECT ${PAIR_COLUMNS} FROM duplicate_pairs ORDER BY rank, found_at DESC, a_id DESC, b_id DESC LIMIT ?`).all(want);
    if (input.contactId || rows.length < want) exhausted = true;
    for (const row of rows) {
      cursor = [row.rank, row.found_at, row.a_id, row.b_id];
      const a = pairContact(ws, row.a_id);
      const b = pairContact(ws, row.b_id);
      const reason = a && b ? reasonNow(ws, a, b) : null;
      if (!a || !b || !reason) {
        stale.push([row.a_id, row.b_id]);
        continue;
      }
      pairs.push({ a: toSide(ws, a), b: toSide(ws, b), reason, foundAt: row.found_at });
    }
  }
  if (stale.length > 0) {
    ws.transaction(() => {
      for (const [a, b] of stale) ws.stmt('DELETE FROM duplicate_pairs WHERE a_id = ? AND b_id = ?').run(a, b);
    });
  }
  const total = ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM duplicate_pairs').get()?.n ?? 0;
  return { pairs, nextCursor: !exhausted && cursor ? Buffer.from(JSON.stringify(cursor)).toString('base64url') : null, total };
}

const PAIR_COLUMNS = 'a_id, b_id, reason, rank, found_at';
interface PairRow {
  a_id: string;
  b_id: string;
  reason: DuplicateReason;
  rank: number;
  found_at: string;
}
type QueueCursor = [rank: number, foundAt: string, a: string, b: string];

function decodeCursor(text: string): QueueCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 4 && typeof value[0] === 'number' && value.slice(1).every((v) => typeof v === 'string')) return value as QueueCursor;
  } catch {
    // fall through
  }
  throw new CoreError('bad_request', 'This position in the list of duplicates is no longer valid; reload the page.', ['cursor']);
}

/** "Not duplicates": the pair leaves the queue and is never proposed again. */
export function dismissDuplicate(ws: Workspace, x: string, y: string): { dismissed: true } {
  const [a, b] = orderedPair(x, y);
  ws.transaction(() => {
    if (!pairContact(ws, a)) throw notFound('Contact', a);
    if (!pairContact(ws, b)) throw notFound('Contact', b);
    ws.stmt('INSERT OR REPLACE INTO duplicate_dismissed (a_id, b_id, dismissed_at, actor_name) VALUES (?, ?, ?, ?)').run(a, b, nowIso(), ws.agent.name);
    ws.stmt('DELETE FROM duplicate_pairs WHERE a_id = ? AND b_id = ?').run(a, b);
    ws.audit.append(ws.agent, { action: 'duplicates.dismiss', entity: 'contact', entityId: a, details: { other: b } });
  });
  return { dismissed: true };
}
