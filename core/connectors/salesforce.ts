/**
 * Salesforce: PATCH /services/data/v62.0/composite/sobjects/Contact/{externalIdField} with up
 * to 200 records (sObject Collections upsert, allOrNone false), each with attributes.type
 * and the contact's id in the external id field; the answer lists one UpsertResult per
 * record in the same order.
 */
import type { Adapter, AdapterContext, RecordOutcome } from './adapter.js';
import { ConnectorRequestError, excerpt, isRecord, sendWithRetries } from './http.js';
import { appFieldValue } from './mapping.js';

export const SALESFORCE_API_VERSION = 'v62.0';

export function salesforceAdapter(ctx: AdapterContext): Adapter {
  const base = (ctx.baseUrl ?? ctx.settings.instanceUrl ?? '').replace(/\/+$/, '');
  const externalId = ctx.settings.externalIdField ?? '';
  const url = `${base}/services/data/${SALESFORCE_API_VERSION}/composite/sobjects/Contact/${encodeURIComponent(externalId)}`;
  return {
    batchSize: 200,
    build(contact) {
      const record: Record<string, unknown> = { attributes: { type: 'Contact' }, [externalId]: contact.id };
      for (const row of ctx.settings.mapping) record[row.vendorField] = appFieldValue(contact, row.appField);
      return { payload: record };
    },
    async push(items) {
      const response = await sendWithRetries(
        { method: 'PATCH', url, headers: { Authorization: `Bearer ${ctx.secret}` }, body: { allOrNone: false, records: items.map((item) => item.payload) } },
        ctx.bucket,
        ctx.policy,
        ctx.onWait,
      );
      if (response.status !== 200 || !Array.isArray(response.body)) throw fatal(response.status, response.body);
      const results = response.body as unknown[];
      return items.map((item, index): RecordOutcome => {
        const result = results[index];
        if (isRecord(result) && result.success === true) return { contactId: item.contactId, ok: true };
        const error = isRecord(result) && Array.isArray(result.errors) ? result.errors.find(isRecord) : undefined;
        return {
          contactId: item.contactId,
          ok: false,
          // The request succeeded (200); the record's own failure has a code, no HTTP status.
          status: null,
          code: typeof error?.statusCode === 'string' ? error.statusCode : null,
          message: excerpt(typeof error?.message === 'string' ? error.message : 'Salesforce gave no result for this record'),
        };
      });
    },
  };
}

function fatal(status: number, body: unknown): ConnectorRequestError {
  const first = Array.isArray(body) ? body.find(isRecord) : isRecord(body) ? body : undefined;
  const code = typeof first?.errorCode === 'string' ? first.errorCode : null;
  const message = excerpt(typeof first?.message === 'string' ? first.message : (body ?? 'no details'));
  const what =
    status === 401
      ? 'Salesforce refused the token (session expired or invalid)'
      : code === 'REQUEST_LIMIT_EXCEEDED'
        ? 'The organisation used up its API requests for today'
        : `Salesforce answered HTTP ${status}`;
  return new ConnectorRequestError(`${what}: ${message}`, status, code);
}
