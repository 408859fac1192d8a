/** Times as integer milliseconds, written as RFC 3339 UTC with milliseconds. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

/** The character codes of the date of the last day asked for (consecutive times are often on one day). */
let cachedDay = NaN;
let extended = false;
let y1 = 0, y2 = 0, y3 = 0, y4 = 0, mo1 = 0, mo2 = 0, d1 = 0, d2 = 0; // prettier-ignore

/**
 * The same string as `new Date(ms).toISOString()`, built flat in one call: the generator
 * writes millions of these, and string concatenation would leave a trail of intermediate
 * strings for the garbage collector.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) setDay(day);
  if (extended) return new Date(ms).toISOString();
  const rest = ms - day * DAY; // 0 to 86,399,999: small integers from here on
  const h = (rest / HOUR) | 0;
  const m = ((rest / MINUTE) | 0) % 60;
  const s = ((rest / SECOND) | 0) % 60;
  const milli = rest % 1000;
  // prettier-ignore
  return String.fromCharCode(
    y1, y2, y3, y4, 45, mo1, mo2, 45, d1, d2, 84,
    48 + ((h / 10) | 0), 48 + (h % 10), 58, 48 + ((m / 10) | 0), 48 + (m % 10), 58, 48 + ((s / 10) | 0), 48 + (s % 10), 46,
    48 + ((milli / 100) | 0), 48 + (((milli / 10) | 0) % 10), 48 + (milli % 10), 90,
  );
}

/** Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, days since 1970-01-01). */
function setDay(days: number): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  cachedDay = days;
  extended = year < 0 || year > 9999;
  y1 = 48 + Math.floor(year / 1000);
  y2 = 48 + (Math.floor(year / 100) % 10);
  y3 = 48 + (Math.floor(year / 10) % 10);
  y4 = 48 + (year % 10);
  mo1 = 48 + Math.floor(month / 10);
  mo2 = 48 + (month % 10);
  d1 = 48 + Math.floor(dayOfMonth / 10);
  d2 = 48 + (dayOfMonth % 10);
}

/** `YYYY-MM-DD` of a time. */
export function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}
