/**
 * The Analytics page's pure parts: the date range of a preset, labels of buckets and heatmap
 * cells, a chart's data as CSV. Kept free of React so they are tested on their own
 * (tests/analytics-ui.test.ts).
 */
import type { AnalyticsBucketSize, AnalyticsRange } from '../../../../preload/contract';
import { endOfDay, startOfDay, today } from '../../lib/days';
import { dateFormatter, formatNumber } from '../../lib/format';

export const RANGE_PRESETS = [
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
  { value: '90d', label: 'Last 90 days', days: 90 },
  { value: '12m', label: 'Last 12 months', days: 365 },
  { value: 'all', label: 'All time', days: null },
  { value: 'custom', label: 'Custom range', days: null },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['value'];

export interface RangeChoice {
  preset: RangePreset;
  /** The custom range's first and last local day (inclusive), `YYYY-MM-DD`. */
  from: string;
  to: string;
}

/** A local calendar day `days` before `day`. */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return today(new Date(y, m - 1, d + days));
}

/**
 * The range a choice means, as the core takes it: whole local days, ending with today (so the
 * range, and the figures' cache keys, stay the same all day). Null for all time; an error
 * message for a custom range that is not one.
 */
export function rangeOf(choice: RangeChoice, now = new Date()): AnalyticsRange | null | { error: string } {
  if (choice.preset === 'all') return null;
  if (choice.preset === 'custom') {
    const from = startOfDay(choice.from);
    const to = endOfDay(choice.to);
    if (!from) return { error: 'Choose the first day' };
    if (!to) return { error: 'Choose the last day' };
    if (from >= to) return { error: 'The last day is before the first' };
    return { from, to };
  }
  const preset = RANGE_PRESETS.find((p) => p.value === choice.preset);
  const days = preset?.days ?? 30;
  const last = today(now);
  return { from: startOfDay(shiftDay(last, -(days - 1)))!, to: endOfDay(last)! };
}

export function isRangeError(range: AnalyticsRange | null | { error: string }): range is { error: string } {
  return range !== null && 'error' in range;
}

/** Longer than this, a chart of days has too many bars to read (or draw quickly): weeks instead. */
export const MAX_DAY_BUCKETS = 100;

/** The bucket the charts use: days only while the range has few enough of them. */
export function effectiveBucket(range: AnalyticsRange | null, bucket: AnalyticsBucketSize): AnalyticsBucketSize {
  if (bucket === 'week') return 'week';
  if (range === null) return 'week';
  return Date.parse(range.to) - Date.parse(range.from) > MAX_DAY_BUCKETS * 86_400_000 ? 'week' : 'day';
}

// In the locale chosen in Settings (lib/format.ts), looked up at each call: it may change.
const dayFormat = () => dateFormatter('analytics-day', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDayFormat = () => dateFormatter('analytics-long-day', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthFormat = () => dateFormatter('analytics-month', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A bucket's local date (`YYYY-MM-DD`) on an axis: "Mar 4"; "Mar 2026" when the chart spans years. */
export function bucketTick(date: string, spansYears = false): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(at)) return date;
  return (spansYears ? monthFormat() : dayFormat()).format(at);
}

/** A bucket in words, for a tooltip, a chip or a CSV: "Mar 4, 2026" or "Week of Mar 4, 2026". */
export function bucketLabel(date: string, bucket: AnalyticsBucketSize): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  const day = Number.isNaN(at) ? date : longDayFormat().format(at);
  return bucket === 'week' ? `Week of ${day}` : day;
}

/** Monday first, as the core counts weekdays (0 = Monday). */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function hourSpan(hour: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(hour)}:00–${pad((hour + 1) % 24)}:00`;
}

/** A heatmap cell in words: "Tuesday 14:00–15:00: 123 conversations". */
export function heatmapCellLabel(weekday: number, hour: number, count: number): string {
  return `${WEEKDAYS[weekday] ?? '?'} ${hourSpan(hour)}: ${formatNumber(count)} ${count === 1 ? 'conversation' : 'conversations'}`;
}

/** How dark a heatmap cell is: 0 for none, then 1–5 by its share of the busiest hour. */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(5, Math.max(1, Math.ceil((count / max) * 5)));
}

export type CsvCell = string | number | null;

/**
 * Rows as CSV (RFC 4180, CRLF), plain values quoted where needed. The core writes the file
 * again with the rule of every export (BOM, formulas defused), so nothing is defused here.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const cell = (value: CsvCell): string => {
    if (value === null) return '';
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
    return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A share as a percentage for people: "12.5%", "0%", "—" when there is nothing to share. */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const share = (part / whole) * 100;
  return `${share >= 10 || share === 0 ? Math.round(share) : share.toFixed(1)}%`;
}

/** A chart's file name part: "contacts-by-country". */
export function chartSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'chart'
  );
}
