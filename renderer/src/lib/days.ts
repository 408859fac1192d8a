/**
 * Calendar days as a date picker gives them ("2026-03-14", in the person's own time zone)
 * turned into the instants the core filters by.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] | null {
  const match = DAY.exec(day);
  return match ? [Number(match[1]), Number(match[2]) - 1, Number(match[3])] : null;
}

/** The first instant of a local day, as ISO; null for anything that is not a day. */
export function startOfDay(day: string): string | null {
  const p = parts(day);
  if (!p) return null;
  const date = new Date(p[0], p[1], p[2]);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The first instant after a local day (the next day's start), as ISO. */
export function endOfDay(day: string): string | null {
  const p = parts(day);
  if (!p) return null;
  const date = new Date(p[0], p[1], p[2] + 1);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Today as a local calendar day ("2026-03-14"). */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
