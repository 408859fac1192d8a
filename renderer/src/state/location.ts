export const VIEWS = ['contacts', 'duplicates', 'follow-ups', 'sync', 'activity', 'segments', 'analytics', 'privacy', 'integrations', 'settings'] as const;
export type View = (typeof VIEWS)[number];
const VIEW_NAMES: readonly string[] = VIEWS;

/** The lists of the Sync page. */
export const SYNC_TABS = ['conflicts', 'rejected', 'quarantined'] as const;
export type SyncTab = (typeof SYNC_TABS)[number];
const SYNC_TAB_NAMES: readonly string[] = SYNC_TABS;

/** The tabs of the Privacy page. */
export const PRIVACY_TABS = ['overview', 'consent', 'requests', 'retention', 'audit'] as const;
export type PrivacyTab = (typeof PRIVACY_TABS)[number];
const PRIVACY_TAB_NAMES: readonly string[] = PRIVACY_TABS;

/** The sections of the Settings page. */
export const SETTINGS_SECTIONS = ['general', 'sync', 'notifications', 'updates', 'backups', 'data-folder', 'logs', 'fields', 'tags'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];
const SETTINGS_SECTION_NAMES: readonly string[] = SETTINGS_SECTIONS;

export interface Location {
  view: View;
  selectedId: string | null;
  syncTab: SyncTab;
  privacyTab: PrivacyTab;
  settingsSection: SettingsSection;
}

/**
 * "#/contacts/ID" ⇄ the open view and contact, so a reload (or a copied link) keeps them.
 * The Sync page opens on its conflicts at "#/conflicts"; its other lists are "#/sync/rejected"
 * and "#/sync/quarantined" ("#/sync" alone shows the conflicts). The Privacy page's tabs are
 * "#/privacy/<tab>" ("#/privacy" is its overview), the Settings page's sections
 * "#/settings/<section>" ("#/settings" is General).
 */
export function parseLocation(hash: string): Location | null {
  const [first, second] = hash.replace(/^#\/?/, '').split('/');
  if (first === 'conflicts') return { view: 'sync', selectedId: null, syncTab: 'conflicts', privacyTab: 'overview', settingsSection: 'general' };
  if (!first || !VIEW_NAMES.includes(first)) return null;
  const view = first as View;
  const syncTab = view === 'sync' && second && SYNC_TAB_NAMES.includes(second) ? (second as SyncTab) : 'conflicts';
  const privacyTab = view === 'privacy' && second && PRIVACY_TAB_NAMES.includes(second) ? (second as PrivacyTab) : 'overview';
  const settingsSection = view === 'settings' && second && SETTINGS_SECTION_NAMES.includes(second) ? (second as SettingsSection) : 'general';
  return { view, selectedId: view === 'contacts' && second ? decodeId(second) : null, syncTab, privacyTab, settingsSection };
}

function decodeId(text: string): string | null {
  try {
    return decodeURIComponent(text).slice(0, 64) || null;
  } catch {
    return null;
  }
}

export function formatLocation({ view, selectedId, syncTab, privacyTab, settingsSection }: Location): string {
  if (view === 'contacts' && selectedId) return `#/contacts/${encodeURIComponent(selectedId)}`;
  if (view === 'privacy') return privacyTab === 'overview' ? '#/privacy' : `#/privacy/${privacyTab}`;
  if (view === 'settings') return settingsSection === 'general' ? '#/settings' : `#/settings/${settingsSection}`;
  if (view === 'sync') return syncTab === 'conflicts' ? '#/conflicts' : `#/sync/${syncTab}`;
  return `#/${view}`;
}
