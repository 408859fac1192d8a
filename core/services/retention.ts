/**
 * Retention rules (issue 5, item 4; docs/privacy.md "Retention"):
 * - contacts with no activity for N days are erased or anonymised;
 * - transcripts of conversations that started more than N days ago are removed on this device;
 * - events that happened more than N days ago are removed on this device.
 *
 * A contact's activity is the latest of: a change of the contact (`updated_at`), a visit
 * (`last_seen_at`), a conversation started, an event, a note written, and a follow-up due
 * or still open. A contact with a change still waiting in the outbox is never a candidate.
 * Everything strictly older than the cut-off (now − N days) is affected.
 *
 * Runs walk the candidates through indexes, oldest first, in batches of RETENTION_BATCH per
 * transaction (a contact is many changes, so those go fewer at a time), yielding between
 * batches so the worker keeps answering. The preview counts
 * with the same queries a run uses, so what it says is what a run does.
 *
 * Sync: an erasure is the spec's `erase`; an anonymisation is an `update` that empties the
 * personal fields, `tag_remove` for each tag and `delete` for each note and follow-up.
 * Conversations and events are the service's: removing them here changes nothing there, so
 * they stay counted in the checksum (sync_pending_deletes for removed events) and what a
 * later pull brings back of them is stripped again (`applyRetentionToPulled`).
 */
import { randomUUID } from 'node:crypto';
import { CoreError, notFound } from '../api/errors.js';
import {
  RETENTION_MAX_DAYS,
  type RetentionAction,
  type RetentionKind,
  type RetentionPreview,
  type RetentionRule,
  type RetentionRuleRun,
  type RetentionRun,
} from '../../preload/contract.js';
import { eraseInTransaction } from './erase.js';
import { scrubErasedBytes } from './scrub.js';
import { parseJsonObject } from './json.js';
import type { Workspace } from './workspace.js';
import { shownNameSql } from './contact-name.js';

/** Rows per transaction, by kind: about 50 ms of work each on a 2-core machine (an anonymised or erased contact is a dozen changes). */
export const RETENTION_BATCH: Record<RetentionKind, number> = { contacts_inactive: 100, transcripts: 500, events: 500 };
/** Candidates counted per step of a count (each step is one short query). */
const COUNT_SLICE = 2000;
const SAMPLE_SIZE = 20;
const MAX_RULES = 20;
/** How long a preview allows turning its rule on. */
const PREVIEW_VALID_MS = 60 * 60_000;
export const DAY_MS = 86_400_000;
/** The name shown for an anonymised contact (its name fields are empty). */

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

interface RuleRow {
  id: string;
  kind: RetentionKind;
  action: RetentionAction | null;
  days: number;
  enabled: number;
  previewed_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  last_run_at: string | null;
  last_run: string | null;
}

/** A place in a rule's walk: the time it is ordered by, then the pk. */
interface Key {
  at: string;
  pk: number;
}
interface WindowRow extends Key {
  id: string;
  contact_id: string;
  /** 1 when the row is a candidate (a contact may be old by its last change yet active otherwise). */
  hit: number;
}
type Candidate = Omit<WindowRow, 'hit'>;

const START: Key = { at: '', pk: 0 };

// ---------------------------------------------------------------- candidates

/**
 * One window of a rule's walk after `after`, oldest first: at most `limit` entries of the
 * walked index, each flagged whether it is a candidate. Bounding the window (rather than the
 * candidates found) bounds every step's work, however many old-but-active contacts lie in
 * between. The range starts at `after.at`, so a window is an index seek (tests check the plans).
 */
export const WINDOW_SQL: Record<RetentionKind, string> = {
  contacts_inactive: `
    WITH win AS (
      SELECT c.pk, c.id, c.updated_at FROM contacts c INDEXED BY contacts_by_updated
      WHERE c.updated_at >= @afterAt AND c.updated_at < @cut AND (c.updated_at > @afterAt OR c.pk > @afterPk)
      ORDER BY c.updated_at, c.pk LIMIT @limit)
    SELECT w.pk, w.id, w.id AS contact_id, w.updated_at AS at,
      (c.anonymised_at IS NULL
        AND (c.last_seen_at IS NULL OR c.last_seen_at < @cut)
        AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = w.id AND v.started_at >= @cut)
        AND NOT EXISTS (SELECT 1 FROM events e WHERE e.contact_id = w.id AND e.occurred_at >= @cut)
        AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.contact_id = w.id AND n.created_at >= @cut)
        AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = w.id AND (f.done_at IS NULL OR f.due_at >= @cut))
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'contact' AND o.entity_id = w.id)) AS hit
    FROM win w JOIN contacts c ON c.pk = w.pk
    ORDER BY w.updated_at, w.pk`,
  transcripts: `
    SELECT v.pk, v.id, v.contact_id, v.started_at AS at, 1 AS hit FROM conversations v INDEXED BY conversations_transcripts_by_start
    WHERE v.transcript_removed_at IS NULL AND v.started_at >= @afterAt AND v.started_at < @cut AND (v.started_at > @afterAt OR v.pk > @afterPk)
    ORDER BY v.started_at, v.pk LIMIT @limit`,
  events: `
    SELECT e.pk, e.id, e.contact_id, e.occurred_at AS at, 1 AS hit FROM events e INDEXED BY events_by_time
    WHERE e.occurred_at >= @afterAt AND e.occurred_at < @cut AND (e.occurred_at > @afterAt OR e.pk > @afterPk)
    ORDER BY e.occurred_at, e.pk LIMIT @limit`,
};

interface Window {
  candidates: Candidate[];
  /** Where the next window starts; null when the walk is done. */
  next: Key | null;
}

function walkWindow(ws: Workspace, kind: RetentionKind, cut: string, after: Key, limit: number): Window {
  const rows = ws.stmt<[Record<string, unknown>], WindowRow>(WINDOW_SQL[kind]).all({ cut, afterAt: after.at, afterPk: after.pk, limit });
  const last = rows[rows.length - 1];
  return {
    candidates: rows.filter((row) => row.hit === 1).map(({ pk, id, contact_id, at }) => ({ pk, id, contact_id, at })),
    next: last && rows.length === limit ? { at: last.at, pk: last.pk } : null,
  };
}

export function cutoffFor(days: number, now: Date): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** Counts a rule's candidates a window at a time, yielding between windows; keeps the first few. */
async function countCandidates(ws: Workspace, kind: RetentionKind, cut: string, keep = 0): Promise<{ count: number; first: Candidate[] }> {
  let count = 0;
  const first: Candidate[] = [];
  let after: Key | null = START;
  while (after) {
    const window = walkWindow(ws, kind, cut, after, COUNT_SLICE);
    count += window.candidates.length;
    if (first.length < keep) first.push(...window.candidates.slice(0, keep - first.length));
    after = window.next;
    if (after) await pause();
  }
  return { count, first };
}

// ---------------------------------------------------------------- rules

function toRule(row: RuleRow): RetentionRule {
  return {
    id: row.id,
    kind: row.kind,
    action: row.action,
    days: row.days,
    enabled: row.enabled === 1,
    previewedAt: row.previewed_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    lastRunAt: row.last_run_at,
    lastRun: row.last_run ? (JSON.parse(row.last_run) as RetentionRuleRun) : null,
  };
}

function loadRule(ws: Workspace, id: string): RuleRow {
  const row = ws.stmt<[string], RuleRow>('SELECT * FROM retention_rules WHERE id = ?').get(id);
  if (!row) throw notFound('Retention rule', id);
  return row;
}

const running = new WeakSet<Workspace>();

export function listRetentionRules(ws: Workspace): { rules: RetentionRule[]; running: boolean } {
  const rows = ws.stmt<[], RuleRow>('SELECT * FROM retention_rules ORDER BY created_at, id').all();
  return { rules: rows.map(toRule), running: running.has(ws) };
}

export interface RuleInput {
  id?: string | undefined;
  kind: RetentionKind;
  action: RetentionAction | null;
  days: number;
}

function validateRule(input: RuleInput): void {
  if (input.kind === 'contacts_inactive' && input.action === null) {
    throw new CoreError('bad_request', 'Choose whether these contacts are erased or anonymised.', ['action']);
  }
  if (input.kind !== 'contacts_inactive' && input.action !== null) {
    throw new CoreError('bad_request', 'Only contact rules erase or anonymise; transcripts and events are removed.', ['action']);
  }
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > RETENTION_MAX_DAYS) {
    throw new CoreError('bad_request', `Enter a whole number of days from 1 to ${RETENTION_MAX_DAYS}.`, ['days']);
  }
}

/** Creates or changes a rule. A new rule, and one whose settings change, is off until previewed and turned on. */
export function saveRetentionRule(ws: Workspace, input: RuleInput): RetentionRule {
  validateRule(input);
  const now = new Date().toISOString();
  const id = ws.transaction(() => {
    const settings = { kind: input.kind, action: input.action, days: input.days };
    if (input.id === undefined) {
      const count = ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM retention_rules').get()?.n ?? 0;
      if (count >= MAX_RULES) throw new CoreError('bad_request', `A workspace keeps at most ${MAX_RULES} retention rules; change or delete one.`, ['kind']);
      const id = randomUUID();
      ws.stmt(
        `INSERT INTO retention_rules (id, kind, action, days, enabled, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)`,
      ).run(id, input.kind, input.action, input.days, now, ws.agent.name, now, ws.agent.name);
      ws.audit.append(ws.agent, { action: 'retention.rule_create', entity: 'retention_rule', entityId: id, details: settings });
      return id;
    }
    const row = loadRule(ws, input.id);
    if (row.kind === input.kind && row.action === input.action && row.days === input.days) return row.id;
    // Other settings than those previewed: off again until the new preview has been seen.
    ws.stmt('UPDATE retention_rules SET kind = ?, action = ?, days = ?, enabled = 0, previewed_at = NULL, updated_at = ?, updated_by = ? WHERE id = ?').run(
      input.kind,
      input.action,
      input.days,
      now,
      ws.agent.name,
      row.id,
    );
    ws.audit.append(ws.agent, { action: 'retention.rule_update', entity: 'retention_rule', entityId: row.id, details: { ...settings, enabled: false } });
    return row.id;
  });
  return toRule(loadRule(ws, id));
}

export function setRetentionRuleEnabled(ws: Workspace, id: string, enabled: boolean): RetentionRule {
  ws.transaction(() => {
    const row = loadRule(ws, id);
    // What is agreed to is what the rule does today: an old preview does not count.
    if (enabled && (row.previewed_at === null || Date.now() - Date.parse(row.previewed_at) > PREVIEW_VALID_MS)) {
      throw new CoreError('bad_request', 'Look at what this rule would do now (its preview) before turning it on.', ['enabled']);
    }
    if ((row.enabled === 1) === enabled) return;
    ws.stmt('UPDATE retention_rules SET enabled = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(enabled ? 1 : 0, new Date().toISOString(), ws.agent.name, id);
    ws.audit.append(ws.agent, { action: 'retention.rule_update', entity: 'retention_rule', entityId: id, details: { enabled } });
  });
  return toRule(loadRule(ws, id));
}

export function deleteRetentionRule(ws: Workspace, id: string): { id: string } {
  ws.transaction(() => {
    const row = loadRule(ws, id);
    ws.stmt('DELETE FROM retention_rules WHERE id = ?').run(id);
    ws.audit.append(ws.agent, { action: 'retention.rule_delete', entity: 'retention_rule', entityId: id, details: { kind: row.kind, action: row.action, days: row.days } });
  });
  return { id };
}

// ---------------------------------------------------------------- preview

interface SampleRow {
  id: string;
  contact_id: string;
  contact_name: string | null;
  at: string;
  detail: string | null;
}

const SAMPLE_SQL: Record<RetentionKind, string> = {
  // The latest of the activities that keep a contact (the candidates have none after the cut-off).
  contacts_inactive: `
    SELECT c.id, c.id AS contact_id, ${shownNameSql('c')} AS contact_name, NULL AS detail,
      max(c.updated_at, coalesce(c.last_seen_at, ''),
        coalesce((SELECT max(started_at) FROM conversations WHERE contact_id = c.id), ''),
        coalesce((SELECT max(occurred_at) FROM events WHERE contact_id = c.id), ''),
        coalesce((SELECT max(created_at) FROM notes WHERE contact_id = c.id), ''),
        coalesce((SELECT max(due_at) FROM follow_ups WHERE contact_id = c.id), '')) AS at
    FROM contacts c WHERE c.pk = ?`,
  transcripts: `
    SELECT v.id, v.contact_id, ${shownNameSql('c')} AS contact_name, v.started_at AS at,
      v.channel || ' · ' || v.message_count || CASE v.message_count WHEN 1 THEN ' message' ELSE ' messages' END AS detail
    FROM conversations v LEFT JOIN contacts c ON c.id = v.contact_id WHERE v.pk = ?`,
  events: `
    SELECT e.id, e.contact_id, ${shownNameSql('c')} AS contact_name, e.occurred_at AS at, e.type AS detail
    FROM events e LEFT JOIN contacts c ON c.id = e.contact_id WHERE e.pk = ?`,
};

/** What a rule would do now: the count and the first few, oldest first. Marks the rule as previewed. */
export async function previewRetentionRule(ws: Workspace, id: string, now = new Date()): Promise<RetentionPreview> {
  const rule = loadRule(ws, id);
  const cutoff = cutoffFor(rule.days, now);
  const { count, first } = await countCandidates(ws, rule.kind, cutoff, SAMPLE_SIZE);
  const sample = first.flatMap((candidate) => {
    const row = ws.stmt<[number], SampleRow>(SAMPLE_SQL[rule.kind]).get(candidate.pk);
    return row ? [{ id: row.id, contactId: row.contact_id, contactName: row.contact_name, at: row.at, detail: row.detail }] : [];
  });
  // Contacts are walked by their last change; the sample reads best by last activity.
  sample.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  // Only the settings that were previewed may be turned on: a change in the meantime clears the mark.
  const previewedAt = new Date().toISOString();
  ws.transaction(() => {
    ws.stmt('UPDATE retention_rules SET previewed_at = ? WHERE id = ? AND kind = ? AND days = ? AND action IS ?').run(previewedAt, id, rule.kind, rule.days, rule.action);
  });
  return { ruleId: id, cutoff, count, sample };
}

// ---------------------------------------------------------------- applying a rule to one batch

/** The contact columns that identify a person, emptied by anonymisation. */
const PERSONAL_COLUMNS = ['first_name', 'last_name', 'full_name', 'email', 'phone', 'city'] as const;

interface AnonymiseRow {
  pk: number;
  id: string;
  version: number;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  custom_fields: string;
  preferences: string;
}

/**
 * Strips every personal field of a contact and keeps its row and aggregates: id, dates,
 * country, locale, timezone, source, consent statuses (without their evidence), and its
 * conversations (channel, times, status, rating, message count) and events (type, time)
 * without their texts and properties. Notes and follow-ups go. Runs in the caller's transaction.
 */
export function anonymiseContact(ws: Workspace, pk: number, now: string, ruleId: string | null = null): void {
  const row = ws
    .stmt<[number], AnonymiseRow>('SELECT pk, id, version, first_name, last_name, full_name, email, phone, city, custom_fields, preferences FROM contacts WHERE pk = ?')
    .get(pk);
  if (!row) return;
  const synced = row.version > 0;
  const fields: Record<string, unknown> = {};
  for (const column of PERSONAL_COLUMNS) if (row[column] !== null) fields[column] = null;
  for (const column of ['custom_fields', 'preferences'] as const) if (Object.keys(parseJsonObject<unknown>(row[column])).length > 0) fields[column] = {};
  ws.stmt(
    `UPDATE contacts SET first_name = NULL, last_name = NULL, full_name = NULL, email = NULL, phone = NULL, city = NULL,
       custom_fields = '{}', preferences = '{}', extra = '{}', anonymised_at = @now, updated_at = @now WHERE pk = @pk`,
  ).run({ now, pk });
  // No `base`: the emptying wins over whatever the service holds (no conflict to settle), and
  // the outbox never keeps the values it strips.
  if (synced && Object.keys(fields).length > 0) ws.outbox.enqueue({ entity: 'contact', op: 'update', id: row.id, baseVersion: row.version, payload: { fields } });

  const tags = ws.stmt<[number], string>('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = ? ORDER BY t.name').pluck().all(pk);
  ws.stmt('DELETE FROM contact_tags WHERE contact_pk = ?').run(pk);
  if (synced) for (const tag of tags) ws.outbox.enqueue({ entity: 'contact', op: 'tag_remove', id: row.id, baseVersion: row.version, payload: { tag } });

  for (const [kind, table] of [
    ['note', 'notes'],
    ['follow_up', 'follow_ups'],
  ] as const) {
    const children = ws.stmt<[string], { id: string; version: number }>(`SELECT id, version FROM ${table} WHERE contact_id = ?`).all(row.id);
    for (const child of children) {
      ws.stmt(`DELETE FROM ${table} WHERE id = ?`).run(child.id);
      if (child.version > 0) {
        // Still live on the service until the delete is pushed: keep counting it (core/sync/checksum.ts).
        ws.stmt('INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) VALUES (?, ?, ?)').run(kind, child.id, child.version);
        ws.outbox.enqueue({ entity: kind, op: 'delete', id: child.id, baseVersion: child.version, payload: {} });
      } else {
        // Never reached the service: its queued create goes with it.
        ws.stmt('DELETE FROM outbox WHERE entity = ? AND entity_id = ?').run(kind, child.id);
      }
    }
  }
  ws.stmt("UPDATE conversations SET messages = '[]', summary = NULL, extra = '{}', transcript_removed_at = coalesce(transcript_removed_at, ?) WHERE contact_id = ?").run(now, row.id);
  ws.stmt("UPDATE events SET properties = '{}', extra = '{}' WHERE contact_id = ?").run(row.id);
  ws.stmt('UPDATE consents SET evidence = NULL WHERE contact_id = ?').run(row.id);
  ws.stmt('DELETE FROM field_changes WHERE contact_id = ?').run(row.id);
  ws.stmt("DELETE FROM conflicts WHERE entity = 'contact' AND entity_id = ?").run(row.id);
  ws.stmt('DELETE FROM quarantine WHERE entity_id = ?').run(row.id);
  ws.stmt("UPDATE merges SET merged_names = '[]', former_emails = '[]' WHERE primary_id = ?").run(row.id);
  ws.search.refresh([row.id]);
  ws.audit.append(ws.agent, { action: 'contact.anonymised', entity: 'contact', entityId: row.id, details: { ruleId, fields: Object.keys(fields), tags: tags.length } });
}

/** Applies a rule to one batch of candidates; returns how many changed and the contacts touched. */
function applyBatch(ws: Workspace, rule: RuleRow, batch: Candidate[], now: string): number {
  const pks = JSON.stringify(batch.map((c) => c.pk));
  switch (rule.kind) {
    case 'contacts_inactive':
      // A kept bulk action must not put a value back on (or keep one of) a person who is gone or anonymous.
      if (ws.stmt('SELECT 1 FROM bulk_changes LIMIT 1').get()) ws.stmt('DELETE FROM bulk_changes WHERE contact_pk IN (SELECT value FROM json_each(?))').run(pks);
      if (rule.action === 'erase') {
        // The same erasure as a person's request (core/services/erase.ts); the bytes are wiped once, after the run.
        for (const candidate of batch) eraseInTransaction(ws, candidate.id, { origin: 'retention' });
      } else {
        for (const candidate of batch) anonymiseContact(ws, candidate.pk, now, rule.id);
      }
      return batch.length;
    case 'transcripts':
      return ws
        .stmt("UPDATE conversations SET messages = '[]', summary = NULL, transcript_removed_at = ? WHERE pk IN (SELECT value FROM json_each(?))")
        .run(now, pks).changes;
    case 'events':
      // Still live on the service: keep counting them and keep them out (core/sync/checksum.ts, core/db/apply.ts).
      ws.stmt("INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) SELECT 'event', id, version FROM events WHERE pk IN (SELECT value FROM json_each(?)) AND version > 0").run(pks);
      return ws.stmt('DELETE FROM events WHERE pk IN (SELECT value FROM json_each(?))').run(pks).changes;
  }
}

// ---------------------------------------------------------------- runs

export interface RunOptions {
  dryRun?: boolean;
  /** Who started it, for the audit entry. */
  origin: 'schedule' | 'manual' | 'cli';
  onProgress?: (done: number, total: number) => void;
  /** The run's "now" (tests). */
  now?: Date;
  /** Rows per transaction for every kind (tests use small batches); default RETENTION_BATCH. */
  batchSize?: number;
}

/**
 * Applies every rule that is on, one after the other. Counts first (the progress bar's
 * total), then walks each rule's candidates in batches, each batch one transaction. One
 * audit entry per rule and run; a rule that fails stops there (its done batches stay
 * done, each whole) and the others still run.
 */
export async function runRetention(ws: Workspace, options: RunOptions): Promise<RetentionRun> {
  if (running.has(ws)) throw new CoreError('conflict', 'Retention rules are being applied already; wait for that run to finish.');
  running.add(ws);
  try {
    const now = options.now ?? new Date();
    const dryRun = options.dryRun ?? false;
    const startedAt = new Date().toISOString();
    const rules = ws.stmt<[], RuleRow>('SELECT * FROM retention_rules WHERE enabled = 1 ORDER BY created_at, id').all();
    const progress = (done: number, total: number) => options.onProgress?.(done, total);
    const counts: number[] = [];
    for (const rule of rules) counts.push((await countCandidates(ws, rule.kind, cutoffFor(rule.days, now))).count);
    const total = counts.reduce((sum, n) => sum + n, 0);
    let done = 0;
    progress(0, total);
    const results: RetentionRuleRun[] = [];
    for (const [index, rule] of rules.entries()) {
      const cutoff = cutoffFor(rule.days, now);
      const ruleStarted = new Date().toISOString();
      let matched = dryRun ? (counts[index] ?? 0) : 0;
      let changed = 0;
      let error: string | null = null;
      if (dryRun) {
        done += matched;
        progress(done, total);
      } else {
        try {
          let after: Key | null = START;
          while (after) {
            // The app may close the workspace between batches: stop there (what is done is whole).
            if (!ws.db.open) throw new Error('The workspace was closed.');
            const from: Key = after;
            const stamp = new Date().toISOString();
            const window = ws.transaction(() => {
              const found = walkWindow(ws, rule.kind, cutoff, from, options.batchSize ?? RETENTION_BATCH[rule.kind]);
              if (found.candidates.length > 0) changed += applyBatch(ws, rule, found.candidates, stamp);
              return found;
            });
            const batch = window.candidates;
            matched += batch.length;
            done += batch.length;
            progress(done, Math.max(total, done));
            if (batch.length > 0) ws.contactsChanged(batch.length > 200 ? null : [...new Set(batch.map((c) => c.contact_id))]);
            after = window.next;
            if (after) await pause();
          }
        } catch (cause) {
          error = cause instanceof Error ? cause.message : String(cause);
        }
      }
      const summary: RetentionRuleRun = {
        ruleId: rule.id,
        kind: rule.kind,
        action: rule.action,
        days: rule.days,
        dryRun,
        cutoff,
        matched,
        changed,
        startedAt: ruleStarted,
        finishedAt: new Date().toISOString(),
        error,
      };
      results.push(summary);
      ws.transaction(() => {
        if (!dryRun) ws.stmt('UPDATE retention_rules SET last_run_at = ?, last_run = ? WHERE id = ?').run(summary.finishedAt, JSON.stringify(summary), rule.id);
        ws.audit.append(ws.agent, {
          action: 'retention.run',
          entity: 'retention_rule',
          entityId: rule.id,
          details: { kind: rule.kind, action: rule.action, days: rule.days, cutoff, dryRun, matched, changed, origin: options.origin, failed: error !== null },
        });
      });
    }
    // Erased people's bytes leave the file once per run (the search index merge is the costly part).
    if (results.some((r) => r.action === 'erase' && r.changed > 0)) scrubErasedBytes(ws.db);
    progress(Math.max(total, done), Math.max(total, done));
    return { dryRun, startedAt, finishedAt: new Date().toISOString(), rules: results };
  } finally {
    running.delete(ws);
  }
}

// ---------------------------------------------------------------- pulled entities

/** Entities a pulled page stored or replaced (not those it skipped). */
export interface PulledEntities {
  contacts: string[];
  conversations: string[];
  events: string[];
}

/**
 * Keeps what retention removed removed when the service sends it again (a conversation
 * changed there comes whole, with its messages): strips transcripts older than the
 * strictest transcript rule that is on, removes events older than the strictest event
 * rule, and strips pulled data of anonymised contacts from before their anonymisation.
 * Runs in the pulled page's transaction.
 */
export function applyRetentionToPulled(ws: Workspace, pulled: PulledEntities, now = new Date()): void {
  if (pulled.contacts.length + pulled.conversations.length + pulled.events.length === 0) return;
  const strictest = (kind: RetentionKind) => ws.stmt<[string], { days: number | null }>('SELECT min(days) AS days FROM retention_rules WHERE enabled = 1 AND kind = ?').get(kind)?.days ?? null;
  // '' is before every time: no rule, nothing is older than the cut-off.
  const cut = (days: number | null) => (days === null ? '' : cutoffFor(days, now));
  const stamp = now.toISOString();
  if (pulled.conversations.length > 0) {
    const ids = JSON.stringify(pulled.conversations);
    // A conversation sent again comes whole: its transcript is back unless a rule removes it again.
    ws.stmt('UPDATE conversations SET transcript_removed_at = NULL WHERE id IN (SELECT value FROM json_each(?)) AND transcript_removed_at IS NOT NULL').run(ids);
    ws.stmt(
      `UPDATE conversations SET messages = '[]', summary = NULL, transcript_removed_at = @stamp WHERE id IN (SELECT value FROM json_each(@ids))
       AND (started_at < @cut OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = conversations.contact_id AND c.anonymised_at IS NOT NULL AND conversations.started_at <= c.anonymised_at))`,
    ).run({ stamp, ids, cut: cut(strictest('transcripts')) });
    ws.stmt(
      `UPDATE conversations SET extra = '{}' WHERE id IN (SELECT value FROM json_each(?))
       AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = conversations.contact_id AND c.anonymised_at IS NOT NULL AND conversations.started_at <= c.anonymised_at)`,
    ).run(ids);
  }
  if (pulled.events.length > 0) {
    const ids = JSON.stringify(pulled.events);
    const eventCut = cut(strictest('events'));
    ws.stmt(
      "INSERT OR REPLACE INTO sync_pending_deletes (kind, id, version) SELECT 'event', id, version FROM events WHERE id IN (SELECT value FROM json_each(?)) AND occurred_at < ? AND version > 0",
    ).run(ids, eventCut);
    ws.stmt('DELETE FROM events WHERE id IN (SELECT value FROM json_each(?)) AND occurred_at < ?').run(ids, eventCut);
    ws.stmt(
      `UPDATE events SET properties = '{}', extra = '{}' WHERE id IN (SELECT value FROM json_each(?))
       AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = events.contact_id AND c.anonymised_at IS NOT NULL AND events.occurred_at <= c.anonymised_at)`,
    ).run(ids);
  }
  if (pulled.contacts.length > 0) {
    // The service's copy of an anonymised contact still carries its consents' evidence.
    ws.stmt(
      `UPDATE consents SET evidence = NULL WHERE evidence IS NOT NULL AND contact_id IN
         (SELECT c.id FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.anonymised_at IS NOT NULL)`,
    ).run(JSON.stringify(pulled.contacts));
  }
}

// ---------------------------------------------------------------- schedule

/**
 * Runs the rules that are on about a minute after the workspace opens (so opening stays
 * fast) and then once a day. A run that finds another under way (Run now) waits for the
 * next turn.
 */
export class RetentionSchedule {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ws: Workspace,
    private readonly options: { firstDelayMs?: number; intervalMs?: number; onProgress?: (done: number, total: number) => void } = {},
  ) {}

  start(): void {
    this.schedule(this.options.firstDelayMs ?? 60_000);
  }

  /** The next run in about a minute (after a first sync), then daily again from there. */
  soon(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(this.options.firstDelayMs ?? 60_000);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const anyOn = this.ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM retention_rules WHERE enabled = 1').get()?.n ?? 0;
      if (anyOn > 0 && !running.has(this.ws)) {
        await runRetention(this.ws, { origin: 'schedule', ...(this.options.onProgress ? { onProgress: this.options.onProgress } : {}) });
      }
    } catch (error) {
      console.error('[retention] the scheduled run failed', error);
    } finally {
      this.schedule(this.options.intervalMs ?? DAY_MS);
    }
  }
}
