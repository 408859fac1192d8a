/**
 * Full-text search: one contentless FTS5 row per contact (rowid = contacts.pk) over the
 * name, email (and those of contacts merged into it), phone, custom text fields and note bodies. Rows are rebuilt from the tables
 * whenever one of those changes (`refreshSearchRows`), inside the same transaction.
 */
import type { Db } from '../db/database.js';

/**
 * The search row of a contact, as SQL over `contacts c`, so a single refresh and the bulk
 * rebuild after a first sync (core/db/bulk-load.ts) can never disagree. Notes beyond 20,000
 * characters per contact and custom text beyond 5,000 are not searchable (rows stay small).
 */
export const SEARCH_ROW_SQL = `SELECT c.pk,
    trim(coalesce(c.full_name, '') || ' ' || coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')),
    coalesce(c.email, '') || coalesce((SELECT ' ' || group_concat(e.value, ' ') FROM merges m, json_each(m.former_emails) e WHERE m.primary_id = c.id), ''),
    replace(replace(replace(replace(replace(coalesce(c.phone, ''), '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''),
    substr(coalesce(c.city, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_tree(c.custom_fields) WHERE type = 'text'), ''), 1, 5000),
    substr(coalesce((SELECT group_concat(body, char(10)) FROM (SELECT body FROM notes n WHERE n.contact_id = c.id ORDER BY n.created_at)), ''), 1, 20000)
  FROM contacts c`;

const INSERT_SQL = 'INSERT INTO contacts_fts (rowid, name, email, phone, fields, notes) ';

export class SearchIndex {
  private readonly write;
  private readonly pkOf;
  private readonly remove;
  private readonly writeNew;

  constructor(db: Db) {
    this.writeNew = db.prepare(`${INSERT_SQL}${SEARCH_ROW_SQL} WHERE c.id IN (SELECT value FROM json_each(?))`);
    this.pkOf = db.prepare<[string], { pk: number }>('SELECT pk FROM contacts WHERE id = ?');
    this.remove = db.prepare('DELETE FROM contacts_fts WHERE rowid = ?');
    this.write = db.prepare(`${INSERT_SQL}${SEARCH_ROW_SQL} WHERE c.pk = ?`);
  }

  /** Rebuilds the search rows of these contacts (ids that no longer exist are skipped). */
  refresh(contactIds: Iterable<string>): void {
    for (const id of contactIds) {
      const row = this.pkOf.get(id);
      if (!row) continue;
      this.remove.run(row.pk);
      this.write.run(row.pk);
    }
  }

  /** Writes the search rows of contacts created in this transaction (they have none yet), in one statement. */
  addNew(contactIds: string[]): void {
    if (contactIds.length > 0) this.writeNew.run(JSON.stringify(contactIds));
  }

  removeRow(pk: number): void {
    this.remove.run(pk);
  }
}

/** Rebuilds every search row at once (after a bulk load). */
export function rebuildSearch(db: Db): void {
  db.exec('DELETE FROM contacts_fts');
  db.exec(`${INSERT_SQL}${SEARCH_ROW_SQL}`);
}

const MAX_TOKENS = 8;

/**
 * Turns what a person typed into an FTS5 query: every word becomes a quoted prefix term and
 * all must match. Operators and quotes typed by the person are never interpreted. A search
 * that looks like a phone number is collapsed to its digits. Returns null when nothing
 * searchable remains.
 */
export function buildFtsQuery(text: string): string | null {
  const trimmed = text.normalize('NFKC').trim();
  if (/^[+\d][\d\s()./-]{2,}$/.test(trimmed) && /\d{3}/.test(trimmed.replace(/\D/g, ''))) {
    return `"${trimmed.replace(/\D/g, '')}"*`;
  }
  const tokens = trimmed.match(/[\p{L}\p{N}]+/gu);
  if (!tokens) return null;
  return tokens
    .slice(0, MAX_TOKENS)
    .map((token) => `"${token}"*`)
    .join(' ');
}
