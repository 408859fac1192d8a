/**
 * Time for the analytics figures: UTC quarter hours (the rollups' grain), the viewer's local
 * days and weeks, and the offsets of a time zone over a period. Every real UTC offset is a
 * multiple of 15 minutes and zones change offset on a quarter hour, so a local day, week or
 * hour is always a whole number of UTC quarter hours: the rollups answer them exactly.
 */

export const QUARTER_MS = 15 * 60_000;
export const DAY_MS = 86_400_000;

/** The rollups' key of the quarter hour an instant falls in: `YYYY-MM-DDTHH:MM` (UTC). */
export function quarterKey(ms: number): string {
  return new Date(Math.floor(ms / QUARTER_MS) * QUARTER_MS).toISOString().slice(0, 16);
}

/** The UTC day key of an instant: `YYYY-MM-DD`. */
export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
export const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, f);
  }
  return f;
}

const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 200_000;

/**
 * The zone's offset from UTC at an instant, in minutes (+330 for Asia/Kolkata). Offsets change
 * on quarter hours, so they are remembered per zone and quarter hour: every call of a page
 * load asks for the same days again, and Intl takes microseconds each.
 */
export function offsetMinutes(timeZone: string, ms: number): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const quarter = Math.floor(ms / QUARTER_MS);
  const known = zone.get(quarter);
  if (known !== undefined) return known;
  const name = offsetFormatter(timeZone)
    .formatToParts(new Date(quarter * QUARTER_MS))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  if (zone.size >= OFFSET_CACHE_LIMIT) zone.clear();
  zone.set(quarter, minutes);
  return minutes;
}

/** A stretch of time in which the zone's offset does not change. */
export interface OffsetStretch {
  from: number;
  to: number;
  offset: number;
}

/**
 * The constant-offset stretches covering [from, to): the offset sampled daily, and each
 * change pinned to its quarter hour by bisection (a zone changes a few times a year).
 */
export function offsetStretches(timeZone: string, from: number, to: number): OffsetStretch[] {
  const out: OffsetStretch[] = [];
  let start = from;
  let offset = offsetMinutes(timeZone, from);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + DAY_MS, to);
    const at = offsetMinutes(timeZone, next - 1);
    if (at !== offset) {
      // The change lies in (probe, next): find the first quarter hour with the new offset.
      let lo = floorTo(probe, QUARTER_MS);
      let hi = ceilTo(next, QUARTER_MS);
      while (hi - lo > QUARTER_MS) {
        const mid = floorTo((lo + hi) / 2, QUARTER_MS);
        if (offsetMinutes(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      const change = Math.max(start, Math.min(hi, to));
      if (change > start) out.push({ from: start, to: change, offset });
      start = change;
      offset = offsetMinutes(timeZone, change);
    }
    probe = next;
  }
  if (to > start) out.push({ from: start, to, offset });
  return out;
}

/** The UTC instant of local midnight starting a local date (y, m 0-based, d). */
export function localMidnight(timeZone: string, y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m, d);
  // Two passes: the offset at the guess, then at the corrected instant (a DST change near midnight).
  let at = wall - offsetMinutes(timeZone, wall) * 60_000;
  at = wall - offsetMinutes(timeZone, at) * 60_000;
  return at;
}

/** The local calendar date of an instant: [year, month 0-based, day, weekday 0 = Monday]. */
export function localDate(timeZone: string, ms: number): [number, number, number, number] {
  const local = new Date(ms + offsetMinutes(timeZone, ms) * 60_000);
  return [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), (local.getUTCDay() + 6) % 7];
}

export interface LocalBucket {
  /** The local date the bucket starts on, YYYY-MM-DD. */
  date: string;
  from: number;
  to: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The local days (or Monday-started weeks) covering [from, to), each cut to the range at the
 * ends. A bucket is the local calendar day or week in `timeZone`, whatever its length (23 or
 * 25 hours across a DST change).
 */
export function localBuckets(timeZone: string, from: number, to: number, size: 'day' | 'week'): LocalBucket[] {
  const buckets: LocalBucket[] = [];
  const [y0, m0, d0, weekday] = localDate(timeZone, from);
  let [y, m, d] = [y0, m0, size === 'week' ? d0 - weekday : d0];
  for (;;) {
    const startDate = new Date(Date.UTC(y, m, d));
    const start = localMidnight(timeZone, startDate.getUTCFullYear(), startDate.getUTCMonth(), startDate.getUTCDate());
    const nextDate = new Date(Date.UTC(y, m, d + (size === 'week' ? 7 : 1)));
    const end = localMidnight(timeZone, nextDate.getUTCFullYear(), nextDate.getUTCMonth(), nextDate.getUTCDate());
    if (start >= to) break;
    const date = `${startDate.getUTCFullYear()}-${pad(startDate.getUTCMonth() + 1)}-${pad(startDate.getUTCDate())}`;
    if (end > from) buckets.push({ date, from: Math.max(start, from), to: Math.min(end, to) });
    [y, m, d] = [nextDate.getUTCFullYear(), nextDate.getUTCMonth(), nextDate.getUTCDate()];
  }
  return buckets;
}

/** Where a local quarter hour falls in the week: 0 = Monday 00:00 … 671 = Sunday 23:45. */
export const QUARTERS_PER_WEEK = 7 * 96;
