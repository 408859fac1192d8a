/** The Mailchimp connector against a local server that follows the Marketing API's list members endpoints. */
import { afterEach, describe, expect, it } from 'vitest';
import { setTag, updateContact } from '../core/services/contacts.js';
import { DEFAULT_MAPPINGS } from '../core/connectors/mapping.js';
import { contact, load, openTestWorkspace } from './helpers.js';
import { fakeMailchimp, MAILCHIMP_KEY, MAILCHIMP_LIST, md5 } from './support/fake-vendors.js';
import { consent, fastConnectors, push } from './support/connectors.js';

let ws: ReturnType<typeof openTestWorkspace>;
let server: ReturnType<typeof fakeMailchimp>;
afterEach(async () => {
  await server.stop();
  ws.cleanup();
});

async function setUp() {
  ws = openTestWorkspace();
  load(ws, {
    contacts: [
      contact({ id: 'm-yes', first_name: 'Yara', last_name: 'Yes', email: 'Yara.Yes@Example.com', phone: '+4915100000001' }),
      contact({ id: 'm-no', first_name: 'Nils', last_name: 'No', email: 'nils@example.com' }),
      contact({ id: 'm-none', first_name: 'Nora', last_name: 'None', email: 'nora@example.com' }),
      contact({ id: 'm-gone', first_name: 'Gus', last_name: 'Gone', email: 'gus@example.com' }),
    ],
  });
  consent(ws, 'm-yes', 'granted');
  consent(ws, 'm-no', 'denied');
  consent(ws, 'm-gone', 'granted');
  consent(ws, 'm-gone', 'withdrawn');
  setTag(ws, 'm-yes', 'vip', true);
  server = await fakeMailchimp().start();
  const service = fastConnectors(ws, 'mailchimp', server.url);
  service.save({ vendor: 'mailchimp', settings: { mapping: DEFAULT_MAPPINGS.mailchimp, consentPurpose: 'marketing_email', listId: MAILCHIMP_LIST }, secret: MAILCHIMP_KEY });
  return service;
}

describe('Mailchimp connector', () => {
  it('upserts each member by the MD5 of the lower-case email with merge fields and tags; status follows consent', async () => {
    const service = await setUp();
    const run = await push(service, 'mailchimp');
    expect(run).toMatchObject({ state: 'succeeded', pushed: 3, skipped: 1 });
    const yes = server.members.get(md5('yara.yes@example.com'));
    expect(yes).toMatchObject({ email_address: 'Yara.Yes@Example.com', status: 'subscribed', merge_fields: { FNAME: 'Yara', LNAME: 'Yes', PHONE: '+4915100000001' } });
    expect([...yes!.tags]).toEqual(['vip']);
    expect(server.members.get(md5('nils@example.com'))?.status).toBe('unsubscribed');
    expect(server.members.get(md5('gus@example.com'))?.status).toBe('unsubscribed');
    // No consent recorded: never sent, so never subscribed.
    expect(server.members.has(md5('nora@example.com'))).toBe(false);
    const put = server.requests.find((r) => r.method === 'PUT' && r.path.endsWith(md5('yara.yes@example.com')));
    expect(put?.path).toBe(`/3.0/lists/${MAILCHIMP_LIST}/members/${md5('yara.yes@example.com')}`);
    expect(put?.body).toMatchObject({ status_if_new: 'subscribed', status: 'subscribed' });
    expect(server.requests.filter((r) => r.path.endsWith('/tags'))).toHaveLength(1);
  });

  it('pushes nothing the second time, then only the contact whose consent or field changed', async () => {
    const service = await setUp();
    await push(service, 'mailchimp');
    const before = server.requests.length;
    expect(await push(service, 'mailchimp')).toMatchObject({ pushed: 0, considered: 0 });
    expect(server.requests.length).toBe(before);

    consent(ws, 'm-yes', 'withdrawn');
    consent(ws, 'm-none', 'granted');
    updateContact(ws, 'm-no', { city: 'Graz' }); // not mapped: nothing to send
    const run = await push(service, 'mailchimp');
    expect(run).toMatchObject({ pushed: 2, considered: 3, skipped: 1 });
    expect(server.members.get(md5('yara.yes@example.com'))?.status).toBe('unsubscribed');
    expect(server.members.get(md5('nora@example.com'))?.status).toBe('subscribed');
  });

  it('a tag removed here is made inactive there, a new one active', async () => {
    const service = await setUp();
    await push(service, 'mailchimp');
    setTag(ws, 'm-yes', 'vip', false);
    setTag(ws, 'm-yes', 'newsletter', true);
    expect(await push(service, 'mailchimp')).toMatchObject({ pushed: 1 });
    const tagsCall = server.requests.filter((r) => r.path.endsWith('/tags')).at(-1);
    expect(tagsCall?.body).toEqual({ tags: [{ name: 'newsletter', status: 'active' }, { name: 'vip', status: 'inactive' }] });
    expect([...server.members.get(md5('yara.yes@example.com'))!.tags]).toEqual(['newsletter']);
    // Nothing more to say about tags the next time.
    expect(await push(service, 'mailchimp')).toMatchObject({ pushed: 0 });
  });

  it('logs a member Mailchimp refuses and goes on with the others', async () => {
    const service = await setUp();
    updateContact(ws, 'm-no', { email: 'nils@example.invalid' });
    const run = await push(service, 'mailchimp');
    expect(run).toMatchObject({ state: 'partial', pushed: 2, failed: 1 });
    expect(service.errors('mailchimp', 5)[0]).toMatchObject({ contactId: 'm-no', contactName: 'Nils No', status: 400, code: 'Invalid Resource' });
  });

  it('a merge field the audience does not have is refused per member and logged', async () => {
    const service = await setUp();
    service.save({ vendor: 'mailchimp', settings: { mapping: [{ appField: 'city', vendorField: 'CITY' }], consentPurpose: 'marketing_email', listId: MAILCHIMP_LIST } });
    const run = await push(service, 'mailchimp');
    expect(run.failed).toBe(3);
    expect(service.errors('mailchimp', 1)[0]?.message).toMatch(/CITY is not a merge field/);
  });

  it('stops with a clear message for an unknown audience and for a wrong key', async () => {
    const service = await setUp();
    service.save({ vendor: 'mailchimp', settings: { mapping: DEFAULT_MAPPINGS.mailchimp, consentPurpose: 'marketing_email', listId: 'zzzzzzzzzz' } });
    const unknown = await push(service, 'mailchimp');
    expect(unknown).toMatchObject({ state: 'failed' });
    expect(unknown.message).toMatch(/does not know that audience/);
    service.save({ vendor: 'mailchimp', settings: { mapping: DEFAULT_MAPPINGS.mailchimp, consentPurpose: 'marketing_email', listId: MAILCHIMP_LIST }, secret: 'ffffffffffffffffffffffffffffffff-us6' });
    expect((await push(service, 'mailchimp')).message).toMatch(/refused the API key/);
  });

  it('retries after a 503 and after a 429 without Retry-After (backoff)', async () => {
    const service = await setUp();
    server.failNext(503, { title: 'Service Unavailable', status: 503 });
    server.failNext(429, { title: 'Too Many Requests', status: 429, detail: 'You have exceeded the limit of 10 simultaneous connections.' });
    const run = await push(service, 'mailchimp');
    expect(run).toMatchObject({ state: 'succeeded', pushed: 3 });
  });

  it('refuses a key without a data centre, and keeps the data centre (not the key) in the settings', async () => {
    const service = await setUp();
    expect(() => service.save({ vendor: 'mailchimp', settings: { mapping: [], consentPurpose: 'marketing_email', listId: MAILCHIMP_LIST }, secret: 'not-a-mailchimp-key' })).toThrow(/data centre/);
    expect(service.info('mailchimp').settings.dataCenter).toBe('us6');
  });
});
