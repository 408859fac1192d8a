/**
 * Updates: is a feed configured, when to check, the contract's UpdateStatus from the
 * updater's events, and errors in words for people. Pure; main/updater.ts applies it with
 * electron-updater.
 */
import type { UpdateStatus } from '../preload/contract.js';
import { redactText } from './log-redaction.js';

/** A short wait after start: the first check must not compete with opening the workspace. */
export const FIRST_CHECK_DELAY_MS = 15_000;
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export type FeedConfiguration =
  /** electron-builder's app-update.yml beside the packaged app (electron-updater's default). */
  | { kind: 'packaged'; feed: string }
  /** Development: NEXVIO_UPDATE_URL names a generic feed (a folder with latest*.yml). */
  | { kind: 'generic'; feed: string }
  | { kind: 'none' };

export const UPDATE_URL_ENV = 'NEXVIO_UPDATE_URL';

/**
 * Which feed, if any. The environment override works only in an unpackaged build: a
 * released app must not take its update source from whoever starts it.
 */
export function feedConfiguration(input: { isPackaged: boolean; env: NodeJS.ProcessEnv; appUpdateYml: string | null }): FeedConfiguration {
  if (input.isPackaged) return input.appUpdateYml === null ? { kind: 'none' } : { kind: 'packaged', feed: describeFeed(input.appUpdateYml) };
  const url = input.env[UPDATE_URL_ENV]?.trim();
  if (!url) return { kind: 'none' };
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? { kind: 'generic', feed: parsed.href } : { kind: 'none' };
  } catch {
    return { kind: 'none' };
  }
}

/** A readable name for the feed in app-update.yml: its url, or provider/owner/repo. */
export function describeFeed(appUpdateYml: string): string {
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}:\\s*['"]?([^'"\\n]+?)['"]?\\s*$`, 'm').exec(appUpdateYml)?.[1];
  const url = field('url');
  if (url) return url;
  const provider = field('provider') ?? 'unknown';
  const place = [field('owner'), field('repo') ?? field('bucket')].filter(Boolean).join('/');
  return place ? `${provider}: ${place}` : provider;
}

/**
 * How long until the next automatic check: shortly after start when none ran yet, else a
 * day after the last one (never sooner than the start delay, so a restart does not check
 * at once either). null: automatic checks are off.
 */
export function nextAutoCheckDelay(input: { autoCheck: boolean; lastCheckedAt: string | null; nowMs: number }): number | null {
  if (!input.autoCheck) return null;
  const last = input.lastCheckedAt ? Date.parse(input.lastCheckedAt) : Number.NaN;
  if (Number.isNaN(last)) return FIRST_CHECK_DELAY_MS;
  return Math.max(FIRST_CHECK_DELAY_MS, last + CHECK_INTERVAL_MS - input.nowMs);
}

export function initialUpdateStatus(feed: FeedConfiguration, currentVersion: string): UpdateStatus {
  return {
    state: feed.kind === 'none' ? 'off' : 'idle',
    feed: feed.kind === 'none' ? null : feed.feed,
    currentVersion,
    availableVersion: null,
    percent: null,
    lastCheckedAt: null,
    message: null,
  };
}

/** What electron-updater reports (its events, reduced to what the status needs). */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; error: unknown };

/**
 * The next status. A downloaded update stays `ready` whatever a later check says: the file
 * is there and installs on restart. Nothing moves while the feed is off.
 */
export function reduceUpdateStatus(status: UpdateStatus, event: UpdaterEvent, context: { now: string; autoCheck: boolean }): UpdateStatus {
  if (status.state === 'off') return status;
  if (status.state === 'ready' && event.type !== 'downloaded') return status;
  switch (event.type) {
    case 'checking':
      return { ...status, state: 'checking', message: null };
    case 'available':
      return { ...status, state: 'available', availableVersion: event.version, percent: 0, lastCheckedAt: context.now, message: null };
    case 'not-available':
      return { ...status, state: 'up_to_date', availableVersion: null, percent: null, lastCheckedAt: context.now, message: null };
    case 'progress':
      return { ...status, state: 'downloading', percent: Math.max(0, Math.min(100, Math.round(event.percent))) };
    case 'downloaded':
      return { ...status, state: 'ready', availableVersion: event.version, percent: 100, message: null };
    case 'error':
      return {
        ...status,
        state: 'error',
        percent: null,
        lastCheckedAt: context.now,
        message: describeUpdateError(event.error, { downloading: status.state === 'downloading' || status.state === 'available', autoCheck: context.autoCheck }),
      };
  }
}

/** True once, when a download has just finished: the moment for "restart to install". */
export function becameReady(previous: UpdateStatus, next: UpdateStatus): boolean {
  return previous.state !== 'ready' && next.state === 'ready';
}

const UNREACHABLE_CODES = ['ENOTFOUND', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'EPIPE'];

function errorFacts(error: unknown): { text: string; code: string | null; statusCode: number | null } {
  if (error instanceof Error) {
    const fields = error as Error & { code?: unknown; statusCode?: unknown };
    return {
      text: `${error.message}`,
      code: typeof fields.code === 'string' ? fields.code : null,
      statusCode: typeof fields.statusCode === 'number' ? fields.statusCode : null,
    };
  }
  return { text: String(error), code: null, statusCode: null };
}

/**
 * For people: what went wrong, that nothing was changed, and what happens next. The
 * technical code stays in brackets so a support request can quote it.
 */
export function describeUpdateError(error: unknown, context: { downloading: boolean; autoCheck: boolean }): string {
  const { text, code, statusCode } = errorFacts(error);
  const next = context.autoCheck ? 'Nexvio Contacts will try again tomorrow' : 'You can check again later in Settings';
  const kept = 'nothing was changed.';

  const netError = /net::ERR_[A-Z_]+/.exec(text)?.[0];
  const socketCode = UNREACHABLE_CODES.find((candidate) => code === candidate || new RegExp(`\\b${candidate}\\b`).test(text));
  if (netError || socketCode) return `The update server could not be reached (${netError ?? socketCode}). ${next}; ${kept}`;

  if (code === 'ERR_UPDATER_INVALID_SIGNATURE' || /not signed by the application owner|signature/i.test(text)) {
    return `The downloaded update is not signed by Nexvio and was not installed (${code ?? 'bad signature'}). Your version keeps working; ${kept}`;
  }
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch|sha512/i.test(text)) {
    return `The downloaded update was damaged on the way and was discarded (${code ?? 'checksum mismatch'}). ${next}; ${kept}`;
  }
  if (code === 'ENOSPC' || /\bENOSPC\b|no space left/i.test(text)) {
    return `There is not enough free disk space to download the update (ENOSPC). Free some space and check again; ${kept}`;
  }
  const status = statusCode ?? Number(/\b(?:HttpError: |HTTP[ _]ERROR[ _:]*|status(?:Code)?[ =:]*)(\d{3})\b/i.exec(text)?.[1] ?? Number.NaN);
  if (status === 404 || code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || code === 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND') {
    return `The update server has no update information for this app (${Number.isNaN(status) ? code : `HTTP ${status}`}). ${next}; ${kept}`;
  }
  if (!Number.isNaN(status) && status >= 500) return `The update server had a problem (HTTP ${status}). ${next}; ${kept}`;
  if (!Number.isNaN(status) && status >= 400) return `The update server refused the request (HTTP ${status}). ${next}; ${kept}`;

  const firstLine = redactText(text.split('\n')[0] ?? '').slice(0, 120);
  const what = context.downloading ? 'The update could not be downloaded' : 'The update check failed';
  return `${what} (${code ?? (firstLine || 'unknown error')}). ${next}; ${kept}`;
}
