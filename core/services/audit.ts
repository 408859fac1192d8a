/**
 * The audit trail: append-only, each entry chained to the one before by SHA-256 so a removed
 * or edited entry is detected by `verifyAuditChain`. Entries carry ids and field names only,
 * never personal values, so they can outlive an erasure.
 */
import { createHash } from 'node:crypto';
import { closeSync, writeSync } from 'node:fs';
import type { AuditChainCheck, AuditEntry, AuditQuery } from '../../preload/contract.js';
import type { Db } from '../db/database.js';
import { nowIso } from './clock.js';
import { csvCell } from './csv.js';
import { newExportFile } from './export-files.js';
import type { Workspace } from './workspace.js';

export interface Actor {
  id: string;
  name: string;
}

export interface AuditEntryInput {
  action: string;
  entity?: string | null;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, seq: number, at: string, actor: Actor, entry: AuditEntryInput, details: string): string {
  return createHash('sha256')
    .update([prevHash, seq, at, actor.id, actor.name, entry.action, entry.entity ?? '', entry.entityId ?? '', details].join('\u001f'))
    .digest('hex');
}

export class AuditLog {
  private lastHash: string | null = null;
  private lastSeq = 0;
  private readonly insert;
  private readonly last;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  }

  /** Call inside the transaction of the change it records. */
  append(actor: Actor, entry: AuditEntryInput): void {
    if (this.lastHash === null || !this.db.inTransaction) this.reload();
    const seq = this.lastSeq + 1;
    const at = nowIso();
    const details = JSON.stringify(entry.details ?? {});
    const prev = this.lastHash ?? GENESIS;
    const hash = entryHash(prev, seq, at, actor, entry, details);
    this.insert.run(seq, at, actor.id, actor.name, entry.action, entry.entity ?? null, entry.entityId ?? null, details, prev, hash);
    this.lastSeq = seq;
    this.lastHash = hash;
  }

  /** Forget the cached head (after a rollback the cache may be ahead of the file). */
  reload(): void {
    const row = this.last.get();
    this.lastSeq = row?.seq ?? 0;
    this.lastHash = row?.hash ?? GENESIS;
  }
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match. */
  brokenAt: number | null;
}

export function verifyAuditChain(db: Db): ChainCheck {
  let prev = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  const rows = db
    .prepare<
      [],
      { seq: number; at: string; actor_id: string; actor_name: string; action: string; entity: string | null; entity_id: string | null; details: string; prev_hash: string; hash: string }
    >('SELECT * FROM audit_log ORDER BY seq')
    .iterate();
  for (const row of rows) {
    entries++;
    const actor = { id: row.actor_id, name: row.actor_name };
    const recomputed = entryHash(prev, row.seq, row.at, actor, { action: row.action, entity: row.entity, entityId: row.entity_id }, row.details);
    if (row.seq !== expectedSeq || row.prev_hash !== prev || row.hash !== recomputed) return { ok: false, entries, brokenAt: row.seq };
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries, brokenAt: null };
}

// ---------------------------------------------------------------- the viewer

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

function toEntry(row: AuditRow): AuditEntry {
  let details: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.details);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) details = parsed as Record<string, unknown>;
  } catch {
    // An unreadable details column is shown empty; verifyAuditChain reports the entry.
  }
  return { seq: row.seq, at: row.at, actor: { id: row.actor_id, name: row.actor_name }, action: row.action, entity: row.entity, entityId: row.entity_id, details };
}

/** The query's WHERE clause: actions exact or by family (`contact.*`, matched with GLOB so `_` is literal). */
function auditWhere(query: AuditQuery): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.actions && query.actions.length > 0) {
    const exact = query.actions.filter((a) => !a.endsWith('.*'));
    const families = query.actions.filter((a) => a.endsWith('.*'));
    const any: string[] = [];
    if (exact.length > 0) {
      any.push(`action IN (${exact.map(() => '?').join(', ')})`);
      params.push(...exact);
    }
    for (const family of families) {
      any.push('action GLOB ?');
      params.push(family);
    }
    where.push(`(${any.join(' OR ')})`);
  }
  if (query.actorId) {
    where.push('actor_id = ?');
    params.push(query.actorId);
  }
  if (query.entityId) {
    where.push('entity_id = ?');
    params.push(query.entityId);
  }
  // Stored times are all `toISOString()`, so they compare as text.
  if (query.from) {
    where.push('at >= ?');
    params.push(new Date(query.from).toISOString());
  }
  if (query.to) {
    where.push('at < ?');
    params.push(new Date(query.to).toISOString());
  }
  return { where, params };
}

/** Newest first, a page at a time (keyset on seq). */
export function auditPage(ws: Workspace, query: AuditQuery, before: number | undefined, limit: number): { entries: AuditEntry[]; nextBefore: number | null } {
  const { where, params } = auditWhere(query);
  if (before !== undefined) {
    where.push('seq < ?');
    params.push(before);
  }
  const rows = ws.query<AuditRow>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`, [...params, limit + 1]);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { entries: page.map(toEntry), nextBefore: more ? (page[page.length - 1]?.seq ?? null) : null };
}

export function auditFacets(ws: Workspace): { actions: { action: string; count: number }[]; actors: { id: string; name: string }[] } {
  const actions = ws.query<{ action: string; count: number }>('SELECT action, count(*) AS count FROM audit_log GROUP BY action ORDER BY action');
  // The name an actor had most recently (names can change; ids do not).
  const actors = ws.query<{ id: string; name: string }>(
    `SELECT a.actor_id AS id, (SELECT actor_name FROM audit_log l WHERE l.actor_id = a.actor_id ORDER BY seq DESC LIMIT 1) AS name
     FROM (SELECT DISTINCT actor_id FROM audit_log) a ORDER BY name`,
  );
  return { actions, actors };
}

export function checkAuditChain(ws: Workspace): AuditChainCheck {
  const check = verifyAuditChain(ws.db);
  const head = ws.stmt<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() ?? null;
  return { ...check, head, checkedAt: nowIso() };
}

const EXPORT_BATCH = 2000;
const CSV_HEADER = ['seq', 'at', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'details', 'prev_hash', 'hash'] as const;

/**
 * Writes the matching entries, oldest first, with their hashes (so a copy kept elsewhere can be
 * checked against the app's later, including its head). The export itself is audited.
 */
export function exportAudit(ws: Workspace, query: AuditQuery, format: 'csv' | 'jsonl'): { path: string; entries: number; head: { seq: number; hash: string } | null } {
  const { where, params } = auditWhere(query);
  const file = newExportFile(ws, 'audit-log', `.${format}`);
  let entries = 0;
  let head: { seq: number; hash: string } | null = null;
  try {
    if (format === 'csv') writeSync(file.fd, `\uFEFF${CSV_HEADER.join(',')}\r\n`);
    let after = 0;
    for (;;) {
      const rows = ws.query<AuditRow>(`SELECT * FROM audit_log WHERE ${['seq > ?', ...where].join(' AND ')} ORDER BY seq LIMIT ?`, [after, ...params, EXPORT_BATCH]);
      if (rows.length === 0) break;
      let text = '';
      for (const row of rows) {
        text += format === 'csv' ? `${CSV_HEADER.map((column) => csvCell(row[column])).join(',')}\r\n` : `${JSON.stringify({ ...toEntry(row), prevHash: row.prev_hash, hash: row.hash })}\n`;
      }
      writeSync(file.fd, text);
      entries += rows.length;
      const last = rows[rows.length - 1] as AuditRow;
      after = last.seq;
      head = { seq: last.seq, hash: last.hash };
    }
  } finally {
    closeSync(file.fd);
  }
  ws.transaction(() => ws.audit.append(ws.agent, { action: 'audit.export', details: { format, entries, filtered: where.length > 0 } }));
  return { path: file.path, entries, head };
}
