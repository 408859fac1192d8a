/**
 * Mailchimp: PUT /3.0/lists/{list_id}/members/{subscriber_hash} (the MD5 of the lower-case
 * email) with status_if_new and status from the contact's marketing-email consent, merge
 * fields, then POST …/members/{hash}/tags for the tags (removed ones as inactive). The API key (ending in -<dc>) is
 * sent with HTTP Basic auth and names the data centre: https://<dc>.api.mailchimp.com.
 */
import { createHash } from 'node:crypto';
import type { Adapter, AdapterContext, RecordOutcome } from './adapter.js';
import { ConnectorRequestError, excerpt, isRecord, sendWithRetries, type VendorRequest } from './http.js';
import { appFieldValue } from './mapping.js';

const API_KEY = /^[0-9a-f]{32}-([a-z]{2,4}[0-9]{1,3})$/;

/** The data centre an API key belongs to (`…-us6` → `us6`), or null for a key of another shape. */
export function mailchimpDataCenter(apiKey: string): string | null {
  return API_KEY.exec(apiKey.trim())?.[1] ?? null;
}

export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

interface MailchimpPayload {
  hash: string;
  member: { email_address: string; status_if_new: 'subscribed' | 'unsubscribed'; status: 'subscribed' | 'unsubscribed'; merge_fields: Record<string, string> };
  tags: { name: string; status: 'active' | 'inactive' }[] | null;
}

export function mailchimpAdapter(ctx: AdapterContext): Adapter {
  const dc = mailchimpDataCenter(ctx.secret);
  if (!dc) throw new ConnectorRequestError('The Mailchimp API key does not look right (it ends in -us6 or similar)', null, 'bad_key');
  const base = (ctx.baseUrl ?? `https://${dc}.api.mailchimp.com`).replace(/\/+$/, '');
  const listId = ctx.settings.listId ?? '';
  const headers = { Authorization: `Basic ${Buffer.from(`nexvio:${ctx.secret.trim()}`).toString('base64')}` };
  const send = (request: Omit<VendorRequest, 'headers'>) => sendWithRetries({ ...request, headers }, ctx.bucket, ctx.policy, ctx.onWait);
  const tagsMapped = ctx.settings.mapping.some((row) => row.appField === 'tags');

  return {
    batchSize: 1,
    build(contact, sentTags) {
      const email = contact.email?.trim();
      if (!email) return { skip: 'no email address' };
      const consent = contact.consent[ctx.settings.consentPurpose];
      // Never subscribed without consent: no answer yet means not sent at all.
      if (!consent) return { skip: 'no marketing-email consent recorded' };
      const status = consent === 'granted' ? 'subscribed' : 'unsubscribed';
      const merge_fields: Record<string, string> = {};
      for (const row of ctx.settings.mapping) {
        if (row.appField === 'tags') continue;
        const value = appFieldValue(contact, row.appField);
        merge_fields[row.vendorField] = value === null ? '' : String(value);
      }
      const payload: MailchimpPayload = {
        hash: subscriberHash(email),
        member: { email_address: email, status_if_new: status, status, merge_fields },
        // Tags sent before and gone here since are made inactive there.
        tags: tagsMapped
          ? [...contact.tags.map((name) => ({ name, status: 'active' as const })), ...(sentTags ?? []).filter((name) => !contact.tags.includes(name)).map((name) => ({ name, status: 'inactive' as const }))]
          : null,
      };
      return { payload };
    },
    async push(items) {
      const outcomes: RecordOutcome[] = [];
      for (const item of items) {
        const payload = item.payload as MailchimpPayload;
        const path = `/3.0/lists/${encodeURIComponent(listId)}/members/${payload.hash}`;
        const member = await send({ method: 'PUT', url: `${base}${path}`, body: payload.member });
        if (member.status !== 200) {
          outcomes.push(recordOrFatal(item.contactId, member.status, member.body));
          continue;
        }
        if (payload.tags && payload.tags.length > 0) {
          const tags = await send({ method: 'POST', url: `${base}${path}/tags`, body: { tags: payload.tags } });
          if (tags.status !== 204 && tags.status !== 200) {
            outcomes.push(recordOrFatal(item.contactId, tags.status, tags.body));
            continue;
          }
        }
        outcomes.push({ contactId: item.contactId, ok: true });
      }
      return outcomes;
    },
  };
}

/** 400 concerns the member (invalid address, compliance state); others stop the run. */
function recordOrFatal(contactId: string, status: number, body: unknown): RecordOutcome {
  const title = isRecord(body) && typeof body.title === 'string' ? body.title : null;
  const detail = isRecord(body) && typeof body.detail === 'string' ? body.detail : excerpt(body ?? 'no details');
  if (status === 400) return { contactId, ok: false, status, code: title, message: excerpt(detail) };
  const what =
    status === 401
      ? 'Mailchimp refused the API key'
      : status === 404
        ? 'Mailchimp does not know that audience (check the audience id)'
        : status === 403
          ? 'The API key may not do this'
          : `Mailchimp answered HTTP ${status}`;
  throw new ConnectorRequestError(`${what}: ${excerpt(detail)}`, status, title);
}
