/**
 * The suppression list: who asked to be erased, kept as salted SHA-256 hashes of their email
 * addresses (lower-case) and phone numbers (E.164), never the values. It stops a local
 * create or edit, an import (issue 6 calls `isSuppressed`) and a pulled record from bringing
 * an erased person back. The salt is random per workspace, so a hash means nothing outside
 * this file; whoever holds the file can still test a guessed address against it, which is
 * what the list is for.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SuppressionEntry } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import { nowIso } from './clock.js';
import type { Workspace } from './workspace.js';

export type SuppressionKind = 'email' | 'phone';
export type SuppressionOrigin = 'local' | 'service' | 'retention' | 'cli';

export interface Identifiers {
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

const SALT_SETTING = 'suppression_salt';

export function normaliseEmail(email: string): string | null {
  const value = email.normalize('NFKC').trim().toLowerCase();
  return value === '' ? null : value;
}

/** E.164 when the number parses; otherwise its digits with a leading + (still one form per number). */
export function normalisePhoneForHash(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone.trim());
  if (parsed?.isValid()) return parsed.number;
  const digits = phone.replace(/\D/g, '');
  return digits === '' ? null : `+${digits}`;
}

function salt(ws: Workspace): string {
  let value = ws.getSetting<string>(SALT_SETTING);
  if (!value) {
    value = randomBytes(32).toString('hex');
    ws.setSetting(SALT_SETTING, value);
  }
  return value;
}

function hashOf(ws: Workspace, kind: SuppressionKind, normalised: string): string {
  return createHash('sha256').update(`${salt(ws)}\u001f${kind}\u001f${normalised}`).digest('hex');
}

/** The hashes of a person's identifiers, by kind (nothing for empty or missing ones). */
export function identifierHashes(ws: Workspace, ids: Identifiers): { kind: SuppressionKind; hash: string }[] {
  const out: { kind: SuppressionKind; hash: string }[] = [];
  const email = ids.email ? normaliseEmail(ids.email) : null;
  const phone = ids.phone ? normalisePhoneForHash(ids.phone) : null;
  if (email) out.push({ kind: 'email', hash: hashOf(ws, 'email', email) });
  if (phone) out.push({ kind: 'phone', hash: hashOf(ws, 'phone', phone) });
  return out;
}

/** Whether the list is empty: a pull skips every lookup then (the usual case). */
export function suppressionListIsEmpty(ws: Workspace): boolean {
  return ws.stmt<[], { one: number }>('SELECT 1 AS one FROM suppression_list LIMIT 1').get() === undefined;
}

/**
 * Whether this email or phone belongs to an erased person; `matched` says which. For the
 * importer (issue 6), local creates and edits, and the pull.
 */
export function isSuppressed(ws: Workspace, ids: Identifiers): { suppressed: boolean; matched: SuppressionKind | null } {
  if (!ids.email && !ids.phone) return { suppressed: false, matched: null };
  if (suppressionListIsEmpty(ws)) return { suppressed: false, matched: null };
  const lookup = ws.stmt<[string], { one: number }>('SELECT 1 AS one FROM suppression_list WHERE hash = ?');
  for (const { kind, hash } of identifierHashes(ws, ids)) if (lookup.get(hash)) return { suppressed: true, matched: kind };
  return { suppressed: false, matched: null };
}

/** Refuses, in words and at the field, an email or phone of an erased person. */
export function assertNotSuppressed(ws: Workspace, ids: Identifiers): void {
  const { matched } = isSuppressed(ws, ids);
  if (!matched) return;
  throw new CoreError(
    'conflict',
    `This person asked to be erased; their ${matched === 'email' ? 'email' : 'phone number'} is on the suppression list. ` +
      'An administrator can remove the entry on the Privacy page if this is a different person.',
    ['fields', matched],
  );
}

/** Adds a person's identifiers (inside the erasure's transaction); returns how many were new. */
export function suppress(ws: Workspace, ids: Identifiers, origin: SuppressionOrigin): number {
  const insert = ws.stmt('INSERT OR IGNORE INTO suppression_list (hash, kind, origin, added_at) VALUES (?, ?, ?, ?)');
  let added = 0;
  const at = nowIso();
  for (const { kind, hash } of identifierHashes(ws, ids)) added += insert.run(hash, kind, origin, at).changes;
  return added;
}

interface EntryRow {
  id: number;
  hash: string;
  kind: SuppressionKind;
  origin: SuppressionOrigin;
  added_at: string;
}

/** The newest entries first, with a short prefix of each hash (enough to tell them apart). */
export function listSuppression(ws: Workspace, limit: number): { total: number; entries: SuppressionEntry[] } {
  const total = ws.stmt<[], { n: number }>('SELECT count(*) AS n FROM suppression_list').get()?.n ?? 0;
  const entries = ws
    .stmt<[number], EntryRow>('SELECT id, hash, kind, origin, added_at FROM suppression_list ORDER BY added_at DESC, id DESC LIMIT ?')
    .all(limit)
    .map((r) => ({ id: r.id, hashPrefix: r.hash.slice(0, 12), kind: r.kind, origin: r.origin, addedAt: r.added_at }));
  return { total, entries };
}

/** An administrator takes an entry off the list (a different person shares the address); audited. */
export function unsuppress(ws: Workspace, id: number): { total: number; entries: SuppressionEntry[] } {
  ws.transaction(() => {
    const row = ws.stmt<[number], { kind: string }>('SELECT kind FROM suppression_list WHERE id = ?').get(id);
    if (!row) throw new CoreError('not_found', 'This suppression entry no longer exists.', ['id']);
    ws.stmt('DELETE FROM suppression_list WHERE id = ?').run(id);
    ws.audit.append(ws.agent, { action: 'suppression.remove', entity: 'suppression', entityId: String(id), details: { kind: row.kind } });
  });
  return listSuppression(ws, 200);
}
