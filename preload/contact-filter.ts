/**
 * The contact list's query language, shared by the renderer (the filter builder, the column
 * chooser) and the core (which turns it into SQL): which fields a condition can test, the
 * operators each type of field offers, and the columns a list can show and sort on.
 *
 * A filter is at most two levels deep: a group of conditions and groups of conditions, each
 * group matching all or any of its items ("country is DE AND (tag is vip OR rating > 4)").
 */
import { z } from 'zod';

/** The kinds of value a field holds; each offers its own operators. */
export type FilterValueType = 'text' | 'choice' | 'multi' | 'date' | 'number' | 'boolean' | 'consent';

/** Fields every contact has. Custom fields are `custom.<key>`, consent purposes `consent.<purpose>`. */
export const BASIC_FILTER_FIELDS = {
  name: { label: 'Name', type: 'text' },
  email: { label: 'Email', type: 'text' },
  phone: { label: 'Phone', type: 'text' },
  city: { label: 'City', type: 'text' },
  country: { label: 'Country', type: 'choice' },
  source: { label: 'Source', type: 'choice' },
  locale: { label: 'Language', type: 'text' },
  tags: { label: 'Tags', type: 'multi' },
  last_seen_at: { label: 'Last seen', type: 'date' },
  first_seen_at: { label: 'First seen', type: 'date' },
  created_at: { label: 'Created', type: 'date' },
  updated_at: { label: 'Updated', type: 'date' },
  conversation_count: { label: 'Conversations', type: 'number' },
} as const satisfies Record<string, { label: string; type: FilterValueType }>;
export type BasicFilterField = keyof typeof BASIC_FILTER_FIELDS;

export const FILTER_OPERATORS = [
  'is',
  'is_not',
  'contains',
  'not_contains',
  'starts_with',
  'any_of',
  'all_of',
  'none_of',
  'before',
  'after',
  'in_last_days',
  'not_in_last_days',
  'gt',
  'lt',
  'is_true',
  'is_false',
  'is_empty',
  'is_not_empty',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** What each type of field can be asked, in the order the builder offers them. */
export const OPERATORS_BY_TYPE: Record<FilterValueType, readonly FilterOperator[]> = {
  text: ['contains', 'is', 'is_not', 'starts_with', 'not_contains', 'is_empty', 'is_not_empty'],
  choice: ['any_of', 'none_of', 'is_empty', 'is_not_empty'],
  multi: ['any_of', 'all_of', 'none_of', 'is_empty', 'is_not_empty'],
  date: ['in_last_days', 'not_in_last_days', 'before', 'after', 'is_empty', 'is_not_empty'],
  number: ['is', 'is_not', 'gt', 'lt', 'is_empty', 'is_not_empty'],
  boolean: ['is_true', 'is_false', 'is_empty'],
  consent: ['any_of', 'none_of'],
};

/** Operators that need no value. */
export const VALUELESS_OPERATORS: ReadonlySet<FilterOperator> = new Set(['is_true', 'is_false', 'is_empty', 'is_not_empty']);

/** The statuses a consent condition can ask for; `none` = nothing recorded for the purpose. */
export const CONSENT_FILTER_STATUSES = ['granted', 'denied', 'withdrawn', 'none'] as const;

const CUSTOM_KEY = /^custom\.[A-Za-z0-9_\-. ]{1,63}$/;
const CONSENT_KEY = /^consent\.[A-Za-z0-9_\-.]{1,63}$/;

/** A field a condition (or a column) refers to. */
export const FilterFieldName = z
  .string()
  .max(80)
  .refine((name) => name in BASIC_FILTER_FIELDS || CUSTOM_KEY.test(name) || CONSENT_KEY.test(name), 'Unknown field')
  .transform((name) => name as FilterFieldName);
export type FilterFieldName = BasicFilterField | `custom.${string}` | `consent.${string}`;

export const FilterCondition = z
  .object({
    field: FilterFieldName,
    op: z.enum(FILTER_OPERATORS),
    /** Text or an ISO time (before/after); a number (gt/lt/is, days); a list (any_of…). */
    value: z.union([z.string().max(500), z.number().finite(), z.array(z.string().max(200)).max(300)]).optional(),
  })
  .strict();
export type FilterCondition = z.infer<typeof FilterCondition>;

export const FilterMatch = z.enum(['all', 'any']);
export type FilterMatch = z.infer<typeof FilterMatch>;

export const FilterGroup = z
  .object({
    match: FilterMatch,
    conditions: z.array(FilterCondition).max(30),
  })
  .strict();
export type FilterGroup = z.infer<typeof FilterGroup>;

/** The top of a filter: conditions and groups of conditions. */
export const FilterTree = z
  .object({
    match: FilterMatch,
    items: z.array(z.union([FilterCondition, FilterGroup])).max(30),
  })
  .strict();
export type FilterTree = z.infer<typeof FilterTree>;

export function isFilterGroup(item: FilterCondition | FilterGroup): item is FilterGroup {
  return 'conditions' in item;
}

/** The type of a field, given the custom fields' definitions; null when it is not known. */
export function filterFieldType(field: string, customTypes: ReadonlyMap<string, string>): FilterValueType | null {
  if (field in BASIC_FILTER_FIELDS) return BASIC_FILTER_FIELDS[field as BasicFilterField].type;
  if (field.startsWith('consent.')) return 'consent';
  if (field.startsWith('custom.')) {
    const type = customTypes.get(field.slice('custom.'.length));
    if (type === undefined) return null;
    if (type === 'number') return 'number';
    if (type === 'boolean') return 'boolean';
    if (type === 'date') return 'date';
    if (type === 'select') return 'choice';
    if (type === 'multi_select') return 'multi';
    return 'text';
  }
  return null;
}


/** An IANA time zone the runtime knows ("Europe/Berlin", "UTC"). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone');

/** A condition on a contact's conversations (see ContactFilter.conversations). */
export const ConversationCondition = z
  .object({
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    weekday: z.number().int().min(0).max(6).optional(),
    hour: z.number().int().min(0).max(23).optional(),
    timeZone: TimeZone.optional(),
    channel: z.string().min(1).max(32).optional(),
    handoff: z.boolean().optional(),
    firstOnly: z.boolean().optional(),
  })
  .strict()
  .refine((c) => (c.weekday === undefined && c.hour === undefined) || c.timeZone !== undefined, { message: 'A weekday or hour needs a time zone', path: ['timeZone'] });
export type ConversationCondition = z.infer<typeof ConversationCondition>;

export const ContactFilter = z
  .object({
    /** Free text: FTS5 prefix search over names, email, phone, custom text and notes. */
    search: z.string().max(200).optional(),
    countries: z.array(z.string().length(2)).max(300).optional(),
    sources: z.array(z.string().min(1).max(32)).max(20).optional(),
    /** Contacts that carry any of these tags. */
    tags: z.array(z.string().min(1).max(100)).max(100).optional(),
    /** Conditions built in the filter builder (AND/OR groups). */
    where: FilterTree.optional(),
    /** Only the contacts of this saved segment or list. */
    segment: z.string().min(1).max(64).optional(),
    /**
     * Contacts with at least one conversation matching all of these (the analytics drill-down):
     * started in [from, to); on a weekday (0 = Monday) and hour in `timeZone`; on a channel;
     * handed off to a person; the person's first conversation.
     */
    conversations: ConversationCondition.optional(),
    /** Contacts whose email or phone is set but not valid (the data-health checks). */
    invalid: z.enum(['email', 'phone']).optional(),
  })
  .strict();
export type ContactFilter = z.infer<typeof ContactFilter>;

// ---------------------------------------------------------------- sorting

/** Sorts the core answers from an index, page by page, at any size. */
export const SORT_KEYS = ['name', 'email', 'created_at', 'updated_at', 'last_seen_at', 'country', 'source'] as const;
export const SortKey = z.enum(SORT_KEYS);
export type SortKey = z.infer<typeof SortKey>;

/** Columns without an index of their own sort through an ordered snapshot of the matches. */
export const SNAPSHOT_SORT_KEYS = ['phone', 'city', 'locale', 'first_seen_at', 'conversation_count', 'tags'] as const;
export type SnapshotSortKey = (typeof SNAPSHOT_SORT_KEYS)[number];

export type ListSortKey = SortKey | SnapshotSortKey | `custom.${string}` | `consent.${string}`;
export const ListSortKey = z
  .string()
  .max(80)
  .refine(
    (key) => (SORT_KEYS as readonly string[]).includes(key) || (SNAPSHOT_SORT_KEYS as readonly string[]).includes(key) || CUSTOM_KEY.test(key) || CONSENT_KEY.test(key),
    'This column cannot be sorted',
  )
  .transform((key) => key as ListSortKey);

export const Sort = z.object({ key: ListSortKey, dir: z.enum(['asc', 'desc']) });
export type Sort = { key: ListSortKey; dir: 'asc' | 'desc' };

export function isIndexedSort(key: ListSortKey): key is SortKey {
  return (SORT_KEYS as readonly string[]).includes(key);
}
