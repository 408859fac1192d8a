/** Helpers for showing untrusted text: always as text, bounded, bidi-isolated by the caller. */

/** Cuts a string for a one-line display; the full text stays available to the caller. */
export function clip(text: string | null | undefined, max = 300): string {
  if (!text) return '';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A link target only for http(s) URLs; anything else (javascript:, data:...) is not a link. */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The message of an API error without the "fields.email: " prefix the validator adds. */
export function stripPathPrefix(message: string, path: (string | number)[] | undefined): string {
  if (!path || path.length === 0) return message;
  const prefix = `${path.join('.')}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
