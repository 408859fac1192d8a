/**
 * What "invalid" means for the data-health checks, as SQL over a contact row: written once
 * here so the rollup triggers (core/analytics/rollups.ts), the health figures and the list's
 * `invalid` filter (core/services/contact-filter.ts) count exactly the same contacts.
 *
 * Plain SQL (GLOB, length) rather than a JavaScript function: triggers run in every
 * connection that writes, including the CLI's and a tool's, which would not have a custom
 * function registered.
 */

/** A set email without exactly the shape name@domain.tld (no spaces, one @, a dot after it). */
export function invalidEmailSql(column: string): string {
  return `(${column} IS NOT NULL AND ${column} <> '' AND (
    ${column} NOT GLOB '?*@?*.?*' OR ${column} GLOB '*@*@*' OR ${column} GLOB '*[ ${'\t'}]*' OR length(${column}) > 320))`;
}

/** A set phone that is not E.164: "+", a first digit 1–9, 7 to 15 digits in all, nothing else. */
export function invalidPhoneSql(column: string): string {
  return `(${column} IS NOT NULL AND ${column} <> '' AND (
    ${column} NOT GLOB '+[1-9]*' OR substr(${column}, 2) GLOB '*[^0-9]*' OR length(${column}) NOT BETWEEN 8 AND 16))`;
}
