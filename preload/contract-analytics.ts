/**
 * The analytics part of the contract (issue 7; core/analytics/): figures about who the
 * contacts are and how they talk to the bot, and the data-health checks.
 *
 * Every chart takes the same scope:
 * - `range`: the period looked at, as UTC instants (`to` exclusive), or null for all time.
 *   Contact charts (new contacts, source, country, language, tags, consent, custom fields)
 *   count the contacts CREATED in the range; activity charts (conversations, the heatmap,
 *   rating, handoffs, new versus returning) count the conversations STARTED in it.
 * - `segment`: only the contacts of this saved segment or list.
 * - `timeZone`: the viewer's IANA time zone; days, weeks and the hour-of-week heatmap are
 *   cut in it (exactly: the rollups are kept per quarter hour, and every real offset is a
 *   multiple of 15 minutes).
 *
 * A click on a bar or cell opens the contact list with `drillFilter`'s filter: the same
 * definition as the figure, so the list's count equals the bar.
 */
import { z } from 'zod';
import { ContactFilter, TimeZone } from './contact-filter.js';

const Id = z.string().min(1).max(64);
const Instant = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Use an ISO 8601 time')
  .transform((s) => new Date(s).toISOString());

export { TimeZone };

export const AnalyticsRange = z
  .object({ from: Instant, to: Instant })
  .strict()
  .refine((r) => r.from < r.to, { message: 'The range must end after it starts', path: ['to'] });
export type AnalyticsRange = z.output<typeof AnalyticsRange>;

export const AnalyticsScope = z
  .object({
    range: AnalyticsRange.nullable(),
    segment: Id.optional(),
    timeZone: TimeZone,
  })
  .strict();
export type AnalyticsScope = z.output<typeof AnalyticsScope>;
export type AnalyticsScopeInput = z.input<typeof AnalyticsScope>;

/** Set while the rollups are being built (after a first sync or an upgrade): figures are still right, computed the slow way. */
export const AnalyticsPreparing = z.object({ done: z.number().int(), total: z.number().int() }).nullable();

export const AnalyticsOverview = z.object({
  /** Contacts in the scope's segment (or the workspace), whatever their age. */
  totalContacts: z.number().int(),
  /** Contacts last seen within 7 and 30 days of now (not narrowed by the range). */
  active7: z.number().int(),
  active30: z.number().int(),
  /** Contacts created in the range (all of them when the range is null). */
  newContacts: z.number().int(),
  /** Conversations started in the range. */
  conversations: z.number().int(),
  /** Of those: how many were rated, the mean rating (null when none), how many asked for a person. */
  rated: z.number().int(),
  averageRating: z.number().nullable(),
  handoffs: z.number().int(),
  /** handoffs / conversations, null when there were no conversations. */
  handoffRate: z.number().nullable(),
  preparing: AnalyticsPreparing,
});
export type AnalyticsOverview = z.infer<typeof AnalyticsOverview>;

export const AnalyticsBucketSize = z.enum(['day', 'week']);
export type AnalyticsBucketSize = z.infer<typeof AnalyticsBucketSize>;

/** One day or week (weeks start on Monday) in the viewer's time zone. */
export const AnalyticsBucket = z.object({
  /** The local date the bucket starts on, `YYYY-MM-DD`. */
  date: z.string(),
  /** The bucket as UTC instants (`to` exclusive), for drilling down. */
  from: z.string(),
  to: z.string(),
});

export const GrowthPoint = AnalyticsBucket.extend({
  newContacts: z.number().int(),
  /** Conversations that were the person's first ever ("new") and the others ("returning"). */
  firstConversations: z.number().int(),
  returningConversations: z.number().int(),
});
export type GrowthPoint = z.infer<typeof GrowthPoint>;

export const AnalyticsGrowth = z.object({ bucket: AnalyticsBucketSize, points: z.array(GrowthPoint), preparing: AnalyticsPreparing });
export type AnalyticsGrowth = z.infer<typeof AnalyticsGrowth>;

/** What a breakdown counts contacts by. `field:<key>` = a select, multi-select or boolean custom field. */
export const BreakdownDimension = z.union([
  z.enum(['source', 'country', 'locale', 'tag']),
  z.string().regex(/^field:[A-Za-z0-9_\-. ]{1,63}$/, 'Choose a custom field') as z.ZodType<`field:${string}`>,
]);
export type BreakdownDimension = 'source' | 'country' | 'locale' | 'tag' | `field:${string}`;

export const BreakdownItem = z.object({
  /** The stored value ('' = not set); a tag's name; `true`/`false` for a boolean field. */
  value: z.string(),
  count: z.number().int(),
});
export const AnalyticsBreakdown = z.object({
  dimension: z.string(),
  /** Biggest first; at most `limit` items, the rest summed in `otherCount`. */
  items: z.array(BreakdownItem),
  otherCount: z.number().int(),
  /** Contacts counted (a multi-valued dimension, tags or multi-select, can count a contact more than once in items). */
  contacts: z.number().int(),
  preparing: AnalyticsPreparing,
});
export type AnalyticsBreakdown = z.infer<typeof AnalyticsBreakdown>;

export const ConsentRate = z.object({
  purpose: z.string(),
  label: z.string(),
  granted: z.number().int(),
  denied: z.number().int(),
  withdrawn: z.number().int(),
  /** Nothing recorded for the purpose. */
  none: z.number().int(),
});
export const AnalyticsConsent = z.object({ purposes: z.array(ConsentRate), contacts: z.number().int(), preparing: AnalyticsPreparing });
export type AnalyticsConsent = z.infer<typeof AnalyticsConsent>;

export const ConversationPoint = AnalyticsBucket.extend({
  conversations: z.number().int(),
  handoffs: z.number().int(),
  rated: z.number().int(),
  ratingSum: z.number().int(),
});
export const AnalyticsConversations = z.object({
  bucket: AnalyticsBucketSize,
  points: z.array(ConversationPoint),
  /** Conversations started per weekday (0 = Monday) and hour (0–23) in the viewer's time zone: 7 rows of 24. */
  heatmap: z.array(z.array(z.number().int()).length(24)).length(7),
  byChannel: z.array(z.object({ channel: z.string(), conversations: z.number().int(), handoffs: z.number().int(), rated: z.number().int(), ratingSum: z.number().int() })),
  preparing: AnalyticsPreparing,
});
export type AnalyticsConversations = z.infer<typeof AnalyticsConversations>;

export const FieldFill = z.object({ key: z.string(), label: z.string(), type: z.string(), filled: z.number().int() });
export const DataHealth = z.object({
  /** Contacts checked: the segment's (or all), whatever the range. */
  contacts: z.number().int(),
  missingEmail: z.number().int(),
  missingPhone: z.number().int(),
  /** Neither an email nor a phone: nobody can reach them. */
  missingBoth: z.number().int(),
  invalidEmail: z.number().int(),
  invalidPhone: z.number().int(),
  /** Likely duplicate pairs waiting for review (Duplicates page). */
  duplicatePairs: z.number().int(),
  /** Contacts with no activity (last seen, or created when never seen) for `inactiveDays`. */
  inactiveDays: z.number().int(),
  inactive: z.number().int(),
  /** Every custom field that is not archived, how many contacts fill it. */
  fields: z.array(FieldFill),
  preparing: AnalyticsPreparing,
});
export type DataHealth = z.infer<typeof DataHealth>;

/** A figure the list can open: the contact filter matching exactly the contacts counted. */
export const DrillTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('newContacts'), from: Instant, to: Instant }).strict(),
  z.object({ kind: z.literal('breakdown'), dimension: BreakdownDimension, value: z.string().max(200) }).strict(),
  z.object({ kind: z.literal('consent'), purpose: z.string().min(1).max(64), status: z.enum(['granted', 'denied', 'withdrawn', 'none']) }).strict(),
  /** Contacts with a conversation started in [from, to), optionally on that weekday and hour (viewer's time zone), channel, handed off. */
  z
    .object({
      kind: z.literal('conversations'),
      weekday: z.number().int().min(0).max(6).optional(),
      hour: z.number().int().min(0).max(23).optional(),
      channel: z.string().min(1).max(32).optional(),
      handoff: z.boolean().optional(),
      firstOnly: z.boolean().optional(),
      from: Instant.optional(),
      to: Instant.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('health'), check: z.enum(['missingEmail', 'missingPhone', 'missingBoth', 'invalidEmail', 'invalidPhone', 'inactive']), inactiveDays: z.number().int().min(1).max(3650).optional() }).strict(),
  z.object({ kind: z.literal('emptyField'), key: z.string().min(1).max(63) }).strict(),
]);
export type DrillTarget = z.output<typeof DrillTarget>;

export const analyticsMethods = {
  'analytics.overview': { input: z.object({ scope: AnalyticsScope }).strict(), output: AnalyticsOverview },
  'analytics.growth': { input: z.object({ scope: AnalyticsScope, bucket: AnalyticsBucketSize }).strict(), output: AnalyticsGrowth },
  'analytics.breakdown': {
    input: z.object({ scope: AnalyticsScope, dimension: BreakdownDimension, limit: z.number().int().min(1).max(100).default(12) }).strict(),
    output: AnalyticsBreakdown,
  },
  'analytics.consent': { input: z.object({ scope: AnalyticsScope }).strict(), output: AnalyticsConsent },
  'analytics.conversations': { input: z.object({ scope: AnalyticsScope, bucket: AnalyticsBucketSize }).strict(), output: AnalyticsConversations },
  'analytics.health': {
    input: z.object({ segment: Id.optional(), inactiveDays: z.number().int().min(1).max(3650).default(180) }).strict(),
    output: DataHealth,
  },
  /**
   * The contact filter that lists exactly the contacts behind a figure: the scope's segment
   * and range (for contact charts: created in it) plus the target. The list shows `label`
   * on the chip that says where it came from.
   */
  'analytics.drillFilter': {
    input: z.object({ scope: AnalyticsScope, target: DrillTarget }).strict(),
    output: z.object({ filter: ContactFilter, label: z.string() }),
  },
  /** Writes a chart's CSV (text) or PNG (base64) into the exports folder. */
  'analytics.saveChart': {
    input: z
      .object({
        chart: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Name the chart with lower-case letters, digits and dashes'),
        format: z.enum(['csv', 'png']),
        /** CSV text, or the PNG's bytes in base64 (at most 15 MB). */
        content: z.string().max(20_000_000),
      })
      .strict(),
    output: z.object({ path: z.string(), fileName: z.string(), bytes: z.number().int() }),
  },
} as const;
