/**
 * Phone numbers as people type them ("030 1234567", "+49 (30) 123-4567", "(415) 555-0132"),
 * stored as the spec asks: E.164. A national number is read in the contact's country.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { CoreError } from '../api/errors.js';

/** Recent answers: parsing costs ~40 µs, and an import checks each number twice (the preview's rules, then the create's). */
const recent = new Map<string, string>();
const RECENT_MAX = 5_000;

export function normalisePhone(input: string, country: string | null | undefined): string {
  const key = `${country ?? ''}\u001f${input}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  const normalised = parsePhone(input, country);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, normalised);
  return normalised;
}

function parsePhone(input: string, country: string | null | undefined): string {
  const region = country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(input, region);
  if (!parsed || !parsed.isValid()) {
    const hint = region ? ` (a number in ${region}, or one starting with + and the country code)` : ' starting with + and the country code, for example +4930123456';
    throw new CoreError('bad_request', `Enter a valid phone number${hint}.`, ['fields', 'phone']);
  }
  return parsed.number;
}
