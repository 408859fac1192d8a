/**
 * Full-text search: one contentless FTS5 row per contact (rowid = contacts.pk) over the
 * name, email, phone, custom text fields and note bodies. Rows are rebuilt from the tables
 * whenever one of those changes (`refreshSearchRows`), inside the same transaction.
 */
import type { Db } from '../db/database.js';

/** Notes beyond this many characters per contact are not searchable (keeps rows small). */
const MAX_NOTES_TEXT = 20_000;
const MAX_FIELDS_TEXT = 5_000;
const MAX_TOKENS = 8;

interface SearchSourceRow {
  pk: number;
  id: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  email: string | null;
  phone: string | null;
  custom_fields: string;
  city: string | null;
}

export class SearchIndex {
  private readonly source;
  private readonly notes;
  private readonly remove;
  private readonly write;

  constructor(db: Db) {
    this.source = db.prepare<[string], SearchSourceRow>(
      'SELECT pk, id, first_name, last_name, full_name, email, phone, custom_fields, city FROM contacts WHERE id = ?',
    );
    this.notes = db.prepare<[string], { body: string }>('SELECT body FROM notes WHERE contact_id = ? ORDER BY created_at');
    this.remove = db.prepare('DELETE FROM contacts_fts WHERE rowid = ?');
    this.write = db.prepare('INSERT INTO contacts_fts (rowid, name, email, phone, fields, notes) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** Rebuilds the search rows of these contacts (ids that no longer exist are skipped). */
  refresh(contactIds: Iterable<string>): void {
    for (const id of contactIds) {
      const row = this.source.get(id);
      if (!row) continue;
      let notes = '';
      for (const note of this.notes.iterate(id)) {
        if (notes.length >= MAX_NOTES_TEXT) break;
        notes += `${note.body}\n`;
      }
      this.writeRow(row, notes.slice(0, MAX_NOTES_TEXT));
    }
  }

  /** Writes a row from values already at hand (bulk loading; the contact has no notes yet or they are given). */
  writeRow(row: SearchSourceRow, notes: string): void {
    this.remove.run(row.pk);
    const name = [row.full_name, row.first_name, row.last_name].filter(Boolean).join(' ');
    this.write.run(row.pk, name, row.email ?? '', phoneDigits(row.phone), fieldsText(row.custom_fields, row.city), notes);
  }

  removeRow(pk: number): void {
    this.remove.run(pk);
  }
}

function phoneDigits(phone: string | null): string {
  return phone ? phone.replace(/\D+/g, '') : '';
}

function fieldsText(customFieldsJson: string, city: string | null): string {
  let text = city ?? '';
  try {
    const values = JSON.parse(customFieldsJson) as Record<string, unknown>;
    for (const value of Object.values(values)) {
      if (typeof value === 'string') text += ` ${value}`;
      else if (Array.isArray(value)) text += ` ${value.filter((v) => typeof v === 'string').join(' ')}`;
      if (text.length > MAX_FIELDS_TEXT) break;
    }
  } catch {
    // A malformed custom_fields column never blocks search; the name and email still index.
  }
  return text.slice(0, MAX_FIELDS_TEXT);
}

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
