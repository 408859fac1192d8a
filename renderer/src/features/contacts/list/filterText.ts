/**
 * Words for the filter builder: field names, operator names, and a condition as a sentence
 * ("Plan is any of pro, team") for the chips above the list. Also the mapping between the days
 * a person picks and the values the core compares: "after 12 March" is "from the start of
 * 13 March" (in the person's time zone for instants, as a calendar day for custom dates).
 */
import {
  BASIC_FILTER_FIELDS,
  type CONSENT_FILTER_STATUSES,
  type ConsentPurpose,
  filterFieldType,
  type BasicFilterField,
  type FieldDefinition,
  type FilterCondition,
  type FilterOperator,
  type FilterTree,
  type FilterValueType,
} from '../../../../../preload/contract';
import { countryName, formatCalendarDay, formatDate, formatNumber, humanize } from '../../../lib/format';
import { sourceLabel } from '../../../components/SourceBadge';

export const OPERATOR_LABELS: Record<FilterOperator, string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  any_of: 'is any of',
  all_of: 'has all of',
  none_of: 'is none of',
  before: 'is before',
  after: 'is after',
  in_last_days: 'is in the last',
  not_in_last_days: 'is not in the last',
  gt: 'is more than',
  lt: 'is less than',
  is_true: 'is yes',
  is_false: 'is no',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
};

export const CONSENT_STATUS_LABELS: Record<(typeof CONSENT_FILTER_STATUSES)[number], string> = {
  granted: 'Granted',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
  none: 'Not asked',
};

export interface FieldOption {
  value: string;
  label: string;
  group: 'Contact' | 'Custom fields' | 'Consent';
  type: FilterValueType;
  /** Custom fields: the definition (its options, its type). */
  definition?: FieldDefinition;
}

/** Every field a condition can test, grouped as the field picker shows them. */
export function fieldOptions(fields: FieldDefinition[], purposes: ConsentPurpose[]): FieldOption[] {
  const customTypes = new Map(fields.map((f) => [f.key, f.type]));
  const basic = (Object.keys(BASIC_FILTER_FIELDS) as BasicFilterField[]).map<FieldOption>((key) => ({
    value: key,
    label: BASIC_FILTER_FIELDS[key].label,
    group: 'Contact',
    type: BASIC_FILTER_FIELDS[key].type,
  }));
  const custom = fields
    .filter((f) => !f.archived)
    .map<FieldOption>((definition) => ({
      value: `custom.${definition.key}`,
      label: definition.label || humanize(definition.key),
      group: 'Custom fields',
      type: filterFieldType(`custom.${definition.key}`, customTypes) ?? 'text',
      definition,
    }));
  const consent = purposes.map<FieldOption>(({ key, label, archived }) => ({ value: `consent.${key}`, label: `${label} consent${archived ? ' (archived)' : ''}`, group: 'Consent', type: 'consent' }));
  return [...basic, ...custom, ...consent];
}

const DAY_MS = 86_400_000;

function localDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function isoDay(date: Date, utc: boolean): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return utc
    ? `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
    : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value stored for a picked day: "before D" = before D starts; "after D" = from the next day on. */
export function dayToValue(day: string, op: FilterOperator, calendar: boolean): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  if (calendar) {
    if (op !== 'after') return day;
    const next = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1));
    return isoDay(next, true);
  }
  const start = localDayStart(day);
  if (op === 'after') start.setDate(start.getDate() + 1);
  return start.toISOString();
}

/** The day to show in the picker for a stored value (the inverse of dayToValue). */
export function valueToDay(value: unknown, op: FilterOperator, calendar: boolean): string {
  if (typeof value !== 'string' || value === '') return '';
  if (calendar) {
    if (op !== 'after') return value.slice(0, 10);
    const day = new Date(Date.parse(`${value.slice(0, 10)}T00:00:00Z`) - DAY_MS);
    return Number.isNaN(day.getTime()) ? '' : isoDay(day, true);
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) return '';
  return isoDay(new Date(op === 'after' ? time - 1 : time), false);
}

function valueText(option: FieldOption | undefined, condition: FilterCondition): string {
  const { value, op, field } = condition;
  const list = (values: string[]) => {
    const shown = values.slice(0, 3).map((v) => {
      if (field === 'country') return countryName(v) || v;
      if (field === 'source') return sourceLabel(v);
      if (option?.type === 'consent') return CONSENT_STATUS_LABELS[v as keyof typeof CONSENT_STATUS_LABELS] ?? v;
      return v;
    });
    return values.length > 3 ? `${shown.join(', ')} +${values.length - 3}` : shown.join(', ');
  };
  if (Array.isArray(value)) return list(value);
  if (op === 'in_last_days' || op === 'not_in_last_days') return `${formatNumber(Number(value))} days`;
  if (option?.type === 'date' && typeof value === 'string') {
    const calendar = option.definition?.type === 'date';
    const day = valueToDay(value, op, calendar);
    return calendar ? formatCalendarDay(day) : formatDate(localDayStart(day).toISOString());
  }
  if (typeof value === 'number') return formatNumber(value);
  return value === undefined ? '' : `“${value}”`;
}

/** "Plan is any of pro, team" */
export function describeCondition(condition: FilterCondition, options: FieldOption[]): string {
  const option = options.find((o) => o.value === condition.field);
  const label = option?.label ?? humanize(condition.field.replace(/^(custom|consent)\./, ''));
  const value = valueText(option, condition);
  return value ? `${label} ${OPERATOR_LABELS[condition.op]} ${value}` : `${label} ${OPERATOR_LABELS[condition.op]}`;
}

/** A top-level item as a chip: a condition, or a group in brackets. */
export function describeItem(item: FilterTree['items'][number], options: FieldOption[]): string {
  if (!('conditions' in item)) return describeCondition(item, options);
  const joiner = item.match === 'all' ? ' and ' : ' or ';
  return `(${item.conditions.map((c) => describeCondition(c, options)).join(joiner)})`;
}
