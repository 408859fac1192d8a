/** Words and choices of the connectors' UI, per vendor. */
import type { ConnectorRun, ConnectorVendor, ConsentPurpose, FieldDefinition } from '../../../../preload/contract';
import { formatNumber } from '../../lib/format';

export interface VendorText {
  name: string;
  color: string;
  initials: string;
  what: string;
  secretLabel: string;
  secretHint: string;
  secretPlaceholder: string;
  propertyLabel: string;
}

export const VENDOR_TEXT: Record<ConnectorVendor, VendorText> = {
  hubspot: {
    name: 'HubSpot',
    color: 'orange',
    initials: 'Hs',
    what: 'Creates or updates CRM contacts by email address, 100 at a time.',
    secretLabel: 'Private app access token',
    secretHint: 'Settings → Integrations → Private apps; the app needs the crm.objects.contacts.write scope.',
    secretPlaceholder: 'pat-na1-…',
    propertyLabel: 'HubSpot property',
  },
  salesforce: {
    name: 'Salesforce',
    color: 'blue',
    initials: 'Sf',
    what: 'Upserts Contacts by an external id field that holds the contact’s id here, 200 at a time.',
    secretLabel: 'Access token',
    secretHint: 'An OAuth access token of a user who may edit Contacts (a connected app or the Salesforce CLI gives one).',
    secretPlaceholder: '00D…!AQ…',
    propertyLabel: 'Salesforce field (API name)',
  },
  mailchimp: {
    name: 'Mailchimp',
    color: 'yellow',
    initials: 'Mc',
    what: 'Adds or updates audience members with merge fields and tags. Subscribed only with marketing-email consent; unsubscribed when it was refused or withdrawn.',
    secretLabel: 'API key',
    secretHint: 'Profile → Extras → API keys. The part after the dash (e.g. us6) is your data centre.',
    secretPlaceholder: '0123…cdef-us6',
    propertyLabel: 'Mailchimp merge tag',
  },
};

const BASIC_FIELD_LABELS: Record<string, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  phone: 'Phone',
  city: 'City',
  country: 'Country',
  locale: 'Language',
  source: 'Source',
  id: 'Contact id',
  tags: 'Tags',
  marketingBlocked: 'No marketing (yes/no)',
};

export interface AppFieldGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** The contact fields a mapping row can take, grouped for the select. */
export function appFieldOptions(vendor: ConnectorVendor, fields: FieldDefinition[], purposes: ConsentPurpose[]): AppFieldGroup[] {
  const basic = ['email', 'firstName', 'lastName', 'fullName', 'phone', 'city', 'country', 'locale', 'source', 'id'].filter((key) => vendor !== 'mailchimp' || key !== 'email');
  return [
    { group: 'Contact', items: basic.map((key) => ({ value: key, label: BASIC_FIELD_LABELS[key] ?? key })) },
    { group: 'Tags and consent', items: [{ value: 'tags', label: 'Tags' }, { value: 'marketingBlocked', label: BASIC_FIELD_LABELS.marketingBlocked! }, ...purposes.filter((p) => !p.archived).map((p) => ({ value: `consent:${p.key}`, label: `Consent: ${p.label}` }))] },
    { group: 'Custom fields', items: fields.filter((f) => !f.archived).map((f) => ({ value: `custom:${f.key}`, label: f.label })) },
  ].filter((group) => group.items.length > 0);
}

export function appFieldLabel(value: string, fields: FieldDefinition[], purposes: ConsentPurpose[]): string {
  if (value.startsWith('custom:')) return fields.find((f) => f.key === value.slice(7))?.label ?? value.slice(7);
  if (value.startsWith('consent:')) return `Consent: ${purposes.find((p) => p.key === value.slice(8))?.label ?? value.slice(8)}`;
  return BASIC_FIELD_LABELS[value] ?? value;
}

export function runSummary(run: ConnectorRun): string {
  if (run.state === 'running') return `Pushing… ${formatNumber(run.pushed)} sent so far`;
  if (run.state === 'failed') return run.message ?? 'The push failed';
  const parts = [run.pushed === 0 ? 'Nothing new to send' : `${formatNumber(run.pushed)} sent`];
  if (run.skipped > 0) parts.push(`${formatNumber(run.skipped)} skipped`);
  if (run.failed > 0) parts.push(`${formatNumber(run.failed)} refused`);
  return parts.join(' · ');
}
