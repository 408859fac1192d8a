/**
 * Field mapping: which contact field goes to which vendor property, the defaults per vendor,
 * the checks a mapping must pass, and the values a contact's mapped fields have.
 */
import type { ConnectorSettings, ConnectorVendor, ConsentStatus, MappingRow } from '../../preload/contract.js';
import { CoreError } from '../api/errors.js';

export const VENDOR_LABELS: Record<ConnectorVendor, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', mailchimp: 'Mailchimp' };

export const DEFAULT_MAPPINGS: Record<ConnectorVendor, MappingRow[]> = {
  hubspot: [
    { appField: 'email', vendorField: 'email' },
    { appField: 'firstName', vendorField: 'firstname' },
    { appField: 'lastName', vendorField: 'lastname' },
    { appField: 'phone', vendorField: 'phone' },
    { appField: 'city', vendorField: 'city' },
    { appField: 'country', vendorField: 'country' },
  ],
  salesforce: [
    { appField: 'email', vendorField: 'Email' },
    { appField: 'firstName', vendorField: 'FirstName' },
    { appField: 'lastName', vendorField: 'LastName' },
    { appField: 'phone', vendorField: 'Phone' },
    { appField: 'city', vendorField: 'MailingCity' },
    { appField: 'country', vendorField: 'MailingCountry' },
    // A standard Contact field: true when the person said no to marketing.
    { appField: 'marketingBlocked', vendorField: 'HasOptedOutOfEmail' },
  ],
  mailchimp: [
    { appField: 'firstName', vendorField: 'FNAME' },
    { appField: 'lastName', vendorField: 'LNAME' },
    { appField: 'phone', vendorField: 'PHONE' },
    { appField: 'tags', vendorField: 'tags' },
  ],
};

export const DEFAULT_EXTERNAL_ID_FIELD = 'Nexvio_Id__c';
export const DEFAULT_CONSENT_PURPOSE = 'marketing_email';

export function defaultSettings(vendor: ConnectorVendor): ConnectorSettings {
  return {
    mapping: DEFAULT_MAPPINGS[vendor],
    consentPurpose: DEFAULT_CONSENT_PURPOSE,
    ...(vendor === 'salesforce' ? { externalIdField: DEFAULT_EXTERNAL_ID_FIELD } : {}),
  };
}

// Property names as each vendor accepts them (HubSpot internal names are lower-case; Salesforce
// API names, custom ones ending in __c; Mailchimp merge tags are up to 10 upper-case characters).
const VENDOR_FIELD: Record<ConnectorVendor, { pattern: RegExp; hint: string }> = {
  hubspot: { pattern: /^[a-z][a-z0-9_]{0,99}$/, hint: 'Use the property’s internal name: lower-case letters, digits and _ (e.g. firstname)' },
  salesforce: { pattern: /^[A-Za-z][A-Za-z0-9_]{0,79}$/, hint: 'Use the field’s API name (e.g. MailingCity or Nexvio_Score__c)' },
  mailchimp: { pattern: /^[A-Z][A-Z0-9_]{0,9}$/, hint: 'Use a merge tag: up to 10 upper-case letters, digits or _ (e.g. FNAME)' },
};

const SALESFORCE_EXTERNAL_ID = /^[A-Za-z][A-Za-z0-9_]{0,39}__c$/;
const MAILCHIMP_LIST_ID = /^[a-z0-9]{5,20}$/;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** Business rules of a connector's settings; throws CoreError at the field. */
export function validateSettings(vendor: ConnectorVendor, settings: ConnectorSettings, customFieldKeys: ReadonlySet<string>, consentKeys: ReadonlySet<string>): void {
  const bad = (message: string, ...path: (string | number)[]) => new CoreError('bad_request', message, ['settings', ...path]);
  if (!consentKeys.has(settings.consentPurpose)) throw bad('Choose one of the workspace’s consent purposes', 'consentPurpose');
  const seen = new Set<string>();
  settings.mapping.forEach((row, index) => {
    const rule = VENDOR_FIELD[vendor];
    if (vendor === 'mailchimp' && row.vendorField === 'tags') {
      if (row.appField !== 'tags') throw bad('Only the tags go to Mailchimp’s tags', 'mapping', index, 'vendorField');
    } else if (!rule.pattern.test(row.vendorField)) throw bad(rule.hint, 'mapping', index, 'vendorField');
    if (vendor === 'mailchimp' && row.appField === 'tags' && row.vendorField !== 'tags') throw bad('Tags go to Mailchimp’s tags (write tags)', 'mapping', index, 'vendorField');
    if (vendor === 'mailchimp' && (row.vendorField === 'EMAIL' || row.appField === 'email')) throw bad('Mailchimp finds members by their email address already: leave it out', 'mapping', index, 'appField');
    if (vendor === 'salesforce' && row.vendorField === settings.externalIdField) throw bad('That field holds the contact’s id (the external id field)', 'mapping', index, 'vendorField');
    if (row.appField.startsWith('custom:') && !customFieldKeys.has(row.appField.slice(7))) throw bad('That custom field does not exist (any more)', 'mapping', index, 'appField');
    if (row.appField.startsWith('consent:') && !consentKeys.has(row.appField.slice(8))) throw bad('That consent purpose does not exist', 'mapping', index, 'appField');
    const key = row.vendorField.toLowerCase();
    if (seen.has(key)) throw bad('Each property can be filled from one field only', 'mapping', index, 'vendorField');
    seen.add(key);
  });
  if (vendor === 'hubspot' && !settings.mapping.some((row) => row.appField === 'email' && row.vendorField === 'email')) {
    throw bad('HubSpot finds contacts by email: keep the row Email → email', 'mapping');
  }
  if (vendor === 'mailchimp') {
    if (!settings.listId || !MAILCHIMP_LIST_ID.test(settings.listId)) throw bad('Give the audience id (Audience → Settings → Audience name and defaults, e.g. a1b2c3d4e5)', 'listId');
  }
  if (vendor === 'salesforce') {
    if (!settings.instanceUrl || !isHttpUrl(settings.instanceUrl)) throw bad('Give your Salesforce address, e.g. https://acme.my.salesforce.com', 'instanceUrl');
    if (!settings.externalIdField || !SALESFORCE_EXTERNAL_ID.test(settings.externalIdField)) {
      throw bad('Give the Contact’s external id field (a custom field marked External ID, e.g. Nexvio_Id__c)', 'externalIdField');
    }
  }
}

/** A contact as the connectors read it. */
export interface ConnectorContact {
  pk: number;
  id: string;
  version: number;
  updatedAt: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  city: string | null;
  country: string | null;
  locale: string | null;
  source: string | null;
  customFields: Record<string, unknown>;
  tags: string[];
  consent: Record<string, ConsentStatus>;
  marketingBlocked: boolean;
}

export type MappedValue = string | number | boolean | null;

/** The value of one mapped app field; `joinTags` for vendors whose properties are plain text. */
export function appFieldValue(contact: ConnectorContact, appField: string): MappedValue {
  if (appField.startsWith('custom:')) {
    const value = contact.customFields[appField.slice(7)];
    if (value === undefined || value === null) return null;
    if (Array.isArray(value)) return value.join('; ');
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value);
  }
  if (appField.startsWith('consent:')) return contact.consent[appField.slice(8)] ?? null;
  switch (appField) {
    case 'email':
      return contact.email;
    case 'firstName':
      return contact.firstName;
    case 'lastName':
      return contact.lastName;
    case 'fullName':
      return contact.fullName;
    case 'phone':
      return contact.phone;
    case 'city':
      return contact.city;
    case 'country':
      return contact.country;
    case 'locale':
      return contact.locale;
    case 'source':
      return contact.source;
    case 'id':
      return contact.id;
    case 'tags':
      return contact.tags.join('; ');
    case 'marketingBlocked':
      return contact.marketingBlocked;
    default:
      return null;
  }
}
