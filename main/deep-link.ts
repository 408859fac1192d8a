/**
 * Deep links `nexvio-contacts://contact/ID` (links from the chatbot dashboard). Pure.
 *
 * A link arrives from outside the app (a web page, a chat message, the command line), so it
 * is parsed by hand against the one accepted shape instead of by a general URL parser: no
 * percent-decoding, no query, no fragment, no user or port, exactly one id segment. Anything
 * else is refused with a reason for people; nothing is opened and nothing is changed.
 */
import { isAbsolute, resolve } from 'node:path';

export const DEEP_LINK_SCHEME = 'nexvio-contacts';
const PREFIX = `${DEEP_LINK_SCHEME}://`;
/** A contact link is about 60 characters; far longer means something else is going on. */
export const MAX_DEEP_LINK_LENGTH = 200;
/**
 * The spec's ids are opaque strings of at most 64 characters; client-made ones are UUIDs and
 * the service's are UUID-shaped. Letters, digits, `-` and `_` cover them all and leave no
 * room for `.`/`..`, slashes, quotes or spaces.
 */
export const CONTACT_ID_IN_LINK = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export type DeepLink = { ok: true; id: string } | { ok: false; reason: string };

export const DEEP_LINK_NOTICE_TITLE = 'This link could not be opened';

const refuse = (reason: string): DeepLink => ({ ok: false, reason });
const SHAPE = `Nexvio Contacts opens links of the form ${PREFIX}contact/ID.`;

export function parseDeepLink(raw: unknown): DeepLink {
  if (typeof raw !== 'string' || raw.trim() === '') return refuse('The link is empty.');
  if (raw.length > MAX_DEEP_LINK_LENGTH) return refuse(`The link is too long to be a contact link. ${SHAPE}`);
  // Control characters, spaces and anything outside printable ASCII: never part of a real link.
  if (/[^\x21-\x7e]/.test(raw)) return refuse('The link contains characters that are not allowed in a contact link.');
  if (!raw.toLowerCase().startsWith(PREFIX)) return refuse(`This is not a Nexvio Contacts link. ${SHAPE}`);

  const rest = raw.slice(PREFIX.length);
  if (/[?#]/.test(rest)) return refuse(`The link has extra parts (after ? or #) that Nexvio Contacts does not accept. ${SHAPE}`);
  if (rest.includes('%')) return refuse('The link contains encoded characters; a contact link never needs them.');
  if (rest.includes('\\')) return refuse(`The link contains a backslash. ${SHAPE}`);

  // Browsers on Windows may append one slash to a custom-scheme link; accept just that one.
  const segments = rest.replace(/\/$/, '').split('/');
  const [host, id, ...extra] = segments;
  if (host?.toLowerCase() !== 'contact') return refuse(`Nexvio Contacts can only open contact links. ${SHAPE}`);
  if (id === undefined || id === '') return refuse('The link does not say which contact to open.');
  if (extra.length > 0) return refuse(`The link has more parts than a contact link. ${SHAPE}`);
  if (!CONTACT_ID_IN_LINK.test(id)) return refuse('The contact id in the link is not valid (letters, digits, - and _ only, at most 64).');
  return { ok: true, id };
}

/**
 * The link among a process's arguments: Windows and Linux pass it as an argument to the
 * first start and to the second instance. Only an argument that claims the scheme counts
 * (it may still be refused by parseDeepLink); flags and paths are not links.
 */
export function findDeepLinkInArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

/**
 * The arguments for app.setAsDefaultProtocolClient. A packaged app registers itself; in
 * development the OS must start Electron with the app's folder, so the executable and that
 * folder (made absolute: the OS starts it from anywhere) are named.
 */
export function protocolClientRegistration(input: { isPackaged: boolean; defaultApp: boolean; execPath: string; argv: readonly string[]; cwd: string }):
  | { scheme: string }
  | { scheme: string; path: string; args: string[] } {
  if (input.isPackaged || !input.defaultApp) return { scheme: DEEP_LINK_SCHEME };
  const appArg = input.argv[1];
  const args = appArg && !appArg.startsWith('-') ? [isAbsolute(appArg) ? appArg : resolve(input.cwd, appArg)] : [];
  return { scheme: DEEP_LINK_SCHEME, path: input.execPath, args };
}

/**
 * Holds links that arrive before the window can take them (macOS sends open-url before
 * `ready`; a first start carries the link in argv). Only the newest one is kept: a person
 * who clicked two links before the app was up wants the last.
 */
export class DeepLinkQueue {
  private pending: DeepLink | null = null;
  private deliver: ((link: DeepLink) => void) | null = null;

  push(link: DeepLink): void {
    if (this.deliver) this.deliver(link);
    else this.pending = link;
  }

  /** From now on links go straight to `deliver`; a held one goes first. */
  open(deliver: (link: DeepLink) => void): void {
    this.deliver = deliver;
    const held = this.pending;
    this.pending = null;
    if (held) deliver(held);
  }
}
