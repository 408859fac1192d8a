/**
 * "On a Tuesday, between 14:00 and 15:00, in Europe/Berlin" as exact UTC intervals: the
 * list's conversation condition (core/services/contact-filter.ts) tests a start time against
 * them through an index, so the heatmap's drill-down lists exactly the people of its cell.
 *
 * The zone's offsets come from the runtime's time zone data (Intl), found transition by
 * transition, so daylight saving time (an hour that happens twice in autumn and not at all in
 * spring) and offsets like +05:30 or +05:45 are exact to the second.
 */

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Longer periods are refused (a range from year 1 to 9999 would mean millions of intervals). */
export const MAX_LOCAL_HOUR_SPAN_MS = 100 * 366 * DAY;

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at instant `t` (ms since the epoch), in ms, to the second. */
export function zoneOffsetAt(timeZone: string, t: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(t))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const local = Date.UTC(fields['year'] ?? 1970, (fields['month'] ?? 1) - 1, fields['day'] ?? 1, (fields['hour'] ?? 0) % 24, fields['minute'] ?? 0, fields['second'] ?? 0);
  return local - Math.floor(t / SECOND) * SECOND;
}

interface OffsetSpan {
  start: number;
  end: number;
  offset: number;
}

/**
 * [from, to) cut where the zone's offset changes. Sampled daily (no zone changes its offset
 * twice within a day), each change then found to the millisecond by bisection.
 */
function offsetSpans(timeZone: string, from: number, to: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let start = from;
  let offset = zoneOffsetAt(timeZone, from);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + DAY, to - 1);
    if (next <= probe) break;
    const nextOffset = zoneOffsetAt(timeZone, next);
    if (nextOffset !== offset) {
      // The first millisecond with the new offset lies in (probe, next].
      let lo = probe;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (zoneOffsetAt(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      spans.push({ start, end: hi, offset });
      start = hi;
      offset = zoneOffsetAt(timeZone, hi);
      // A second change within the same day is caught by probing on from the change.
      probe = hi;
      continue;
    }
    probe = next;
  }
  spans.push({ start, end: to, offset });
  return spans;
}

export interface LocalHourQuery {
  /** UTC instants in ms; `to` exclusive. */
  from: number;
  to: number;
  timeZone: string;
  /** 0 = Monday … 6 = Sunday, in the zone. */
  weekday?: number | undefined;
  /** 0–23, in the zone. */
  hour?: number | undefined;
}

/**
 * The UTC intervals [start, end) inside [from, to) whose local time in `timeZone` falls on
 * the weekday and in the hour asked (either may be left out), sorted and merged.
 */
export function localHourIntervals(query: LocalHourQuery): [number, number][] {
  const { from, to, timeZone, weekday, hour } = query;
  if (!(from < to)) return [];
  if (to - from > MAX_LOCAL_HOUR_SPAN_MS) throw new RangeError('The period is too long to cut by weekday and hour.');
  const out: [number, number][] = [];
  for (const span of offsetSpans(timeZone, from, to)) {
    const localStart = span.start + span.offset;
    const localEnd = span.end + span.offset;
    for (let day = Math.floor(localStart / DAY) * DAY; day < localEnd; day += DAY) {
      if (weekday !== undefined && (new Date(day).getUTCDay() + 6) % 7 !== weekday) continue;
      const windowStart = hour === undefined ? day : day + hour * HOUR;
      const windowEnd = hour === undefined ? day + DAY : windowStart + HOUR;
      const start = Math.max(windowStart - span.offset, span.start);
      const end = Math.min(windowEnd - span.offset, span.end);
      if (start >= end) continue;
      const last = out[out.length - 1];
      // Touching windows (a whole day across a change of offset, an autumn hour lived twice) become one.
      if (last && last[1] >= start) last[1] = Math.max(last[1], end);
      else out.push([start, end]);
    }
  }
  return out;
}
