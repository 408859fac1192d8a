/**
 * The language of dates and numbers chosen in Settings: lib/format.ts follows it at once,
 * cached formatters and remembered results included, and "System default" goes back.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const AT = '2026-03-04T15:30:00Z';

describe('format follows the chosen locale', () => {
  beforeEach(() => {
    vi.resetModules();
    vi.stubGlobal('navigator', { language: 'en-US' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('writes numbers, dates, days and sizes in the new locale after a change, also values formatted before', async () => {
    const format = await import('../renderer/src/lib/format');
    expect(format.formatNumber(1234567.5)).toBe('1,234,567.5');
    // Formatted once in en-US: remembered (memo) and cached (formatter) — both must be dropped.
    expect(format.formatDate(AT)).toBe('Mar 4, 2026');
    expect(format.countryName('DE')).toBe('Germany');

    format.setFormatLocale('de-DE');
    expect(format.userLocale()).toBe('de-DE');
    expect(format.formatNumber(1234567.5)).toBe('1.234.567,5');
    expect(format.formatDate(AT)).toBe('04.03.2026');
    expect(format.countryName('DE')).toBe('Deutschland');
    expect(format.formatBytes(1.5 * 1024 * 1024)).toBe('1,5 MB');
    expect(format.formatPercent(42)).toBe('42\u00a0%');
    expect(format.dateFormatter('test-month', { month: 'long', timeZone: 'UTC' }).format(new Date(AT))).toBe('März');

    format.setFormatLocale('fr-FR');
    expect(format.formatDate(AT)).toBe('4 mars 2026');
    expect(format.dateFormatter('test-month', { month: 'long', timeZone: 'UTC' }).format(new Date(AT))).toBe('mars');

    // System default: the system's locale again.
    format.setFormatLocale(null);
    expect(format.userLocale()).toBe('en-US');
    expect(format.formatDate(AT)).toBe('Mar 4, 2026');
    expect(format.formatBytes(2048)).toBe('2 kB');
    expect(format.formatPercent(42.4)).toBe('42%');
  });

  it('falls back to the system locale for a tag that is not a locale', async () => {
    const format = await import('../renderer/src/lib/format');
    format.setFormatLocale('not a locale!');
    expect(format.userLocale()).toBe('en-US');
    expect(format.formatNumber(1000.5)).toBe('1,000.5');
  });

  it('the display store applies a stored choice at start and every change, and keeps it', async () => {
    const stored = new Map<string, string>([['nexvio.display', JSON.stringify({ state: { locale: 'ja-JP' }, version: 1 })]]);
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
    });
    const { useDisplay, localeOwnName } = await import('../renderer/src/state/display');
    const format = await import('../renderer/src/lib/format');
    expect(useDisplay.getState().locale).toBe('ja-JP');
    expect(format.userLocale()).toBe('ja-JP');
    expect(format.formatDate(AT)).toBe('2026/03/04');

    useDisplay.getState().setLocale('en-GB');
    expect(format.formatDate(AT)).toBe('4 Mar 2026');
    expect(JSON.parse(stored.get('nexvio.display') ?? '{}').state).toEqual({ locale: 'en-GB' });

    useDisplay.getState().setLocale(null);
    expect(format.userLocale()).toBe('en-US');
    expect(localeOwnName('de-DE')).toBe('Deutsch (Deutschland)');
    expect(localeOwnName('fr-FR')).toBe('Français (France)');
  });
});
