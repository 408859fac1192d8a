/**
 * Phone numbers as people type them ("030 1234567", "+49 (30) 123-4567", "(415) 555-0132"),
 * stored as the spec asks: E.164. A national number is read in the contact's country.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { CoreError } from '../api/errors.js';

export function normalisePhone(input: string, country: string | null | undefined): string {
  const region = country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(input, region);
  if (!parsed || !parsed.isValid()) {
    const hint = region ? ` (a number in ${region}, or one starting with + and the country code)` : ' starting with + and the country code, for example +4930123456';
    throw new CoreError('bad_request', `Enter a valid phone number${hint}.`, ['fields', 'phone']);
  }
  return parsed.number;
}
