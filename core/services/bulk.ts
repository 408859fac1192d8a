/**
 * Bulk actions on chosen contacts or on every contact that matches the list's filter (up to
 * a million): add or remove a tag, set a field, delete, export. A job walks its matches by pk
 * in batches, each batch one transaction with exactly what a single edit would write (the
 * row, its search row, field changes, outbox mutations) plus what undo needs (`bulk_changes`),
 * and yields to the worker's event loop between batches, so the app stays responsive and a
 * cancel lands after the current batch. One audit entry per job, with counts only.
 *
 * Undo reverts exactly what the job changed: tags it added or removed, field values it set
 * (written back only where nobody changed them since), contacts it deleted (while their
 * deletes are still held in the outbox: held for the whole job, then BULK_UNDO_WINDOW_MS).
 * One job runs at a time; each of the last UNDOABLE_JOBS jobs keeps its changes for its own undo.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, rmSync, writeSync } from 'node:fs';
import { marketingBlocked, type BulkAction, type BulkJob, type BulkTarget, type ContactFilter, type EditableContactFields, type FieldValue } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { nowIso } from './clock.js';
import { csvCell } from './csv.js';
import { newExportFile } from './export-files.js';
import { consentPurposes } from './consent.js';
import { consentStatusByContact, contactEditRules, countContacts, matchingContactPks } from './contacts.js';
import { removeContact, restoreContact } from './delete-contact.js';
import { parseJsonObject } from './json.js';
import type { Workspace } from './workspace.js';

/** Contacts per batch: one transaction, then the worker answers other calls. */
export const BULK_BATCH = 500;
/**
 * A deletion moves the contact and all of it into a kept copy (about 0.5 ms a contact), and
 * putting it back costs as much: smaller batches keep the worker's answers quick meanwhile.
 */
export const BULK_DELETE_BATCH = 200;
const batchOf = (action: ActionKind) => (action === 'delete' ? BULK_DELETE_BATCH : BULK_BATCH);
/**
 * How long a bulk deletion can be undone once the job has ended. Longer than a single
 * delete's 10 s: the person reads the result first (a count of thousands) before deciding.
 */
export const BULK_UNDO_WINDOW_MS = 60_000;
/** How many of the latest jobs keep what they changed, so each can still be undone. */
export const UNDOABLE_JOBS = 10;
/** A running bulk delete holds its deletes this long; when it ends they get the undo window instead. */
const RUNNING_HOLD_MS = 6 * 60 * 60_000;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

type JobState = BulkJob['state'];
type ActionKind = BulkAction['kind'];

interface JobRow {
  id: string;
  action: ActionKind;
  params: string;
  state: JobState;
  total: number;
  done: number;
  changed: number;
  export_path: string | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  undo_until: string | null;
}

interface JobParams {
  subject?: string | null;
  tag?: string;
  field?: FieldRef;
  undone?: number;
  skipped?: number;
}

/** A basic column or one custom field, as a bulk edit and its undo write it. */
type FieldRef = { column: string; label: string } | { customKey: string; label: string };

interface ContactBase {
  pk: number;
  id: string;
  version: number;
}

/** What a batch of the running job does to its contacts; returns how many it changed. */
interface Plan {
  apply(pks: number[]): number;
  /** After the last batch (or a cancel / failure): close files, release held deletes. */
  finish(state: JobState): Promise<{ exportPath?: string | null; undoUntil?: string | null }>;
}

interface RunningJob {
  id: string;
  cancel: boolean;
  done: Promise<void>;
}

const BASIC_LABELS: Record<string, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Full name',
  email: 'Email',
  phone: 'Phone',
  city: 'City',
  country: 'Country',
  locale: 'Locale',
  timezone: 'Time zone',
};

export class BulkJobs {
  private running: RunningJob | null = null;

  constructor(private readonly ws: Workspace) {
    this.recoverInterrupted();
  }

  // ------------------------------------------------------------------ the contract

  start(target: BulkTarget, action: BulkAction): { jobId: string; total: number; job: BulkJob } {
    if (this.running) throw new CoreError('conflict', 'Another bulk action is still running. Wait for it to finish or cancel it first.', ['action']);
    const ws = this.ws;
    const walk = this.walker(target);
    const total = walk.total;
    if (total === 0) throw new CoreError('bad_request', 'No contact matches, so there is nothing to change.', ['target']);
    const id = randomUUID();
    const { plan, params } = this.plan(id, action);
    ws.transaction(() => {
      // The latest jobs stay undoable, each on its own; older ones are forgotten.
      ws.stmt('DELETE FROM bulk_changes WHERE job_id IN (SELECT id FROM bulk_jobs ORDER BY started_at DESC, rowid DESC LIMIT -1 OFFSET ?)').run(UNDOABLE_JOBS - 1);
      ws.stmt("INSERT INTO bulk_jobs (id, action, params, state, total, started_at) VALUES (?, ?, ?, 'running', ?, ?)").run(id, action.kind, JSON.stringify(params), total, nowIso());
    });
    const job: RunningJob = { id, cancel: false, done: Promise.resolve() };
    this.running = job;
    job.done = this.settle(this.run(job, walk, plan, target, batchOf(action.kind)));
    return { jobId: id, total, job: this.job(id) };
  }

  cancel(jobId: string): BulkJob {
    const job = this.load(jobId);
    if (this.running?.id === jobId) this.running.cancel = true;
    return this.describe(job);
  }

  undo(jobId: string): BulkJob {
    if (this.running) throw new CoreError('conflict', 'A bulk action is still running. Wait for it to finish or cancel it first.', ['jobId']);
    const job = this.load(jobId);
    if (job.action === 'export') throw new CoreError('bad_request', 'An export changes no contact, so there is nothing to undo.', ['jobId']);
    if (job.state === 'undone') throw new CoreError('conflict', 'This bulk action has already been undone.', ['jobId']);
    const pending = this.ws.stmt<[string], { n: number }>('SELECT count(*) AS n FROM bulk_changes WHERE job_id = ?').get(jobId)?.n ?? 0;
    if (pending === 0) throw new CoreError('conflict', `This bulk action can no longer be undone: it changed nothing, or it is older than the last ${UNDOABLE_JOBS}.`, ['jobId']);
    if (job.action === 'delete') {
      const sent = this.ws
        .stmt<[string], { n: number }>(
          "SELECT count(*) AS n FROM bulk_changes b WHERE b.job_id = ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.mutation_id = b.mutation_id AND o.state = 'pending')",
        )
        .get(jobId)?.n ?? 0;
      if (sent > 0) {
        throw new CoreError('conflict', `${sent.toLocaleString('en')} of these deletions have already been sent to Nexvio.ai, so they can no longer be undone.`, ['jobId']);
      }
    }
    this.ws.transaction(() => {
      // Nothing of the job may leave while it is being taken back.
      if (job.action === 'delete') this.holdDeletes(jobId, RUNNING_HOLD_MS);
      this.ws.stmt("UPDATE bulk_jobs SET state = 'undoing' WHERE id = ?").run(jobId);
    });
    const running: RunningJob = { id: jobId, cancel: false, done: Promise.resolve() };
    this.running = running;
    running.done = this.settle(this.runUndo(job, pending));
    return this.describe(this.load(jobId));
  }

  /** The running job, or else the latest one. */
  status(): BulkJob | null {
    const row = this.running
      ? this.load(this.running.id)
      : this.ws.stmt<[], JobRow>('SELECT * FROM bulk_jobs ORDER BY started_at DESC, rowid DESC LIMIT 1').get();
    return row ? this.describe(row) : null;
  }

  job(jobId: string): BulkJob {
    return this.describe(this.load(jobId));
  }

  /** Resolves when nothing runs (tests; closing the workspace). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  // ------------------------------------------------------------------ running

  private async run(job: RunningJob, walk: Walker, plan: Plan, target: BulkTarget, batch: number): Promise<void> {
    const ws = this.ws;
    let afterPk = 0;
    let done = 0;
    let changed = 0;
    let state: JobState = 'finished';
    let error: string | null = null;
    this.progress(0, walk.total);
    try {
      // The caller gets the job's id before the first batch.
      await pause();
      for (;;) {
        const pks = walk.next(afterPk, batch);
        if (pks.length === 0) break;
        afterPk = pks[pks.length - 1] as number;
        const count = ws.transaction(() => {
          const n = plan.apply(pks);
          ws.stmt('UPDATE bulk_jobs SET done = done + ?, changed = changed + ? WHERE id = ?').run(pks.length, n, job.id);
          return n;
        });
        done += pks.length;
        changed += count;
        this.progress(done, Math.max(walk.total, done));
        if (pks.length < batch) break;
        await pause();
        if (job.cancel) {
          state = 'cancelled';
          break;
        }
      }
    } catch (err) {
      state = 'failed';
      error = err instanceof Error ? err.message : String(err);
    }
    let ending: { exportPath?: string | null; undoUntil?: string | null } = {};
    try {
      ending = await plan.finish(state);
    } catch (err) {
      state = 'failed';
      error ??= err instanceof Error ? err.message : String(err);
    }
    const row = this.load(job.id);
    ws.transaction(() => {
      ws.stmt('UPDATE bulk_jobs SET state = ?, error = ?, finished_at = ?, export_path = ?, undo_until = ? WHERE id = ?').run(
        state,
        error,
        nowIso(),
        ending.exportPath ?? null,
        ending.undoUntil ?? null,
        job.id,
      );
      ws.audit.append(ws.agent, { action: `bulk.${row.action}`, details: { ...auditParams(row), target: describeTarget(target), total: walk.total, done, changed, state } });
    });
    this.running = null;
    this.ended(job.id);
  }

  /** A job's promise that never rejects (the workspace may close under it); the next job may start after it either way. */
  private settle(work: Promise<void>): Promise<void> {
    return work.catch((error: unknown) => {
      this.running = null;
      console.error('[bulk] a job stopped:', error instanceof Error ? error.message : error);
    });
  }

  private async runUndo(job: JobRow, total: number): Promise<void> {
    const ws = this.ws;
    const batch = batchOf(job.action);
    const params = JSON.parse(job.params) as JobParams;
    let undone = 0;
    let skipped = 0;
    let error: string | null = null;
    this.progress(0, total);
    try {
      await pause();
      for (;;) {
        const counts = ws.transaction(() => {
          const changes = ws
            .stmt<[string, number], { contact_pk: number; contact_id: string; mutation_id: string | null; before: string }>(
              'SELECT contact_pk, contact_id, mutation_id, before FROM bulk_changes WHERE job_id = ? ORDER BY contact_pk LIMIT ?',
            )
            .all(job.id, batch);
          let back = 0;
          for (const change of changes) {
            if (this.revert(job.action, params, change)) back++;
            // A deletion that could not be taken back stands: no longer held for this undo.
            else if (change.mutation_id) ws.stmt("UPDATE outbox SET hold_until = NULL WHERE mutation_id = ? AND state = 'pending'").run(change.mutation_id);
            ws.stmt('DELETE FROM bulk_changes WHERE job_id = ? AND contact_pk = ?').run(job.id, change.contact_pk);
          }
          return { seen: changes.length, back };
        });
        undone += counts.back;
        skipped += counts.seen - counts.back;
        this.progress(undone + skipped, total);
        if (counts.seen < batch) break;
        await pause();
      }
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    ws.transaction(() => {
      ws.stmt('UPDATE bulk_jobs SET state = ?, params = ?, error = ?, undo_until = NULL WHERE id = ?').run(
        error ? 'interrupted' : 'undone',
        JSON.stringify({ ...params, undone: (params.undone ?? 0) + undone, skipped: (params.skipped ?? 0) + skipped }),
        error,
        job.id,
      );
      ws.audit.append(ws.agent, { action: 'bulk.undo', details: { job: job.action, undone, skipped, ...(error ? { state: 'failed' } : {}) } });
    });
    this.running = null;
    this.ended(job.id);
  }

  private progress(done: number, total: number): void {
    this.ws.events.emit({ type: 'progress', job: 'bulk', done, total });
  }

  private ended(jobId: string): void {
    this.ws.contactsChanged(null);
    this.ws.events.emit({ type: 'bulk.finished', job: this.describe(this.load(jobId)) });
  }

  /** A job that was running when the app stopped: its deletes get the undo window from now. */
  private recoverInterrupted(): void {
    const stuck = this.ws.stmt<[], JobRow>("SELECT * FROM bulk_jobs WHERE state IN ('running', 'undoing')").all();
    for (const job of stuck) {
      this.ws.transaction(() => {
        const undoUntil = job.action === 'delete' ? this.holdDeletes(job.id, BULK_UNDO_WINDOW_MS) : null;
        this.ws.stmt("UPDATE bulk_jobs SET state = 'interrupted', finished_at = coalesce(finished_at, ?), undo_until = ? WHERE id = ?").run(nowIso(), undoUntil, job.id);
      });
    }
  }

  /** Holds every delete of the job for `ms` from now; returns until when. */
  private holdDeletes(jobId: string, ms: number): string {
    const until = new Date(Date.now() + ms).toISOString();
    this.ws
      .stmt("UPDATE outbox SET hold_until = ? WHERE state = 'pending' AND mutation_id IN (SELECT mutation_id FROM bulk_changes WHERE job_id = ? AND mutation_id IS NOT NULL)")
      .run(until, jobId);
    return until;
  }

  // ------------------------------------------------------------------ targets

  private walker(target: BulkTarget): Walker {
    return targetWalker(this.ws, target);
  }

  // ------------------------------------------------------------------ actions

  private plan(jobId: string, action: BulkAction): { plan: Plan; params: JobParams } {
    const ws = this.ws;
    const contactsOf = (pks: number[]) =>
      ws.stmt<[string], ContactBase>('SELECT pk, id, version FROM contacts WHERE pk IN (SELECT value FROM json_each(?)) ORDER BY pk').all(JSON.stringify(pks));
    const record = (contact: ContactBase, before: unknown, mutationId: string | null = null) =>
      ws.stmt('INSERT OR REPLACE INTO bulk_changes (job_id, contact_pk, contact_id, mutation_id, before) VALUES (?, ?, ?, ?, ?)').run(jobId, contact.pk, contact.id, mutationId, JSON.stringify(before));
    const nothingToFinish = () => Promise.resolve({});

    switch (action.kind) {
      case 'addTag':
      case 'removeTag': {
        const existing = ws.stmt<[string], { id: number; name: string }>('SELECT id, name FROM tags WHERE name = ?').get(action.tag);
        if (!existing && action.kind === 'removeTag') throw new CoreError('bad_request', `There is no tag “${action.tag}”.`, ['action', 'tag']);
        const present = action.kind === 'addTag';
        let tag = existing ?? null;
        return {
          params: { subject: existing?.name ?? action.tag, tag: existing?.name ?? action.tag },
          plan: {
            apply: (pks) => {
              tag ??= createTag(ws, action.tag);
              let changed = 0;
              for (const contact of contactsOf(pks)) {
                if (!setTagLink(ws, contact, tag, present)) continue;
                record(contact, null);
                changed++;
              }
              return changed;
            },
            finish: nothingToFinish,
          },
        };
      }
      case 'setField': {
        const { field, value } = checkFieldEdit(ws, action.fields);
        return {
          params: { subject: field.label, field },
          plan: {
            apply: (pks) => {
              let changed = 0;
              for (const contact of contactsOf(pks)) {
                const change = writeField(ws, contact, field, value, null);
                if (!change) continue;
                record(contact, change);
                changed++;
              }
              return changed;
            },
            finish: nothingToFinish,
          },
        };
      }
      case 'delete':
        return {
          params: { subject: null },
          plan: {
            apply: (pks) => {
              const contacts = contactsOf(pks);
              for (const contact of contacts) record(contact, null, removeContact(ws, contact.id, RUNNING_HOLD_MS));
              return contacts.length;
            },
            // What was deleted can be undone for the window from the end of the job, however long it ran.
            finish: () => Promise.resolve({ undoUntil: ws.transaction(() => this.holdDeletes(jobId, BULK_UNDO_WINDOW_MS)) }),
          },
        };
      case 'export': {
        const file = new CsvExport(ws);
        return {
          params: { subject: null },
          plan: {
            apply: (pks) => file.write(pks),
            finish: (state) => Promise.resolve({ exportPath: file.close(state === 'finished') }),
          },
        };
      }
    }
  }

  /** Takes back one contact's change; false when it was left alone (changed since, or gone). */
  private revert(action: ActionKind, params: JobParams, change: { contact_pk: number; contact_id: string; before: string }): boolean {
    const ws = this.ws;
    if (action === 'delete') {
      // A savepoint per contact: one that cannot come back (its id exists again) leaves the others be.
      try {
        ws.db.transaction(() => restoreContact(ws, change.contact_id))();
        return true;
      } catch {
        return false;
      }
    }
    const contact = ws.stmt<[number], ContactBase>('SELECT pk, id, version FROM contacts WHERE pk = ?').get(change.contact_pk);
    if (!contact) return false;
    if (action === 'addTag' || action === 'removeTag') {
      const tag = ws.stmt<[string], { id: number; name: string }>('SELECT id, name FROM tags WHERE name = ?').get(params.tag ?? '') ?? (action === 'removeTag' ? createTag(ws, params.tag ?? '') : null);
      return tag !== null && setTagLink(ws, contact, tag, action === 'removeTag');
    }
    if (action === 'setField' && params.field) {
      const before = JSON.parse(change.before) as { old: FieldValue; new: FieldValue };
      return writeField(ws, contact, params.field, before.old, before.new) !== null;
    }
    return false;
  }

  // ------------------------------------------------------------------ reading jobs

  private load(jobId: string): JobRow {
    const row = this.ws.stmt<[string], JobRow>('SELECT * FROM bulk_jobs WHERE id = ?').get(jobId);
    if (!row) throw new CoreError('not_found', 'This bulk action is not known (it may belong to another workspace).', ['jobId']);
    return row;
  }

  private describe(row: JobRow): BulkJob {
    const params = JSON.parse(row.params) as JobParams;
    return {
      id: row.id,
      action: row.action,
      subject: params.subject ?? null,
      state: row.state,
      total: row.total,
      done: row.done,
      changed: row.changed,
      undone: params.undone ?? 0,
      skipped: params.skipped ?? 0,
      exportPath: row.export_path,
      error: row.error,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      undoable: this.undoable(row),
      undoUntil: row.undo_until,
    };
  }

  private undoable(row: JobRow): boolean {
    if (row.action === 'export' || !['finished', 'cancelled', 'failed', 'interrupted'].includes(row.state)) return false;
    if (row.action === 'delete') {
      // Undoable while its deletes are held (a quick look; undo itself checks every one).
      return (
        this.ws
          .stmt<[string], { one: number }>("SELECT 1 AS one FROM bulk_changes b JOIN outbox o ON o.mutation_id = b.mutation_id WHERE b.job_id = ? AND o.state = 'pending' LIMIT 1")
          .get(row.id) !== undefined
      );
    }
    return this.ws.stmt<[string], { one: number }>('SELECT 1 AS one FROM bulk_changes WHERE job_id = ? LIMIT 1').get(row.id) !== undefined;
  }
}

// ---------------------------------------------------------------- walking the matches

export interface Walker {
  total: number;
  /** The next pks after `afterPk`, ascending. */
  next(afterPk: number, limit: number): number[];
}

/** Walks a target's contacts by pk in batches (bulk actions, exports): chosen ids, or a filter's every match. */
export function targetWalker(ws: Workspace, target: BulkTarget): Walker {
  if ('ids' in target) {
    // At most BULK_MAX_IDS: resolved to pks once, in pk order like a filter's walk.
    const pks = ws
      .stmt<[string], { pk: number }>('SELECT pk FROM contacts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY pk')
      .all(JSON.stringify(target.ids))
      .map((r) => r.pk);
    return {
      total: pks.length,
      next: (afterPk, limit) => {
        const start = pks.findIndex((pk) => pk > afterPk);
        return start < 0 ? [] : pks.slice(start, start + limit);
      },
    };
  }
  const filter = target.filter;
  return { total: countAll(ws, filter), next: (afterPk, limit) => matchingContactPks(ws, filter, afterPk, limit) };
}

/** Every match, also of a search broader than the list's count cap (counted by walking pks). */
function countAll(ws: Workspace, filter: ContactFilter): number {
  const counted = countContacts(ws, filter);
  if (!counted.capped) return counted.count;
  let total = 0;
  let afterPk = 0;
  for (;;) {
    const pks = matchingContactPks(ws, filter, afterPk, 50_000);
    total += pks.length;
    if (pks.length < 50_000) return total;
    afterPk = pks[pks.length - 1] as number;
  }
}

/** What the audit may say of a target: its kind and which filters it used, never their values (a search may be a name). */
export function describeTarget(target: BulkTarget): Record<string, unknown> {
  if ('ids' in target) return { kind: 'selection', contacts: target.ids.length };
  return { kind: 'filter', filters: Object.keys(target.filter).sort() };
}

function auditParams(row: JobRow): Record<string, unknown> {
  const params = JSON.parse(row.params) as JobParams;
  if (params.tag) return { tag: params.tag };
  if (params.field) return { field: 'column' in params.field ? params.field.column : `custom_fields.${params.field.customKey}` };
  return {};
}

// ---------------------------------------------------------------- tags

function createTag(ws: Workspace, name: string): { id: number; name: string } {
  ws.stmt('INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, ?)').run(name, nowIso());
  return ws.stmt<[string], { id: number; name: string }>('SELECT id, name FROM tags WHERE name = ?').get(name) as { id: number; name: string };
}

/** Adds or removes one tag link with the mutation a single edit would queue; false when it was so already. */
function setTagLink(ws: Workspace, contact: ContactBase, tag: { id: number; name: string }, present: boolean): boolean {
  const changes = present
    ? ws.stmt('INSERT OR IGNORE INTO contact_tags (tag_id, contact_pk) VALUES (?, ?)').run(tag.id, contact.pk).changes
    : ws.stmt('DELETE FROM contact_tags WHERE tag_id = ? AND contact_pk = ?').run(tag.id, contact.pk).changes;
  if (changes === 0) return false;
  ws.stmt('UPDATE contacts SET updated_at = ? WHERE pk = ?').run(nowIso(), contact.pk);
  ws.outbox.enqueue({ entity: 'contact', op: present ? 'tag_add' : 'tag_remove', id: contact.id, baseVersion: contact.version, payload: { tag: tag.name } });
  return true;
}

// ---------------------------------------------------------------- fields

/** The one field of a bulk edit, checked as a single edit checks it (before anything changes). */
function checkFieldEdit(ws: Workspace, fields: Omit<EditableContactFields, 'preferences'>): { field: FieldRef; value: FieldValue } {
  const { customFields, ...basic } = fields;
  if (customFields) {
    contactEditRules.validateCustomFields(ws, customFields);
    const [key, value] = Object.entries(customFields)[0] ?? [];
    const definition = ws.fieldDefinitions().find((d) => d.key === key);
    if (key === undefined || value === undefined || !definition) throw new CoreError('bad_request', 'Choose a field to set.', ['action', 'fields']);
    return { field: { customKey: key, label: definition.label }, value };
  }
  const [key, raw] = Object.entries(basic)[0] ?? [];
  const columns: Record<string, string> = contactEditRules.columns;
  const column = key === undefined ? undefined : columns[key];
  if (key === undefined || column === undefined) throw new CoreError('bad_request', 'Choose a field to set.', ['action', 'fields']);
  const value = contactEditRules.emptyToNull(raw ?? null);
  // Both identify one person: the same one on many contacts would be wrong (an email must even be unique).
  if ((key === 'email' || key === 'phone') && value !== null) {
    throw new CoreError('bad_request', `${BASIC_LABELS[column]} belongs to one person, so it can only be cleared on many contacts at once.`, ['fields', key]);
  }
  return { field: { column, label: BASIC_LABELS[column] ?? column }, value };
}

/**
 * Writes one field of one contact as a single edit does (row, search row, field change,
 * `update` mutation with its base). With `expect`, only when the value is still that (undo
 * leaves a value somebody changed since alone). Returns the change, or null when none.
 */
function writeField(ws: Workspace, contact: ContactBase, field: FieldRef, value: FieldValue, expect: FieldValue | null): { old: FieldValue; new: FieldValue } | null {
  const { sameValue } = contactEditRules;
  const at = nowIso();
  let change: { field: string; old: FieldValue; new: FieldValue };
  let specFields: Record<string, unknown>;
  let base: Record<string, unknown>;
  if ('column' in field) {
    const previous = (ws.stmt<[number], { value: FieldValue }>(`SELECT ${field.column} AS value FROM contacts WHERE pk = ?`).get(contact.pk)?.value ?? null) as FieldValue;
    if (expect !== null && !sameValue(previous, expect)) return null;
    if (sameValue(previous, value)) return null;
    ws.stmt(`UPDATE contacts SET ${field.column} = ?, updated_at = ? WHERE pk = ?`).run(value, at, contact.pk);
    change = { field: field.column, old: previous, new: value };
    specFields = { [field.column]: value };
    base = { [field.column]: previous };
  } else {
    const stored = ws.stmt<[number], { custom_fields: string }>('SELECT custom_fields FROM contacts WHERE pk = ?').get(contact.pk)?.custom_fields ?? '{}';
    const previous = parseJsonObject<FieldValue>(stored);
    const old = previous[field.customKey] ?? null;
    if (expect !== null && !sameValue(old, expect)) return null;
    if (sameValue(old, value)) return null;
    const next: Record<string, FieldValue> = { ...previous };
    if (value === null) delete next[field.customKey];
    else next[field.customKey] = value;
    ws.stmt('UPDATE contacts SET custom_fields = ?, updated_at = ? WHERE pk = ?').run(JSON.stringify(next), at, contact.pk);
    change = { field: `custom_fields.${field.customKey}`, old, new: value };
    specFields = { custom_fields: next };
    base = { custom_fields: previous };
  }
  ws.stmt("INSERT INTO field_changes (contact_id, field, old_value, new_value, actor_id, actor_name, origin, at) VALUES (?, ?, ?, ?, ?, ?, 'local', ?)").run(
    contact.id,
    change.field,
    JSON.stringify(change.old),
    JSON.stringify(change.new),
    ws.agent.id,
    ws.agent.name,
    at,
  );
  ws.search.refresh([contact.id]);
  ws.outbox.enqueue({ entity: 'contact', op: 'update', id: contact.id, baseVersion: contact.version, payload: { fields: specFields, base } });
  return { old: change.old, new: change.new };
}

// ---------------------------------------------------------------- export

const EXPORT_COLUMNS = [
  ['id', 'ID'],
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['full_name', 'Full name'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['city', 'City'],
  ['country', 'Country'],
  ['locale', 'Locale'],
  ['timezone', 'Time zone'],
  ['source', 'Source'],
  ['created_at', 'Created'],
  ['updated_at', 'Updated'],
  ['last_seen_at', 'Last seen'],
] as const;

/**
 * A CSV file written batch by batch: UTF-8 with a BOM (Excel), CRLF lines; basic fields, tags,
 * custom fields, and "No marketing" for people who denied or withdrew a marketing purpose (so a
 * list taken to a mailing tool carries the person's answer with it).
 */
class CsvExport {
  private file: { path: string; fd: number } | null = null;
  private readonly custom;
  private readonly purposes;

  constructor(private readonly ws: Workspace) {
    this.custom = ws.fieldDefinitions().filter((d) => !d.archived);
    this.purposes = consentPurposes(ws);
  }

  write(pks: number[]): number {
    if (!this.file) {
      this.file = newExportFile(this.ws, 'contacts', '.csv');
      const header = [...EXPORT_COLUMNS.map(([, label]) => label), 'No marketing', 'Tags', ...this.custom.map((d) => d.label)];
      writeSync(this.file.fd, `\uFEFF${header.map(csvCell).join(',')}\r\n`);
    }
    const rows = this.ws
      .stmt<[string], Record<string, string | number | null> & { pk: number; custom_fields: string; tags: string | null }>(
        `SELECT c.pk, ${EXPORT_COLUMNS.map(([column]) => `c.${column}`).join(', ')}, c.custom_fields,
           (SELECT group_concat(name, '; ') FROM (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_pk = c.pk ORDER BY t.name)) AS tags
         FROM contacts c WHERE c.pk IN (SELECT value FROM json_each(?)) ORDER BY c.pk`,
      )
      .all(JSON.stringify(pks));
    const consent = consentStatusByContact(this.ws, rows.map((row) => String(row['id'])));
    let text = '';
    for (const row of rows) {
      const custom = parseJsonObject<FieldValue>(row.custom_fields);
      const noMarketing = marketingBlocked(consent.get(String(row['id'])) ?? {}, this.purposes) ? 'yes' : '';
      const cells = [...EXPORT_COLUMNS.map(([column]) => row[column]), noMarketing, row.tags, ...this.custom.map((d) => custom[d.key])];
      text += `${cells.map(csvCell).join(',')}\r\n`;
    }
    writeSync(this.file.fd, text);
    return rows.length;
  }

  /** Closes the file; returns its path, or removes it when the export did not finish (a part would mislead). */
  close(keep: boolean): string | null {
    if (!this.file) return null;
    closeSync(this.file.fd);
    if (keep) return this.file.path;
    rmSync(this.file.path, { force: true });
    return null;
  }
}
