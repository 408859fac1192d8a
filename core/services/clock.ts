/** Times in the spec's format: RFC 3339, UTC, milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}
