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

export interface Location {
  view: View;
  selectedId: string | null;
  syncTab: SyncTab;
  privacyTab: PrivacyTab;
}

/**
 * "#/contacts/ID" ⇄ the open view and contact, so a reload (or a copied link) keeps them.
 * The Sync page opens on its conflicts at "#/conflicts"; its other lists are "#/sync/rejected"
 * and "#/sync/quarantined" ("#/sync" alone shows the conflicts). The Privacy page's tabs are
 * "#/privacy/<tab>" ("#/privacy" is its overview).
 */
export function parseLocation(hash: string): Location | null {
  const [first, second] = hash.replace(/^#\/?/, '').split('/');
  if (first === 'conflicts') return { view: 'sync', selectedId: null, syncTab: 'conflicts', privacyTab: 'overview' };
  if (!first || !VIEW_NAMES.includes(first)) return null;
  const view = first as View;
  const syncTab = view === 'sync' && second && SYNC_TAB_NAMES.includes(second) ? (second as SyncTab) : 'conflicts';
  const privacyTab = view === 'privacy' && second && PRIVACY_TAB_NAMES.includes(second) ? (second as PrivacyTab) : 'overview';
  return { view, selectedId: view === 'contacts' && second ? decodeId(second) : null, syncTab, privacyTab };
}

function decodeId(text: string): string | null {
  try {
    return decodeURIComponent(text).slice(0, 64) || null;
  } catch {
    return null;
  }
}

export function formatLocation({ view, selectedId, syncTab, privacyTab }: Location): string {
  if (view === 'contacts' && selectedId) return `#/contacts/${encodeURIComponent(selectedId)}`;
  if (view === 'privacy') return privacyTab === 'overview' ? '#/privacy' : `#/privacy/${privacyTab}`;
  if (view === 'sync') return syncTab === 'conflicts' ? '#/conflicts' : `#/sync/${syncTab}`;
  return `#/${view}`;
}
