/** Settings sections are addresses: "#/settings/<section>" opens one, a reload or a copied link keeps it. */
import { describe, expect, it } from 'vitest';
import { formatLocation, parseLocation, SETTINGS_SECTIONS } from '../renderer/src/state/location';

describe('the Settings page’s sections in the address', () => {
  it('reads and writes every section, General as #/settings', () => {
    for (const section of SETTINGS_SECTIONS) {
      const hash = section === 'general' ? '#/settings' : `#/settings/${section}`;
      const parsed = parseLocation(hash);
      expect(parsed).toMatchObject({ view: 'settings', settingsSection: section });
      expect(formatLocation(parsed!)).toBe(hash);
    }
  });

  it('opens General for an unknown section, and other views keep their own parts', () => {
    expect(parseLocation('#/settings/nope')).toMatchObject({ view: 'settings', settingsSection: 'general' });
    expect(parseLocation('#/privacy/audit')).toMatchObject({ view: 'privacy', privacyTab: 'audit', settingsSection: 'general' });
    expect(formatLocation({ view: 'contacts', selectedId: 'c_1', syncTab: 'conflicts', privacyTab: 'overview', settingsSection: 'logs' })).toBe('#/contacts/c_1');
  });
});
