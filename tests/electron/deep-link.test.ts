import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeepLinkQueue, findDeepLinkInArgv, parseDeepLink, protocolClientRegistration, type DeepLink } from '../../main/deep-link.js';

const UUID = '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c';

describe('parseDeepLink', () => {
  it('opens a contact link with a UUID', () => {
    expect(parseDeepLink(`nexvio-contacts://contact/${UUID}`)).toEqual({ ok: true, id: UUID });
  });

  it('accepts the one trailing slash Windows browsers add, and a host in capitals', () => {
    expect(parseDeepLink(`nexvio-contacts://contact/${UUID}/`)).toEqual({ ok: true, id: UUID });
    expect(parseDeepLink(`NEXVIO-CONTACTS://Contact/${UUID}`)).toEqual({ ok: true, id: UUID });
  });

  it('accepts any opaque id of letters, digits, - and _ up to 64 characters', () => {
    expect(parseDeepLink('nexvio-contacts://contact/c_42')).toEqual({ ok: true, id: 'c_42' });
    expect(parseDeepLink(`nexvio-contacts://contact/${'a'.repeat(64)}`)).toEqual({ ok: true, id: 'a'.repeat(64) });
  });

  const hostile: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    [`javascript:alert(1)//contact/${UUID}`, /not a Nexvio Contacts link/],
    ['file:///etc/passwd', /not a Nexvio Contacts link/],
    [`https://contact/${UUID}`, /not a Nexvio Contacts link/],
    [`nexvio-contactsx://contact/${UUID}`, /not a Nexvio Contacts link/],
    [`nexvio-contacts:contact/${UUID}`, /not a Nexvio Contacts link/],
    [`nexvio-contacts://settings/${UUID}`, /only open contact links/],
    [`nexvio-contacts://contact@evil.example/${UUID}`, /only open contact links/],
    [`nexvio-contacts://contact:80/${UUID}`, /only open contact links/],
    ['nexvio-contacts://contact', /does not say which contact/],
    ['nexvio-contacts://contact/', /does not say which contact/],
    ['nexvio-contacts://contact//', /does not say which contact/],
    [`nexvio-contacts://contact/${UUID}/notes`, /more parts/],
    ['nexvio-contacts://contact/../../etc/passwd', /more parts/],
    ['nexvio-contacts://contact/..', /not valid/],
    ['nexvio-contacts://contact/%2e%2e%2fsecret', /encoded/],
    [`nexvio-contacts://contact/a%2Fb`, /encoded/],
    [`nexvio-contacts://contact/${UUID}?id=other`, /extra parts/],
    [`nexvio-contacts://contact/${UUID}#x`, /extra parts/],
    ['nexvio-contacts://contact/a\\..\\b', /backslash/],
    [`nexvio-contacts://contact/${UUID}\n--inspect`, /not allowed/],
    ['nexvio-contacts://contact/a\u0000b', /not allowed/],
    ['nexvio-contacts://contact/a b', /not allowed/],
    ['nexvio-contacts://contact/é', /not allowed/],
    ["nexvio-contacts://contact/x'OR'1'='1", /not valid/],
    ['nexvio-contacts://contact/<script>', /not valid/],
    ['nexvio-contacts://contact/-rf', /not valid/],
    [`nexvio-contacts://contact/${'a'.repeat(65)}`, /not valid/],
    [`nexvio-contacts://contact/${'a'.repeat(300)}`, /too long/],
  ];
  it.each(hostile)('refuses %j with a reason for people', (link, reason) => {
    const result = parseDeepLink(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['nexvio-contacts://contact/a']]) expect(parseDeepLink(value).ok).toBe(false);
  });

  it('never lets through an id outside the safe shape, whatever follows the prefix', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (tail) => {
        const result = parseDeepLink(`nexvio-contacts://contact/${tail}`);
        if (result.ok) expect(result.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
        else expect(result.reason.length).toBeGreaterThan(10);
      }),
    );
  });
});

describe('findDeepLinkInArgv', () => {
  it('finds the link among Electron flags and the app path (Windows/Linux second instance)', () => {
    const argv = ['/opt/Nexvio Contacts/nexvio-contacts', '--allow-file-access-from-files', `nexvio-contacts://contact/${UUID}`];
    expect(findDeepLinkInArgv(argv)).toBe(`nexvio-contacts://contact/${UUID}`);
  });

  it('passes on a hostile argument that claims the scheme, so it is refused with a reason', () => {
    const link = findDeepLinkInArgv(['app', 'NEXVIO-CONTACTS:../x']);
    expect(link).toBe('NEXVIO-CONTACTS:../x');
    expect(parseDeepLink(link).ok).toBe(false);
  });

  it('finds nothing in a normal start', () => {
    expect(findDeepLinkInArgv(['/usr/bin/electron', '.', '--no-sandbox'])).toBeNull();
  });
});

describe('protocolClientRegistration', () => {
  it('registers the packaged app as it is', () => {
    expect(protocolClientRegistration({ isPackaged: true, defaultApp: false, execPath: '/x', argv: ['/x'], cwd: '/' })).toEqual({ scheme: 'nexvio-contacts' });
  });

  it('in development names Electron and the app folder, made absolute', () => {
    expect(
      protocolClientRegistration({ isPackaged: false, defaultApp: true, execPath: '/repo/node_modules/electron/dist/electron', argv: ['electron', '.'], cwd: '/repo' }),
    ).toEqual({ scheme: 'nexvio-contacts', path: '/repo/node_modules/electron/dist/electron', args: ['/repo'] });
  });
});

describe('DeepLinkQueue', () => {
  it('holds the newest link until the window can take it, then passes links straight on', () => {
    const queue = new DeepLinkQueue();
    const delivered: DeepLink[] = [];
    queue.push(parseDeepLink('nexvio-contacts://contact/first'));
    queue.push(parseDeepLink('nexvio-contacts://contact/second'));
    queue.open((link) => delivered.push(link));
    queue.push(parseDeepLink('nexvio-contacts://contact/third'));
    expect(delivered).toEqual([
      { ok: true, id: 'second' },
      { ok: true, id: 'third' },
    ]);
  });
});
