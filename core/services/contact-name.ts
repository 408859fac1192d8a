/**
 * The name a contact is shown by, as SQL over a `contacts` alias: its display name, or
 * "Anonymised contact" once retention has stripped it (its name fields are then empty and
 * the display name would read "Unnamed contact", as if it had never had one).
 */
export const ANONYMISED_NAME = 'Anonymised contact';

export function shownNameSql(alias: string): string {
  return `CASE WHEN ${alias}.anonymised_at IS NULL THEN ${alias}.display_name ELSE '${ANONYMISED_NAME}' END`;
}
