/**
 * vCard 3.0 and 4.0 (RFC 2426 / RFC 6350) as far as contacts need: lines unfolded, FN, N,
 * EMAIL, TEL, ADR (city and country), ORG, NOTE, with parameters (TYPE, PREF, ENCODING,
 * CHARSET), QUOTED-PRINTABLE values (2.1-style, still common in phone exports) and the
 * escapes \n \, \; \\. A broken card is reported with its line and skipped; the rest import.
 */

export interface VCard {
  /** The line (1-based) of its BEGIN:VCARD. */
  line: number;
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  emails: string[];
  phones: string[];
  organization: string | null;
  note: string | null;
  city: string | null;
  country: string | null;
}

export interface VCardProblem {
  line: number;
  message: string;
}

/** The columns a card becomes for the mapping step (one row per card). */
export const VCARD_COLUMNS = ['Full name', 'First name', 'Last name', 'Email', 'Phone', 'Organization', 'Note', 'City', 'Country'] as const;

export function vcardCells(card: VCard): string[] {
  return [card.fullName, card.firstName, card.lastName, card.emails[0] ?? null, card.phones[0] ?? null, card.organization, card.note, card.city, card.country].map((v) => v ?? '');
}

function unescapeText(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}

/** Splits on unescaped `;` (structured values: N, ADR). */
function components(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + (value[++i] as string);
    } else if (ch === ';') {
      parts.push(unescapeText(current));
      current = '';
    } else current += ch;
  }
  parts.push(unescapeText(current));
  return parts.map((p) => p.trim());
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch.charCodeAt(0) & 0xff);
  }
  let label = charset.toLowerCase();
  if (label !== 'utf-8' && label !== 'windows-1252' && label !== 'iso-8859-1') label = 'utf-8';
  return new TextDecoder(label).decode(Uint8Array.from(bytes));
}

/** Unfolds continuation lines (a line starting with a space or tab) and soft breaks of quoted-printable values. */
function unfold(text: string): { text: string; line: number }[] {
  const raw = text.split(/\r\n|\r|\n/);
  const lines: { text: string; line: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const current = raw[i] as string;
    const last = lines[lines.length - 1];
    if (last && (current.startsWith(' ') || current.startsWith('\t'))) {
      last.text += current.slice(1);
    } else if (last && /ENCODING=QUOTED-PRINTABLE/i.test(last.text.split(':', 1)[0] ?? '') && last.text.endsWith('=')) {
      last.text = last.text.slice(0, -1) + current;
    } else lines.push({ text: current, line: i + 1 });
  }
  return lines;
}

export function parseVcards(text: string): { cards: VCard[]; problems: VCardProblem[] } {
  const cards: VCard[] = [];
  const problems: VCardProblem[] = [];
  let card: VCard | null = null;
  let broken: string | null = null;
  for (const { text: content, line } of unfold(text.replace(/^\uFEFF/, ''))) {
    if (content.trim() === '') continue;
    const colon = content.indexOf(':');
    if (colon < 0) {
      if (card) broken ??= `Line ${line} is not "NAME:value".`;
      else problems.push({ line, message: `Line ${line} is outside any card.` });
      continue;
    }
    const [nameWithGroup = '', ...params] = content.slice(0, colon).split(';');
    const name = nameWithGroup.replace(/^[^.]*\./, '').toUpperCase();
    let value = content.slice(colon + 1);
    if (name === 'BEGIN' && value.trim().toUpperCase() === 'VCARD') {
      if (card) problems.push({ line: card.line, message: `The card starting on line ${card.line} has no END:VCARD.` });
      card = { line, fullName: null, firstName: null, lastName: null, emails: [], phones: [], organization: null, note: null, city: null, country: null };
      broken = null;
      continue;
    }
    if (!card) {
      problems.push({ line, message: `Line ${line} is outside any card.` });
      continue;
    }
    if (name === 'END' && value.trim().toUpperCase() === 'VCARD') {
      if (broken) problems.push({ line: card.line, message: broken });
      else if (!card.fullName && !card.firstName && !card.lastName && card.emails.length === 0 && card.phones.length === 0) {
        problems.push({ line: card.line, message: `The card starting on line ${card.line} has no name, email or phone.` });
      } else cards.push(card);
      card = null;
      continue;
    }
    const paramMap = new Map(params.map((p) => {
      const [k = '', v = ''] = p.split('=', 2);
      return [k.toUpperCase(), v] as const;
    }));
    if (paramMap.get('ENCODING')?.toUpperCase() === 'QUOTED-PRINTABLE' || params.some((p) => p.toUpperCase() === 'QUOTED-PRINTABLE')) {
      value = decodeQuotedPrintable(value, paramMap.get('CHARSET') ?? 'utf-8');
    }
    switch (name) {
      case 'FN':
        card.fullName = unescapeText(value).trim() || null;
        break;
      case 'N': {
        const [last, first] = components(value);
        card.lastName = last || null;
        card.firstName = first || null;
        break;
      }
      case 'EMAIL':
        if (value.trim()) card.emails.push(unescapeText(value).trim().replace(/^mailto:/i, ''));
        break;
      case 'TEL':
        if (value.trim()) card.phones.push(unescapeText(value).trim().replace(/^tel:/i, ''));
        break;
      case 'ORG':
        card.organization = components(value).filter(Boolean).join(', ') || null;
        break;
      case 'NOTE':
        card.note = unescapeText(value).trim() || null;
        break;
      case 'ADR': {
        // PO box; extended; street; locality; region; postal code; country
        const parts = components(value);
        card.city ??= parts[3] || null;
        card.country ??= parts[6] || null;
        break;
      }
    }
  }
  if (card) problems.push({ line: card.line, message: `The card starting on line ${card.line} has no END:VCARD.` });
  return { cards, problems };
}
