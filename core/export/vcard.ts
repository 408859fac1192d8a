/**
 * vCard 4.0 (RFC 6350), one card per contact, UTF-8, CRLF lines folded at 75 octets (never
 * inside a character). What each column becomes:
 *   name → FN (always present: a card needs one), firstName/lastName → N, email → EMAIL,
 *   phone → TEL, city/country → ADR (locality, country), locale → LANG, timezone → TZ,
 *   tags → CATEGORIES, id → UID, updated → REV; every other column (source, dates, custom
 *   fields, consent, "No marketing") → an X-NEXVIO-… property, so nothing chosen is lost.
 * Notes are not written (NOTE): they are the agents' internal notes, not the person's card.
 * Text is escaped per RFC 6350 §3.4 (backslash, comma, semicolon, newline); control
 * characters a vCard cannot carry are dropped.
 */
import { type TextFile } from './text-file.js';
import { valueText, type ExportColumn, type ExportValue, type ExportWriter } from './types.js';

const FOLD_OCTETS = 75;

/** Escapes one text value (or one component of a compound value). */
export function vcardText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- the control characters are what it removes
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line: at most 75 octets a line, continuation lines start with one space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= FOLD_OCTETS) return `${line}\r\n`;
  let out = '';
  let current = '';
  let octets = 0;
  let limit = FOLD_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      out += `${current}\r\n `;
      current = '';
      octets = 0;
      limit = FOLD_OCTETS - 1; // the leading space counts
    }
    current += char;
    octets += size;
  }
  return `${out}${current}\r\n`;
}

/** An X- property name from a column id: `custom.plan` → X-NEXVIO-FIELD-PLAN. */
function extensionName(id: string): string {
  const [group, ...rest] = id.split('.');
  const key = rest.join('.');
  const name = group === 'custom' ? `FIELD-${key}` : group === 'consent' ? `CONSENT-${key}` : id.replace(/([a-z])([A-Z])/g, '$1-$2');
  return `X-NEXVIO-${name.toUpperCase().replace(/[^A-Z0-9-]/g, '-')}`;
}

/** REV's timestamp form: 20260201T000000Z. */
function timestamp(iso: string): string | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export async function vcardWriter(file: TextFile, columns: readonly ExportColumn[]): Promise<ExportWriter> {
  const at = new Map(columns.map((column, i) => [column.id, i]));
  const HANDLED = new Set(['name', 'firstName', 'lastName', 'email', 'phone', 'city', 'country', 'locale', 'timezone', 'tags', 'id', 'updated']);
  const extras = columns.map((column, i) => ({ column, i })).filter(({ column }) => !HANDLED.has(column.id));

  const card = (row: ExportValue[]): string => {
    const get = (id: string): ExportValue => {
      const i = at.get(id);
      return i === undefined ? null : (row[i] ?? null);
    };
    const text = (id: string) => vcardText(valueText(get(id)));
    const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
    lines.push(`FN:${text('name') || 'Unnamed contact'}`);
    if (at.has('firstName') || at.has('lastName')) lines.push(`N:${text('lastName')};${text('firstName')};;;`);
    if (get('email')) lines.push(`EMAIL:${text('email')}`);
    if (get('phone')) lines.push(`TEL;VALUE=text:${text('phone')}`);
    if (get('city') || get('country')) lines.push(`ADR:;;;${text('city')};;;${text('country')}`);
    if (get('locale')) lines.push(`LANG:${text('locale')}`);
    if (get('timezone')) lines.push(`TZ;VALUE=text:${text('timezone')}`);
    const tags = get('tags');
    if (Array.isArray(tags) && tags.length > 0) lines.push(`CATEGORIES:${tags.map(vcardText).join(',')}`);
    if (get('id')) lines.push(`UID;VALUE=text:${text('id')}`);
    const updated = get('updated');
    const rev = typeof updated === 'string' ? timestamp(updated) : null;
    if (rev) lines.push(`REV:${rev}`);
    for (const { column, i } of extras) {
      const value = row[i] ?? null;
      if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      lines.push(`${extensionName(column.id)}:${vcardText(valueText(value))}`);
    }
    lines.push('END:VCARD');
    return lines.map(foldLine).join('');
  };

  return {
    truncatedCells: 0,
    write: (rows: ExportValue[][]) => file.write(rows.map(card).join('')),
    end: () => file.end(),
    abort: () => file.abort(),
  };
}
