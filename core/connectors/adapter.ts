/** What the runner needs of a vendor: how to shape a contact, how many per request, how to send. */
import type { ConnectorSettings } from '../../preload/contract.js';
import type { RateLimit, RetryPolicy, TokenBucket } from './http.js';
import type { ConnectorContact } from './mapping.js';

export type Built = { payload: unknown } | { skip: string };

export interface PushItem {
  contactId: string;
  payload: unknown;
}

export interface RecordOutcome {
  contactId: string;
  ok: boolean;
  status?: number | null;
  code?: string | null;
  message?: string;
}

export interface Adapter {
  batchSize: number;
  /** `sentTags`: the tags last sent for this contact (null: none yet). */
  build(contact: ConnectorContact, sentTags: readonly string[] | null): Built;
  /** One outcome per item; a failure of the whole request throws ConnectorRequestError. */
  push(items: PushItem[]): Promise<RecordOutcome[]>;
}

export interface AdapterContext {
  secret: string;
  settings: ConnectorSettings;
  /** Tests point the vendor at a local server; the app uses the vendor's own address. */
  baseUrl?: string;
  bucket: TokenBucket;
  policy: RetryPolicy;
  onWait?: (ms: number, why: string) => void;
}

/** The documented request rates (docs/data-in-and-out.md "Connectors"). */
export const RATE_LIMITS: Record<'hubspot' | 'salesforce' | 'mailchimp', RateLimit> = {
  // Private apps: 100 requests per 10 s (Free/Starter; more on higher tiers): at most 99 here.
  hubspot: { burst: 9, perSecond: 9 },
  // No per-second limit, a daily allocation: a courteous pace.
  salesforce: { burst: 5, perSecond: 5 },
  // 10 simultaneous connections; the runner sends one request at a time.
  mailchimp: { burst: 10, perSecond: 10 },
};
