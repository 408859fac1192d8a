import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../main/app-origin.js';
import { externalUrlToOpen, isAllowedNavigation, isAllowedRequest, isPermissionGranted } from '../../main/url-policy.js';

describe('isAppUrl', () => {
  it.each([APP_ENTRY_URL, 'app://nexvio/', 'app://nexvio', 'app://nexvio/assets/index-abc.js?x=1#y'])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'app://nexvio.evil/',
    'app://evil/',
    'app://nexvio@evil/',
    'app://user:pw@nexvio/',
    'app://nexvio:8080/',
    'https://nexvio/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('navigation', () => {
  it('stays on the app origin', () => {
    expect(isAllowedNavigation('app://nexvio/contacts/42')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///tmp/x.html')).toBe(false);
    expect(isAllowedNavigation('about:blank')).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  it('passes plain http and https links, normalised', () => {
    expect(externalUrlToOpen('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalUrlToOpen('http://example.com')).toBe('http://example.com/');
  });

  it.each([
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'mailto:a@example.com',
    'app://nexvio/',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pass@example.com/',
    'https://user@example.com/',
    'https://',
    'not a url',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(externalUrlToOpen(url)).toBeNull();
  });
});

describe('isAllowedRequest (no remote content)', () => {
  it('lets the app, DevTools and inline data through', () => {
    expect(isAllowedRequest('app://nexvio/assets/x.js')).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequest('blob:app://nexvio/1234-5678')).toBe(true);
  });

  it.each(['https://example.com/x.js', 'http://127.0.0.1:5173/', 'ws://localhost/', 'file:///etc/passwd', 'blob:https://evil/1', 'app://evil/x'])(
    'blocks %s',
    (url) => {
      expect(isAllowedRequest(url)).toBe(false);
    },
  );
});

describe('isPermissionGranted', () => {
  it('denies by default', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'unknown']) {
      expect(isPermissionGranted(permission, 'app://nexvio/')).toBe(false);
    }
  });

  it('grants clipboard writes to the app page only', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://nexvio')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://example.com')).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', undefined)).toBe(false);
  });
});
