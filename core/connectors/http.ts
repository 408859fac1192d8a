/**
 * HTTP for the connectors: a token bucket for each vendor's documented request rate, a
 * timeout on every request, 429 answered by waiting (Retry-After, else backoff), 5xx and
 * network failures retried with exponential backoff. Never blocks the worker: all async.
 */
export interface RateLimit {
  /** Requests that may go at once after a pause. */
  burst: number;
  perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly limit: RateLimit) {
    this.tokens = limit.burst;
  }

  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000));
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RetryPolicy {
  /** First backoff; doubles each attempt. */
  backoffMs: number;
  /** Attempts after a 5xx or a network failure. */
  maxAttempts: number;
  /** Waits after 429s before the run gives up. */
  max429: number;
  /** The longest wait a Retry-After may ask for. */
  maxWaitMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { backoffMs: 1000, maxAttempts: 4, max429: 8, maxWaitMs: 60_000, timeoutMs: 30_000 };

export interface VendorResponse {
  status: number;
  body: unknown;
}

/** A failure of the whole request (not of one record): the run stops with it. */
export class ConnectorRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export interface VendorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Sends one request with the bucket, the timeout and the retries; answers any final status. */
export async function sendWithRetries(request: VendorRequest, bucket: TokenBucket, policy: RetryPolicy, onWait?: (ms: number, why: string) => void): Promise<VendorResponse> {
  let failures = 0;
  let limited = 0;
  for (;;) {
    await bucket.take();
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: { Accept: 'application/json', ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...request.headers },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(policy.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      failures += 1;
      const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${Math.round(policy.timeoutMs / 1000)} s` : 'could not connect';
      if (failures >= policy.maxAttempts) throw new ConnectorRequestError(`The service could not be reached (${why})`, null, 'network');
      const wait = policy.backoffMs * 2 ** (failures - 1);
      onWait?.(wait, why);
      await sleep(wait);
      continue;
    }
    const text = await response.text();
    const body = parseBody(text);
    if (response.status === 429) {
      limited += 1;
      if (limited > policy.max429) throw new ConnectorRequestError('The service kept refusing for too many requests; try again later', 429, 'rate_limited');
      const wait = Math.min(policy.maxWaitMs, retryAfterMs(response.headers.get('retry-after')) ?? policy.backoffMs * 2 ** (limited - 1));
      onWait?.(wait, 'rate limited');
      await sleep(wait);
      continue;
    }
    if (response.status >= 500) {
      failures += 1;
      if (failures >= policy.maxAttempts) throw new ConnectorRequestError(`The service failed (HTTP ${response.status}) ${policy.maxAttempts} times`, response.status, 'server_error');
      const wait = policy.backoffMs * 2 ** (failures - 1);
      onWait?.(wait, `HTTP ${response.status}`);
      await sleep(wait);
      continue;
    }
    return { status: response.status, body };
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** A short, single-line excerpt of a vendor's message for the error log. */
export function excerpt(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
