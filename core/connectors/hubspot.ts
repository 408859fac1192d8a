/**
 * HubSpot: POST /crm/v3/objects/contacts/batch/upsert with idProperty email, up to 100
 * inputs, a private-app token as Bearer. A batch refused for one bad record (400, or 207
 * with errors) is sent again one record at a time so each failure lands on its contact.
 */
import type { Adapter, AdapterContext, PushItem, RecordOutcome } from './adapter.js';
import { ConnectorRequestError, excerpt, isRecord, sendWithRetries, type VendorResponse } from './http.js';
import { appFieldValue } from './mapping.js';

export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';
const UPSERT_PATH = '/crm/v3/objects/contacts/batch/upsert';

interface HubSpotInput {
  idProperty: 'email';
  id: string;
  properties: Record<string, string>;
}

export function hubspotAdapter(ctx: AdapterContext): Adapter {
  const base = (ctx.baseUrl ?? HUBSPOT_BASE_URL).replace(/\/+$/, '');
  const send = (inputs: HubSpotInput[]): Promise<VendorResponse> =>
    sendWithRetries(
      { method: 'POST', url: `${base}${UPSERT_PATH}`, headers: { Authorization: `Bearer ${ctx.secret}` }, body: { inputs } },
      ctx.bucket,
      ctx.policy,
      ctx.onWait,
    );

  async function pushSingle(item: PushItem): Promise<RecordOutcome> {
    const response = await send([item.payload as HubSpotInput]);
    if (response.status === 200 || response.status === 201) return { contactId: item.contactId, ok: true };
    fatalUnlessRecordError(response);
    const error = firstError(response.body);
    return { contactId: item.contactId, ok: false, status: response.status, code: error.code, message: error.message };
  }

  return {
    batchSize: 100,
    build(contact) {
      const email = contact.email?.trim().toLowerCase();
      if (!email) return { skip: 'no email address (HubSpot finds contacts by email)' };
      const properties: Record<string, string> = {};
      for (const row of ctx.settings.mapping) {
        const value = appFieldValue(contact, row.appField);
        // HubSpot takes every property value as a string; an empty string clears it.
        properties[row.vendorField] = value === null ? '' : String(value);
      }
      properties.email = email;
      return { payload: { idProperty: 'email', id: email, properties } satisfies HubSpotInput };
    },
    async push(items) {
      // Two contacts with one email address are one HubSpot contact, and HubSpot refuses a
      // batch that names an id twice: the later ones go in batches of their own, in order.
      const rounds: PushItem[][] = [];
      for (const item of items) {
        const id = (item.payload as HubSpotInput).id;
        const round = rounds.find((r) => !r.some((other) => (other.payload as HubSpotInput).id === id));
        if (round) round.push(item);
        else rounds.push([item]);
      }
      const outcomes: RecordOutcome[] = [];
      for (const round of rounds) outcomes.push(...(await pushUnique(round)));
      return outcomes;
    },
  };

  async function pushUnique(items: PushItem[]): Promise<RecordOutcome[]> {
    const response = await send(items.map((item) => item.payload as HubSpotInput));
    if ((response.status === 200 || response.status === 201) && !hasErrors(response.body)) {
      return items.map((item) => ({ contactId: item.contactId, ok: true }));
    }
    if (items.length === 1 && items[0]) {
      fatalUnlessRecordError(response);
      const error = firstError(response.body);
      return [{ contactId: items[0].contactId, ok: false, status: response.status, code: error.code, message: error.message }];
    }
    fatalUnlessRecordError(response);
    const outcomes: RecordOutcome[] = [];
    for (const item of items) outcomes.push(await pushSingle(item));
    return outcomes;
  }
}

function hasErrors(body: unknown): boolean {
  return isRecord(body) && Array.isArray(body.errors) && body.errors.length > 0;
}

/** 400 (a property value HubSpot refused) and 207 concern records; anything else stops the run. */
function fatalUnlessRecordError(response: VendorResponse): void {
  if (response.status === 400 || response.status === 207 || response.status === 200 || response.status === 201) return;
  const error = firstError(response.body);
  const what =
    response.status === 401
      ? 'HubSpot refused the token (check the private app’s access token)'
      : response.status === 403
        ? 'The token may not write contacts (give the private app the crm.objects.contacts.write scope)'
        : `HubSpot answered HTTP ${response.status}`;
  throw new ConnectorRequestError(`${what}: ${error.message}`, response.status, error.code);
}

function firstError(body: unknown): { code: string | null; message: string } {
  if (!isRecord(body)) return { code: null, message: excerpt(body ?? 'no details') };
  const nested = Array.isArray(body.errors) ? body.errors.find(isRecord) : undefined;
  const source = nested ?? body;
  const code = typeof source.category === 'string' ? source.category : typeof source.code === 'string' ? source.code : typeof body.category === 'string' ? body.category : null;
  const message = typeof source.message === 'string' ? source.message : typeof body.message === 'string' ? body.message : JSON.stringify(body);
  return { code, message: excerpt(message) };
}
