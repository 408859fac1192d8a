/**
 * The workspace's custom fields and how contacts fill them. Values follow the field types:
 * select values are among the options, dates are `YYYY-MM-DD`, urls are absolute.
 */
import type { FieldValue, SpecFieldDefinition } from '../spec/entities.js';
import type { GenContext } from './context.js';
import { FIXED_IDS, KIND } from './ids.js';
import { DAY, YEAR, isoDate } from './time.js';
import { HOSTILE_FIELDS } from './vocab/hostile.js';
import { INTERESTS, JOB_TITLES, PLANS, type Company } from './vocab/workspace.js';

interface Definition {
  key: string;
  label: string;
  type: SpecFieldDefinition['type'];
  options: readonly string[];
  archived: boolean;
}

const DEFINITIONS: readonly Definition[] = [
  { key: 'company', label: 'Company', type: 'text', options: [], archived: false },
  { key: 'job_title', label: 'Job title', type: 'text', options: [], archived: false },
  { key: 'plan', label: 'Lumo Care plan', type: 'select', options: [...PLANS], archived: false },
  { key: 'lifetime_value', label: 'Lifetime value (USD)', type: 'number', options: [], archived: false },
  { key: 'marketing_qualified', label: 'Marketing qualified', type: 'boolean', options: [], archived: false },
  { key: 'birthday', label: 'Birthday', type: 'date', options: [], archived: false },
  { key: 'interests', label: 'Interests', type: 'multi_select', options: [...INTERESTS], archived: false },
  { key: 'website', label: 'Website', type: 'url', options: [], archived: false },
  { key: 'channel_user_id', label: 'Channel user ID', type: 'text', options: [], archived: false },
  { key: 'legacy_crm_id', label: 'Legacy CRM ID', type: 'text', options: [], archived: true },
];

/** The workspace's custom fields (the same for every seed; one of them archived). */
export function fieldDefinitions(): SpecFieldDefinition[] {
  return DEFINITIONS.map((d, k) => ({ id: FIXED_IDS.make(k, KIND.field, 0, 0), version: 1, ...d, options: [...d.options] }));
}

/** The id a channel knows a person by: a web visitor id, a Messenger PSID, a Telegram id, a WhatsApp number. */
export function channelUserId(ctx: GenContext, phone: string | null): string {
  const rng = ctx.rng;
  switch (ctx.profile.source) {
    case 'web':
      return 'v_' + rng.hex(20);
    case 'messenger':
      return rng.digits(16);
    case 'telegram':
      return rng.digits(rng.chance(0.7) ? 10 : 9);
    case 'whatsapp':
    case 'sms':
      return phone ? phone.slice(1) : rng.digits(11);
    default:
      return 'ext_' + rng.hex(12);
  }
}

/** Custom field values of a named contact, in the order of the definitions. */
export function customFields(ctx: GenContext, company: Company | null, channelId: string | null): Record<string, FieldValue> {
  const rng = ctx.rng;
  const p = ctx.profile;
  const out: Record<string, FieldValue> = {};
  if (company) {
    out.company = company.name;
    if (rng.chance(0.5)) out.job_title = rng.pick(JOB_TITLES);
  }
  if (rng.chance(p.customer ? 0.75 : 0.3)) out.plan = p.customer ? PLANS[rng.int(1, 3)]! : rng.chance(0.8) ? 'Free' : 'Plus';
  if (p.customer && rng.chance(0.8)) out.lifetime_value = rng.int(2999, company ? 950_000 : 180_000) / 100;
  if (rng.chance(0.3)) out.marketing_qualified = rng.chance(0.4);
  if (rng.chance(0.08)) out.birthday = isoDate(ctx.nowMs - 18 * YEAR - rng.int(0, 55 * 365) * DAY);
  if (rng.chance(0.2)) {
    const first = rng.int(0, INTERESTS.length - 1);
    const n = rng.int(1, 3);
    const picked: string[] = [];
    for (let k = 0; k < n; k++) picked.push(INTERESTS[(first + k * 3) % INTERESTS.length]!);
    out.interests = picked;
  }
  if (company && rng.chance(0.5)) out.website = `https://www.${company.domain}/`;
  if (channelId !== null) out.channel_user_id = channelId;
  if (p.source === 'import' && rng.chance(0.7)) out.legacy_crm_id = 'CRM-' + rng.digits(6);
  if (p.hostile && rng.chance(0.6)) {
    const [key, value] = rng.pick(HOSTILE_FIELDS);
    out[key] = value;
  }
  return out;
}
