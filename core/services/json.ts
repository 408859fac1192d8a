/** Reading JSON columns defensively: a malformed value never breaks a screen. */

/** The parsed value, or the raw text when it is not JSON (null stays null). */
export function parseJsonValue(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The parsed object, or {} when the column holds anything else. */
export function parseJsonObject<T = unknown>(text: string): Record<string, T> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, T>) : {};
  } catch {
    return {};
  }
}
