/** Breakdown values in words: a country's name, a source's label, a language's name. */
import type { BreakdownDimension } from '../../../../preload/contract';
import { sourceLabel } from '../../components/SourceBadge';
import { countryName, flagEmoji, languageName } from '../../lib/format';

export function breakdownValueLabel(dimension: BreakdownDimension, value: string, fieldType?: string): string {
  if (value === '') return dimension === 'country' ? 'Unknown country' : 'Not set';
  if (dimension === 'source') return sourceLabel(value);
  if (dimension === 'country') return `${flagEmoji(value)} ${countryName(value)}`.trim();
  if (dimension === 'locale') return languageName(value) ?? value;
  if (fieldType === 'boolean') return value === 'true' ? 'Yes' : value === 'false' ? 'No' : value;
  return value;
}
