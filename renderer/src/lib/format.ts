/**
 * Dates and numbers for people, with Intl in the agent's locale (chosen in Settings, else the
 * system's) and time zone (the system's), or in a contact's own locale and zone where the
 * caller asks for it. Formatters are cached: building an Intl formatter costs far more than
 * using one, and a list formats thousands.
 */
/** The system's locale (the browser's, Electron's: the OS language). */
export function systemLocale(): string {
  return typeof navigator !== 'undefined' ? navigator.language || 'en' : 'en';
}

let LOCALE = systemLocale();

/** Every memo's results, cleared with the formatters when the locale changes. */
const memoResults: Map<string, string>[] = [];

/**
 * Formats in `locale` from now on (null: the system's) — the person's choice in Settings
 * (state/display.ts). Cached formatters and remembered results are in the old one: dropped.
 * An unknown tag falls back to the system's locale rather than throwing in every formatter.
 */
export function setFormatLocale(locale: string | null): void {
  const next = (locale !== null && validLocale(locale)) || systemLocale();
  if (next === LOCALE) return;
  LOCALE = next;
  cache.clear();
  for (const results of memoResults) results.clear();
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DisplayNames>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DisplayNames>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** Remembers up to `size` results of a pure one-argument formatter (lists format the same values often). */
function memo(fn: (value: string) => string, size = 5000): (value: string) => string {
  const results = new Map<string, string>();
  memoResults.push(results);
  return (value) => {
    let result = results.get(value);
    if (result === undefined) {
      result = fn(value);
      if (results.size >= size) results.clear();
      results.set(value, result);
    }
    return result;
  };
}

export function userLocale(): string {
  return LOCALE;
}

/** A date formatter of the current locale with the caller's options, cached under `key` (one key, one set of options). */
export function dateFormatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`df:${key}`, () => new Intl.DateTimeFormat(LOCALE, options));
}

export function formatNumber(value: number): string {
  return cached('n', () => new Intl.NumberFormat(LOCALE)).format(value);
}

const BYTE_UNITS: [Intl.NumberFormatOptions['unit'] & string, number][] = [
  ['gigabyte', 1024 ** 3],
  ['megabyte', 1024 ** 2],
  ['kilobyte', 1024],
];

/** A file's size: "812 bytes", "4.2 MB", "1.3 GB". */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of BYTE_UNITS) {
    if (bytes >= size) return cached(`b:${unit}`, () => new Intl.NumberFormat(LOCALE, { style: 'unit', unit, maximumFractionDigits: 1 })).format(bytes / size);
  }
  return `${formatNumber(bytes)} bytes`;
}

/** "42%" (or "42 %", as the locale writes it) for 42: a share out of 100, whole. */
export function formatPercent(outOf100: number): string {
  return cached('pct', () => new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 })).format(outOf100 / 100);
}

/** "1 contact", "12,345 contacts" */
export function formatCount(value: number, singular: string, plural: string): string {
  return `${formatNumber(value)} ${value === 1 ? singular : plural}`;
}

export function formatCurrency(amount: number, currency: string): string {
  try {
    return cached(`c:${currency}`, () => new Intl.NumberFormat(LOCALE, { style: 'currency', currency })).format(amount);
  } catch {
    return `${formatNumber(amount)} ${currency}`;
  }
}

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A time zone name the runtime knows, or undefined (an unknown zone would throw). */
export function validTimeZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    cached(`tz:${zone}`, () => new Intl.DateTimeFormat('en', { timeZone: zone }));
    return zone;
  } catch {
    return undefined;
  }
}

export function validLocale(locale: string | null | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

/** "12 Mar 2025" */
export function formatDate(iso: string | null | undefined): string {
  return iso ? formatDateOf(iso) : '—';
}
const formatDateOf = memo((iso: string) => {
  const date = toDate(iso);
  return date ? cached('d', () => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' })).format(date) : '—';
});

/**
 * A calendar day stored as "2025-03-12" (a custom date field): the same day everywhere, so it
 * is formatted in UTC, where it was written (in the local zone it could show the day before).
 */
export function formatCalendarDay(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return formatDate(value);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return value;
  return cached('cd', () => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' })).format(date);
}

/** "12 Mar 2025, 14:03" */
export function formatDateTime(iso: string | null | undefined, options?: { timeZone?: string | null; locale?: string | null }): string {
  if (iso && !options) return formatDateTimeOf(iso);
  return formatDateTimeIn(iso, options);
}
const formatDateTimeOf = memo((iso: string) => formatDateTimeIn(iso, undefined));
function formatDateTimeIn(iso: string | null | undefined, options: { timeZone?: string | null; locale?: string | null } | undefined): string {
  const date = toDate(iso);
  if (!date) return '—';
  const timeZone = validTimeZone(options?.timeZone);
  const locale = validLocale(options?.locale) ?? LOCALE;
  return cached(`dt:${locale}:${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(date);
}

/** "14:03" */
export function formatTime(iso: string | null | undefined): string {
  const date = toDate(iso);
  if (!date) return '';
  return cached('t', () => new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short' })).format(date);
}

/** The current wall-clock time in a zone, e.g. for "14:03 local time". */
export function formatNowIn(timeZone: string): string | null {
  const zone = validTimeZone(timeZone);
  if (!zone) return null;
  return cached(`now:${zone}`, () => new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short', timeZone: zone })).format(new Date());
}

/** "Today", "Yesterday", "Monday, 3 March 2025" — the day headings of a timeline. */
export function formatDay(iso: string, now = new Date()): string {
  const date = toDate(iso);
  if (!date) return '—';
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(date)) / 86_400_000);
  if (days === 0 || days === 1) {
    const text = cached('rd', () => new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' })).format(-days, 'day');
    return text.charAt(0).toLocaleUpperCase(LOCALE) + text.slice(1);
  }
  const sameYear = date.getFullYear() === now.getFullYear();
  return cached(`day:${sameYear}`, () =>
    new Intl.DateTimeFormat(LOCALE, { weekday: 'long', day: 'numeric', month: 'long', year: sameYear ? undefined : 'numeric' }),
  ).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago", "in 2 hours", "just now"; `short` for tight places: "2 min. ago". */
export function formatRelative(iso: string | null | undefined, now = Date.now(), style: 'long' | 'short' = 'long'): string {
  const date = toDate(iso);
  if (!date) return '—';
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  const rtf = cached(`r:${style}`, () => new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto', style }));
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === 'minute') return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(Math.round(diff / 60_000), 'minute');
}

/** "in 40 sec.", "in 3 min.": a countdown to the second, for retries; "now" once it is due. */
export function formatCountdown(iso: string | null | undefined, now = Date.now()): string {
  const date = toDate(iso);
  if (!date) return '—';
  const seconds = Math.ceil((date.getTime() - now) / 1000);
  if (seconds <= 0) return 'now';
  const rtf = cached('r:short', () => new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto', style: 'short' }));
  if (seconds < 90) return rtf.format(seconds, 'second');
  if (seconds < 90 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  return rtf.format(Math.round(seconds / 3600), 'hour');
}

/** A span of time for people: "42 sec", "3 min 20 sec", "1 hr 5 min". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    cached(`u:${name}`, () => new Intl.NumberFormat(LOCALE, { style: 'unit', unit: name, unitDisplay: 'short' })).format(value);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  if (minutes > 0) return seconds > 0 && minutes < 10 ? `${unit(minutes, 'minute')} ${unit(seconds, 'second')}` : unit(minutes, 'minute');
  return unit(seconds, 'second');
}

/** "Germany" for "DE"; the code itself when the runtime does not know it. */
export function countryName(code: string | null | undefined): string {
  return code ? countryNameOf(code) : '';
}
const countryNameOf = memo((code: string) => {
  try {
    return cached('region', () => new Intl.DisplayNames([LOCALE], { type: 'region' })).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
});

/** "German (Germany)" for "de-DE". */
export function languageName(locale: string | null | undefined): string | null {
  const canonical = validLocale(locale);
  if (!canonical) return null;
  try {
    return cached('lang', () => new Intl.DisplayNames([LOCALE], { type: 'language' })).of(canonical) ?? null;
  } catch {
    return null;
  }
}

/** The flag emoji of an ISO 3166-1 alpha-2 code ("DE" → 🇩🇪), or "" for anything else. */
export function flagEmoji(code: string | null | undefined): string {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return '';
  const upper = code.toUpperCase();
  return String.fromCodePoint(0x1f1e6 + upper.charCodeAt(0) - 65, 0x1f1e6 + upper.charCodeAt(1) - 65);
}

/** Turns a snake_case or camelCase key into "Sentence case" for labels. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Any value from an untrusted payload as one short line of text (never markup). */
export function valueToText(value: unknown, max = 500): string {
  let text: string;
  if (value === null || value === undefined) text = '—';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = formatNumber(value);
  else if (typeof value === 'boolean') text = value ? 'Yes' : 'No';
  else if (Array.isArray(value)) text = value.map((v) => valueToText(v, max)).join(', ');
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
