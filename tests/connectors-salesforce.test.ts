/** The Salesforce connector against a local server that follows sObject Collections upsert. */
import { afterEach, describe, expect, it } from 'vitest';
import { updateContact } from '../core/services/contacts.js';
import { DEFAULT_MAPPINGS } from '../core/connectors/mapping.js';
import { contact, load, openTestWorkspace } from './helpers.js';
import { fakeSalesforce, SALESFORCE_TOKEN } from './support/fake-vendors.js';
import { consent, fastConnectors, push } from './support/connectors.js';

let ws: ReturnType<typeof openTestWorkspace>;
let server: ReturnType<typeof fakeSalesforce>;
afterEach(async () => {
  await server.stop();
  ws.cleanup();
});

async function setUp(count: number) {
  ws = openTestWorkspace();
  load(ws, { contacts: Array.from({ length: count }, (_, i) => contact({ id: `s${i}`, first_name: `Sam${i}`, last_name: 'Force', email: `sam${i}@example.com`, city: 'Oslo' })) });
  server = await fakeSalesforce().start();
  const service = fastConnectors(ws, 'salesforce', server.url);
  service.save({
    vendor: 'salesforce',
    settings: { mapping: DEFAULT_MAPPINGS.salesforce, consentPurpose: 'marketing_email', instanceUrl: server.url, externalIdField: 'Nexvio_Id__c' },
    secret: SALESFORCE_TOKEN,
  });
  return service;
}

describe('Salesforce connector', () => {
  it('upserts in collections of at most 200 by the external id in the path, then only what changed', async () => {
    const service = await setUp(250);
    consent(ws, 's3', 'denied');
    expect(await push(service, 'salesforce')).toMatchObject({ state: 'succeeded', pushed: 250 });
    expect(server.requests.map((r) => r.path)).toEqual(Array(2).fill('/services/data/v62.0/composite/sobjects/Contact/Nexvio_Id__c'));
    expect(server.requests.map((r) => (r.body as { records: unknown[] }).records.length)).toEqual([200, 50]);
    expect(server.requests[0]!.body).toMatchObject({ allOrNone: false });
    expect(server.records.get('s3')).toMatchObject({ Email: 'sam3@example.com', FirstName: 'Sam3', LastName: 'Force', MailingCity: 'Oslo', MailingCountry: 'DE', HasOptedOutOfEmail: true });
    expect(server.records.get('s4')?.HasOptedOutOfEmail).toBe(false);

    expect(await push(service, 'salesforce')).toMatchObject({ pushed: 0, considered: 0 });
    updateContact(ws, 's9', { firstName: 'Samuel' });
    expect(await push(service, 'salesforce')).toMatchObject({ pushed: 1 });
    expect(server.records.get('s9')?.FirstName).toBe('Samuel');
  });

  it('logs a record Salesforce refuses (a new contact without a last name) and keeps the others', async () => {
    const service = await setUp(3);
    updateContact(ws, 's1', { lastName: null });
    const run = await push(service, 'salesforce');
    expect(run).toMatchObject({ state: 'partial', pushed: 2, failed: 1 });
    expect(service.errors('salesforce', 5)[0]).toMatchObject({ contactId: 's1', code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' });
  });

  it('stops with the vendor’s words for an expired session and for a field the org does not have', async () => {
    const service = await setUp(1);
    service.save({ vendor: 'salesforce', settings: { mapping: DEFAULT_MAPPINGS.salesforce, consentPurpose: 'marketing_email', instanceUrl: server.url, externalIdField: 'Nexvio_Id__c' }, secret: 'expired-session-token' });
    expect((await push(service, 'salesforce')).message).toMatch(/Session expired or invalid/);
    service.save({
      vendor: 'salesforce',
      settings: { mapping: [{ appField: 'source', vendorField: 'LeadSource__c' }], consentPurpose: 'marketing_email', instanceUrl: server.url, externalIdField: 'Nexvio_Id__c' },
      secret: SALESFORCE_TOKEN,
    });
    const run = await push(service, 'salesforce');
    expect(run.state).toBe('failed');
    expect(service.errors('salesforce', 1)[0]).toMatchObject({ status: 400, code: 'INVALID_FIELD' });
  });

  it('retries a 503 with backoff', async () => {
    const service = await setUp(2);
    server.failNext(503, [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
    expect(await push(service, 'salesforce')).toMatchObject({ state: 'succeeded', pushed: 2 });
    expect(server.requests).toHaveLength(2);
  });
});
