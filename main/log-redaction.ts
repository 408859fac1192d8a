/**
 * Takes personal data and secrets out of log lines before they are written. Pure.
 *
 * Logs are sent with support requests, so they must not carry who the contacts are: e-mail
 * addresses, phone numbers, names, notes and message text go, and so do tokens and keys. What
 * is needed to debug stays readable: ids, counts, method names, error codes, timestamps and
 * file paths. Rules are deliberately textual (a log line is text by the time it is written),
 * with lookarounds so a rule never bites into a UUID, an ISO time or an IP address.
 */

export const REDACTED = '[redacted]';
export const EMAIL_MARK = '[email]';
export const PHONE_MARK = '[phone]';

/** Keys whose values describe a person (contacts' fields, notes, chat text). */
export const PERSONAL_KEYS = [
  'email',
  'emails',
  'phone',
  'phones',
  'phoneNumber',
  'firstName',
  'first_name',
  'lastName',
  'last_name',
  'displayName',
  'display_name',
  'fullName',
  'name',
  'note',
  'notes',
  'text',
  'body',
  'message_text',
  'address',
] as const;

/** Keys whose values are credentials. */
export const SECRET_KEYS = [
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'apiKey',
  'api_key',
  'apikey',
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'cookie',
] as const;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const keyAlternation = (keys: readonly string[]): string => keys.map(escapeRegex).join('|');

/** A quoted value in JSON or util.inspect output (either quote, backslash escapes). */
const QUOTED = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;
const NUMBER = String.raw`-?\d[\d.eE+-]*`;
const KEY_START = String.raw`(?<![\w$-])`;
const KEY_END = String.raw`(?![\w$-])`;

/** `"email": "ada@…"`, `email: 'ada@…'`, `phone=+44…` (quoted or numeric values). */
const PERSONAL_VALUE = new RegExp(
  `${KEY_START}(["']?)(${keyAlternation(PERSONAL_KEYS)})\\1${KEY_END}(\\s*[:=]\\s*)(?:${QUOTED}|${NUMBER})`,
  'gi',
);
/** Secrets: also an unquoted value (`token=abc`, `Authorization: abc`), unless it is already redacted. */
const SECRET_VALUE = new RegExp(
  `${KEY_START}(["']?)(${keyAlternation(SECRET_KEYS)})\\1${KEY_END}(\\s*[:=]\\s*)(?:${QUOTED}|(?!\\[redacted\\])(?:(?:Bearer|Basic|Token)\\s+)?[^\\s"',;&}\\]]+)`,
  'gi',
);
const BEARER = /\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]+/g;
/** Query parameters that carry credentials: `?token=…`, `&api_key=…`. */
const SECRET_QUERY = /([?&](?:access_token|refresh_token|token|api_key|apikey|key|secret|password|auth|code)=)[^&#\s"']*/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * Phone numbers: E.164 (`+442079460958`) and the common written forms (`+1 (555) 123-4567`,
 * `020 7946 0958`, `555-123-4567`). Dots are not separators (versions, IP addresses), and a
 * candidate glued to a letter, digit or hyphen is part of something else (a UUID, an id).
 */
const PHONE = new RegExp(
  [
    String.raw`\+[1-9]\d{6,14}`,
    String.raw`\+?\d{1,4}[ -]?\(\d{1,4}\)[ -]?\d{2,4}(?:[ -]\d{2,4}){1,2}`,
    String.raw`\+\d{1,4}(?:[ -]\d{1,8}){2,5}`,
    String.raw`\(\d{2,4}\)[ -]?\d{3,4}[ -]\d{3,4}`,
    String.raw`\d{2,5}[ -]\d{3,4}[ -]\d{3,5}`,
  ]
    .map((form) => String.raw`(?<![\w+\-:/.])(?:${form})(?![\w\-:])`)
    .join('|'),
  'g',
);

/** One line (or several) of log text, with personal data and secrets replaced by marks. */
export function redactText(text: string): string {
  return text
    .replace(SECRET_VALUE, (_match, quote: string, key: string, separator: string) => `${quote}${key}${quote}${separator}${quoteLike(_match, REDACTED)}`)
    .replace(PERSONAL_VALUE, (_match, quote: string, key: string, separator: string) => `${quote}${key}${quote}${separator}${quoteLike(_match, REDACTED)}`)
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_QUERY, `$1${REDACTED}`)
    .replace(EMAIL, EMAIL_MARK)
    .replace(PHONE, PHONE_MARK);
}

/** Keeps JSON valid: a quoted value is replaced by a quoted mark. */
function quoteLike(match: string, mark: string): string {
  const last = match.at(-1);
  return last === '"' || last === "'" ? `${last}${mark}${last}` : mark;
}

const PERSONAL = new Set(PERSONAL_KEYS.map((key) => key.toLowerCase()));
const SECRET = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));
const MAX_DEPTH = 6;

/**
 * A value handed to the logger (a string, an Error, an object from a call) with the same
 * rules applied: values under personal or secret keys replaced, every string redacted. The
 * result is new; the caller's value is not touched.
 */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (value instanceof Error) return redactError(value);
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    copy[key] = (PERSONAL.has(lower) || SECRET.has(lower)) && item !== null && item !== undefined ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return copy;
}

/** An Error as text: its stack (or name and message) and its own fields (code, path), redacted. */
function redactError(error: Error): string {
  const head = redactText(error.stack ?? `${error.name}: ${error.message}`);
  const fields = Object.fromEntries(Object.entries(error).filter(([key]) => key !== 'stack' && key !== 'message'));
  return Object.keys(fields).length > 0 ? `${head} ${JSON.stringify(redactValue(fields))}` : head;
}
