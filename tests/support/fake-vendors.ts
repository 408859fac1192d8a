/**
 * Local servers that follow each vendor's documented requests and answers (docs/data-in-and-out.md
 * "Connectors") and refuse malformed ones, for the connector tests: auth headers, paths, JSON
 * bodies, batch sizes, Mailchimp's subscriber hash, Salesforce's external id in the path.
 * `failNext` queues forced answers (429 with Retry-After, 5xx) before the real handling.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  at: number;
}

interface Forced {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: Seen) => { status: number; body?: unknown; headers?: Record<string, string> };

export class FakeVendor {
  readonly requests: Seen[] = [];
  readonly forced: Forced[] = [];
  url = '';
  private server: Server | null = null;

  constructor(private readonly handler: Handler) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  failNext(status: number, body: unknown, headers?: Record<string, string>): void {
    this.forced.push({ status, body, ...(headers ? { headers } : {}) });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    let malformed = false;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        malformed = true;
      }
    }
    const seen: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: performance.now() };
    this.requests.push(seen);
    const forced = this.forced.shift();
    const answer = forced ?? (malformed || (text !== '' && !String(req.headers['content-type']).startsWith('application/json')) ? { status: 400, body: { message: 'malformed JSON or content type' } } : this.handler(seen));
    res.writeHead(answer.status, { ...(answer.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...answer.headers });
    res.end(answer.body !== undefined ? JSON.stringify(answer.body) : undefined);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// ---------------------------------------------------------------- HubSpot

export const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

/** POST /crm/v3/objects/contacts/batch/upsert; the CRM keyed by email. */
export function fakeHubSpot(options: { knownProperties?: string[]; windowMs?: number; maxPerWindow?: number } = {}) {
  const known = new Set(options.knownProperties ?? ['email', 'firstname', 'lastname', 'phone', 'city', 'country', 'nexvio_marketing_email']);
  const contacts = new Map<string, Record<string, string>>();
  const recent: number[] = [];
  let ids = 100;
  const vendor = new FakeVendor((request) => {
    const error = (status: number, category: string, message: string) => ({ status, body: { status: 'error', message, correlationId: 'c0ffee', category } });
    if (request.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) return error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.');
    if (request.method !== 'POST' || request.path !== '/crm/v3/objects/contacts/batch/upsert') return error(404, 'OBJECT_NOT_FOUND', 'Not found');
    // The ten-second rolling limit (shortened by the test).
    const now = performance.now();
    while (recent.length > 0 && now - recent[0]! > (options.windowMs ?? 10_000)) recent.shift();
    if (recent.length >= (options.maxPerWindow ?? 100)) {
      return { status: 429, body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' } };
    }
    recent.push(now);
    const body = request.body;
    if (!isObject(body) || !Array.isArray(body.inputs) || body.inputs.length === 0 || Object.keys(body).some((key) => key !== 'inputs')) {
      return error(400, 'VALIDATION_ERROR', 'Invalid input JSON: inputs is required');
    }
    if (body.inputs.length > 100) return error(400, 'VALIDATION_ERROR', 'Batch input limit is 100');
    const inputIds = body.inputs.map((input) => (isObject(input) ? input.id : null));
    const twice = inputIds.filter((id, index) => inputIds.indexOf(id) !== index);
    if (twice.length > 0) return error(400, 'VALIDATION_ERROR', `Duplicate IDs found in batch input: ${JSON.stringify(twice)}. IDs must be unique`);
    for (const input of body.inputs) {
      if (!isObject(input) || input.idProperty !== 'email' || typeof input.id !== 'string' || !isObject(input.properties)) return error(400, 'VALIDATION_ERROR', 'Each input needs idProperty, id and properties');
      for (const [name, value] of Object.entries(input.properties)) {
        if (!known.has(name)) return error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"Property \\"${name}\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"${name}"}]`);
        if (typeof value !== 'string') return error(400, 'VALIDATION_ERROR', `Property values were not valid: ${name} must be a string`);
      }
      if (!EMAIL.test(input.id)) return error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"Email address ${input.id} is invalid","error":"INVALID_EMAIL","name":"email"}]`);
    }
    const results = (body.inputs as { id: string; properties: Record<string, string> }[]).map((input) => {
      const existing = contacts.get(input.id);
      const merged = { ...existing, ...input.properties };
      contacts.set(input.id, merged);
      return { id: existing?.hs_object_id ?? String(ids++), properties: merged, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false, new: !existing };
    });
    return { status: 200, body: { status: 'COMPLETE', results, startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:01Z' } };
  });
  return Object.assign(vendor, { contacts });
}

// ---------------------------------------------------------------- Mailchimp

export const MAILCHIMP_KEY = '0123456789abcdef0123456789abcdef-us6';
export const MAILCHIMP_LIST = 'a1b2c3d4e5';

export function md5(value: string): string {
  return createHash('md5').update(value).digest('hex');
}

interface Member {
  email_address: string;
  status: string;
  merge_fields: Record<string, string>;
  tags: Set<string>;
}

/** PUT /3.0/lists/{list}/members/{hash} and POST …/tags. */
export function fakeMailchimp(options: { mergeTags?: string[] } = {}) {
  const mergeTags = new Set(options.mergeTags ?? ['FNAME', 'LNAME', 'PHONE', 'ADDRESS', 'BIRTHDAY']);
  const members = new Map<string, Member>();
  const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
    status,
    body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'f00d', ...extra },
  });
  const vendor = new FakeVendor((request) => {
    const auth = String(request.headers.authorization ?? '');
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
    if (decoded.split(':')[1] !== MAILCHIMP_KEY) return problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    const match = /^\/3\.0\/lists\/([^/]+)\/members\/([0-9a-f]{32})(\/tags)?$/.exec(request.path);
    if (!match) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    const [, list, hash, tags] = match;
    if (list !== MAILCHIMP_LIST) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    const body = request.body;
    if (tags) {
      if (request.method !== 'POST') return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible.');
      const member = members.get(hash!);
      if (!member) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
      if (!isObject(body) || !Array.isArray(body.tags) || !body.tags.every((t) => isObject(t) && typeof t.name === 'string' && (t.status === 'active' || t.status === 'inactive'))) {
        return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', { errors: [{ field: 'tags', message: 'Schema describes array, object found instead' }] });
      }
      for (const tag of body.tags as { name: string; status: string }[]) {
        if (tag.status === 'active') member.tags.add(tag.name);
        else member.tags.delete(tag.name);
      }
      return { status: 204 };
    }
    if (request.method !== 'PUT') return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible.');
    if (!isObject(body) || typeof body.email_address !== 'string') return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', { errors: [{ field: 'email_address', message: 'This value should not be blank.' }] });
    if (md5(body.email_address.toLowerCase()) !== hash) return problem(400, 'Invalid Resource', 'The subscriber hash does not match the email address.');
    if (!EMAIL.test(body.email_address) || body.email_address.endsWith('.invalid')) {
      return problem(400, 'Invalid Resource', `${body.email_address} looks fake or invalid, please enter a real email address.`);
    }
    const statuses = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'];
    const existing = members.get(hash!);
    if (!existing && !statuses.includes(String(body.status_if_new))) return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', { errors: [{ field: 'status_if_new', message: 'Required when the member is new' }] });
    if (body.status !== undefined && !statuses.includes(String(body.status))) return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', { errors: [{ field: 'status', message: 'Invalid status' }] });
    if (body.merge_fields !== undefined) {
      if (!isObject(body.merge_fields)) return problem(400, 'Invalid Resource', 'merge_fields must be an object');
      for (const [tag, value] of Object.entries(body.merge_fields)) {
        if (!mergeTags.has(tag)) return problem(400, 'Invalid Resource', `Your merge fields were invalid: ${tag} is not a merge field of this audience.`);
        if (typeof value !== 'string') return problem(400, 'Invalid Resource', `Your merge fields were invalid: ${tag} must be a string.`);
      }
    }
    const member: Member = existing ?? { email_address: body.email_address, status: String(body.status_if_new), merge_fields: {}, tags: new Set() };
    if (body.status !== undefined) member.status = String(body.status);
    Object.assign(member.merge_fields, body.merge_fields ?? {});
    members.set(hash!, member);
    return { status: 200, body: { id: hash, email_address: member.email_address, status: member.status, merge_fields: member.merge_fields, list_id: list, tags: [...member.tags].map((name) => ({ name })) } };
  });
  return Object.assign(vendor, { members });
}

// ---------------------------------------------------------------- Salesforce

export const SALESFORCE_TOKEN = '00D5g000004ABCD!AQ0AQexampleaccesstoken';

/** PATCH /services/data/vXX.X/composite/sobjects/Contact/{externalIdField}. */
export function fakeSalesforce(options: { externalIdFields?: string[]; fields?: string[] } = {}) {
  const externalIds = new Set(options.externalIdFields ?? ['Nexvio_Id__c']);
  const fields = new Set(options.fields ?? ['Email', 'FirstName', 'LastName', 'Phone', 'MailingCity', 'MailingCountry', 'HasOptedOutOfEmail', 'Marketing_Email__c', ...externalIds]);
  const records = new Map<string, Record<string, unknown>>();
  let ids = 1;
  const vendor = new FakeVendor((request) => {
    const error = (status: number, errorCode: string, message: string) => ({ status, body: [{ message, errorCode }] });
    if (request.headers.authorization !== `Bearer ${SALESFORCE_TOKEN}`) return error(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const match = /^\/services\/data\/v\d+\.\d\/composite\/sobjects\/([A-Za-z_]+)\/([A-Za-z0-9_]+)$/.exec(request.path);
    if (!match || request.method !== 'PATCH') return error(404, 'NOT_FOUND', 'The requested resource does not exist');
    const [, sobject, externalId] = match;
    if (sobject !== 'Contact') return error(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (!externalIds.has(externalId!)) return error(400, 'INVALID_FIELD', `Field name provided, ${externalId} is not an External ID or indexed field for Contact`);
    const body = request.body;
    if (!isObject(body) || !Array.isArray(body.records) || body.records.length === 0) return error(400, 'JSON_PARSER_ERROR', 'records is required');
    if (body.records.length > 200) return error(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    for (const record of body.records) {
      if (!isObject(record) || !isObject(record.attributes) || record.attributes.type !== 'Contact') return error(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
      if (typeof record[externalId!] !== 'string') return error(400, 'MISSING_ARGUMENT', `${externalId} not specified`);
      for (const [name, value] of Object.entries(record)) {
        if (name === 'attributes') continue;
        if (!fields.has(name)) return error(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type Contact`);
        if (name === 'HasOptedOutOfEmail' && typeof value !== 'boolean') return error(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of boolean from VALUE_STRING');
      }
    }
    const results = (body.records as Record<string, unknown>[]).map((record) => {
      const key = record[externalId!] as string;
      const existing = records.get(key);
      const { attributes: _attributes, ...values } = record;
      if (!existing && (values.LastName === null || values.LastName === undefined || values.LastName === '')) {
        return { success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] };
      }
      const id = (existing?.Id as string | undefined) ?? `003${String(ids++).padStart(15, '0')}`;
      records.set(key, { ...existing, ...values, Id: id });
      return { id, success: true, errors: [], created: !existing };
    });
    return { status: 200, body: results };
  });
  return Object.assign(vendor, { records });
}
