/**
 * From a figure to the contacts behind it: the contact list's filter and the words on its
 * chip. The filter uses only conditions the list ANDs with whatever else the person filters
 * by (`where` with match all, `segment`, `conversations`, `invalid`; never the quick
 * country/source/tag filters, which the list would replace), and the same definitions as
 * the figures (preload/contract-analytics.ts):
 * - contact charts: the scope's segment, contacts CREATED in the range, and the bar;
 * - activity charts: contacts with a conversation STARTED in the range (and the bucket)
 *   matching the cell (weekday and hour in the scope's time zone, channel, handoff, first);
 * - data health: the segment and the check, whatever the range.
 */
import {
  filterFieldType,
  type AnalyticsScope,
  type BreakdownDimension,
  type ContactFilter,
  type ConversationCondition,
  type DrillTarget,
  type FieldDefinition,
  type FilterCondition,
  type FilterGroup,
} from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';
import type { Handlers } from '../api/handlers.js';
import { consentPurposes } from '../services/consent.js';
import { compileFilter } from '../services/contact-filter.js';
import type { Workspace } from '../services/workspace.js';
import { saveChart } from './chart-file.js';
import { zoneOffsetAt } from './local-hours.js';

export function drillHandlers(ws: Workspace): Pick<Handlers, 'analytics.drillFilter' | 'analytics.saveChart'> {
  return {
    'analytics.drillFilter': ({ scope, target }) => drillFilter(ws, scope, target),
    'analytics.saveChart': (input) => saveChart(ws, input),
  };
}

export interface Drill {
  filter: ContactFilter;
  label: string;
}

/** Days of the week as the heatmap numbers them (0 = Monday). */
const WEEKDAYS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
const DEFAULT_INACTIVE_DAYS = 180;

export function drillFilter(ws: Workspace, scope: AnalyticsScope, target: DrillTarget): Drill {
  const items: (FilterCondition | FilterGroup)[] = [];
  const filter: ContactFilter = {};
  let label: string;
  const range = scope.range;
  /** Contact charts: the contacts created in [from, to). */
  const createdIn = (from: string | undefined, to: string | undefined) => {
    if (from !== undefined) items.push({ field: 'created_at', op: 'after', value: from });
    if (to !== undefined) items.push({ field: 'created_at', op: 'before', value: to });
    const period = periodLabel(from, to, scope.timeZone);
    return period ? ` · created ${period}` : '';
  };

  switch (target.kind) {
    case 'newContacts': {
      const from = later(target.from, range?.from);
      const to = earlier(target.to, range?.to);
      label = `Created ${periodLabel(from, to, scope.timeZone)}`;
      createdIn(from, to);
      break;
    }
    case 'breakdown': {
      const bar = breakdownBar(ws, target.dimension, target.value);
      items.push(bar.condition);
      label = bar.label + createdIn(range?.from, range?.to);
      break;
    }
    case 'consent': {
      if (!/^[A-Za-z0-9_\-.]{1,63}$/.test(target.purpose)) throw new CoreError('bad_request', 'There is no such consent purpose.', ['target', 'purpose']);
      items.push({ field: `consent.${target.purpose}`, op: 'any_of', value: [target.status] });
      const purpose = consentPurposes(ws).find((p) => p.key === target.purpose)?.label ?? target.purpose;
      const status = target.status === 'none' ? 'nothing recorded' : target.status;
      label = `${purpose}: ${status}` + createdIn(range?.from, range?.to);
      break;
    }
    case 'conversations': {
      const from = later(target.from, range?.from);
      const to = earlier(target.to, range?.to);
      const condition: ConversationCondition = {};
      if (from !== undefined) condition.from = from;
      if (to !== undefined) condition.to = to;
      if (target.weekday !== undefined) condition.weekday = target.weekday;
      if (target.hour !== undefined) condition.hour = target.hour;
      if (target.weekday !== undefined || target.hour !== undefined) condition.timeZone = scope.timeZone;
      if (target.channel !== undefined) condition.channel = target.channel;
      if (target.handoff !== undefined) condition.handoff = target.handoff;
      if (target.firstOnly) condition.firstOnly = true;
      filter.conversations = condition;
      label = conversationsLabel(target, periodLabel(from, to, scope.timeZone));
      break;
    }
    case 'health': {
      const days = target.inactiveDays ?? DEFAULT_INACTIVE_DAYS;
      switch (target.check) {
        case 'missingEmail':
          items.push({ field: 'email', op: 'is_empty' });
          label = 'Missing email';
          break;
        case 'missingPhone':
          items.push({ field: 'phone', op: 'is_empty' });
          label = 'Missing phone';
          break;
        case 'missingBoth':
          items.push({ field: 'email', op: 'is_empty' }, { field: 'phone', op: 'is_empty' });
          label = 'Missing email and phone';
          break;
        case 'invalidEmail':
          filter.invalid = 'email';
          label = 'Invalid email';
          break;
        case 'invalidPhone':
          filter.invalid = 'phone';
          label = 'Invalid phone';
          break;
        case 'inactive':
          // No activity for `days`: last seen before the cutoff, or never seen and created before it.
          items.push(
            { field: 'last_seen_at', op: 'not_in_last_days', value: days },
            {
              match: 'any',
              conditions: [
                { field: 'last_seen_at', op: 'is_not_empty' },
                { field: 'created_at', op: 'not_in_last_days', value: days },
              ],
            },
          );
          label = `No activity for ${days} days`;
          break;
      }
      break;
    }
    case 'emptyField': {
      const field = fieldByKey(ws, target.key, ['target', 'key']);
      items.push({ field: `custom.${field.key}`, op: 'is_empty' });
      label = `${field.label} not filled`;
      break;
    }
  }

  if (items.length > 0) filter.where = { match: 'all', items };
  if (scope.segment !== undefined) {
    filter.segment = scope.segment;
    const segment = ws.stmt<[string], { name: string }>('SELECT name FROM segments WHERE id = ?').get(scope.segment);
    if (!segment) throw new CoreError('not_found', 'This segment no longer exists (it may have been deleted).', ['scope', 'segment']);
    label += ` · ${segment.name}`;
  }
  // A filter the list could not run never leaves here.
  compileFilter(ws, filter);
  return { filter, label };
}

/** The later of two optional instants (ISO, as the contract normalises them). */
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function fieldByKey(ws: Workspace, key: string, path: string[]): FieldDefinition {
  const field = ws.fieldDefinitions().find((f) => f.key === key);
  if (!field) throw new CoreError('not_found', `There is no custom field “${key}” any more.`, path);
  return field;
}

/** The condition of one bar of a breakdown ('' = the bar of contacts without a value). */
function breakdownBar(ws: Workspace, dimension: BreakdownDimension, value: string): { condition: FilterCondition; label: string } {
  const notSet = value === '';
  switch (dimension) {
    case 'source':
      return { condition: notSet ? { field: 'source', op: 'is_empty' } : { field: 'source', op: 'any_of', value: [value] }, label: `Source: ${notSet ? 'not set' : sourceLabel(value)}` };
    case 'country':
      return { condition: notSet ? { field: 'country', op: 'is_empty' } : { field: 'country', op: 'any_of', value: [value] }, label: `Country: ${notSet ? 'not set' : regionName(value)}` };
    case 'locale':
      return { condition: notSet ? { field: 'locale', op: 'is_empty' } : { field: 'locale', op: 'is', value }, label: `Language: ${notSet ? 'not set' : languageName(value)}` };
    case 'tag':
      return { condition: notSet ? { field: 'tags', op: 'is_empty' } : { field: 'tags', op: 'any_of', value: [value] }, label: notSet ? 'No tags' : `Tag: ${value}` };
  }
  const field = fieldByKey(ws, dimension.slice('field:'.length), ['target', 'dimension']);
  const name = `custom.${field.key}` as const;
  const type = filterFieldType(name, new Map([[field.key, field.type]]));
  if (type === 'choice' || type === 'multi') {
    return { condition: notSet ? { field: name, op: 'is_empty' } : { field: name, op: 'any_of', value: [value] }, label: `${field.label}: ${notSet ? 'not set' : value}` };
  }
  if (type === 'boolean') {
    if (value === 'true') return { condition: { field: name, op: 'is_true' }, label: `${field.label}: yes` };
    if (value === 'false') return { condition: { field: name, op: 'is_false' }, label: `${field.label}: no` };
    if (notSet) return { condition: { field: name, op: 'is_empty' }, label: `${field.label}: not set` };
    throw new CoreError('bad_request', 'A yes/no field’s bar is “true”, “false” or empty.', ['target', 'value']);
  }
  throw new CoreError('bad_request', `“${field.label}” is not a select, multi-select or yes/no field, so it has no breakdown.`, ['target', 'dimension']);
}

function conversationsLabel(target: DrillTarget & { kind: 'conversations' }, period: string): string {
  const words = [target.firstOnly ? 'First conversations' : 'Conversations'];
  if (target.channel !== undefined) words.push(`via ${sourceLabel(target.channel)}`);
  if (target.weekday !== undefined) words.push(`on ${WEEKDAYS[target.weekday]}`);
  if (target.hour !== undefined) words.push(`${twoDigits(target.hour)}:00–${twoDigits((target.hour + 1) % 24)}:00`);
  if (target.handoff !== undefined) words.push(target.handoff ? 'handed off to a person' : 'not handed off');
  return words.join(' ') + (period ? ` · ${period}` : '');
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** The app's names for the channels people come from (as in the list's source badges). */
const SOURCE_NAMES: Record<string, string> = { sms: 'SMS', api: 'API', whatsapp: 'WhatsApp' };

function sourceLabel(source: string): string {
  return SOURCE_NAMES[source] ?? source.charAt(0).toUpperCase() + source.slice(1).replace(/[_-]+/g, ' ');
}

function displayName(type: 'region' | 'language', code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type }).of(type === 'region' ? code.toUpperCase() : code) ?? code;
  } catch {
    return code;
  }
}
const regionName = (code: string) => displayName('region', code);
const languageName = (code: string) => displayName('language', code);

// ---------------------------------------------------------------- periods in words

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = 86_400_000;

/** An instant as the viewer's wall clock (a Date read through its UTC fields). */
function wallClock(iso: string, timeZone: string): Date {
  const time = Date.parse(iso);
  return new Date(time + zoneOffsetAt(timeZone, time));
}

const dayText = (d: Date, withYear = true) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${withYear ? ` ${d.getUTCFullYear()}` : ''}`;
const timeText = (d: Date) => `${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())}`;

/**
 * "1 Sep – 30 Nov 2026" (`to` is exclusive, so the last day shown is the one before it),
 * "5 Oct 2026", or with times when the range does not fall on midnights.
 */
export function periodLabel(from: string | undefined, to: string | undefined, timeZone: string): string {
  const start = from === undefined ? null : wallClock(from, timeZone);
  const end = to === undefined ? null : wallClock(to, timeZone);
  const midnight = (d: Date | null) => d === null || d.getTime() % DAY === 0;
  if (!midnight(start) || !midnight(end)) {
    const at = (d: Date) => `${dayText(d)} ${timeText(d)}`;
    if (start && end) return `${at(start)} – ${at(end)}`;
    return start ? `since ${at(start)}` : end ? `before ${at(end)}` : '';
  }
  if (start && end) {
    if (start.getTime() >= end.getTime()) return 'an empty period';
    const last = new Date(end.getTime() - DAY);
    if (last.getTime() === start.getTime()) return dayText(start);
    const sameYear = start.getUTCFullYear() === last.getUTCFullYear();
    const first = sameYear && start.getUTCMonth() === last.getUTCMonth() ? String(start.getUTCDate()) : dayText(start, !sameYear);
    return `${first} – ${dayText(last)}`;
  }
  if (start) return `since ${dayText(start)}`;
  if (end) return `before ${dayText(end)}`;
  return '';
}
