/**
 * The renderer's UI state (zustand): the current view, the search box, the selected contact,
 * the detail tab (the list's columns, sort and filters: listView.ts). Data from the core is not kept here: it is
 * fetched by the hooks next to the views that show it.
 */
import { create } from 'zustand';
import { parseLocation, type PrivacyTab, type SettingsSection, type SyncTab, type View } from './location';

export { PRIVACY_TABS, SETTINGS_SECTIONS, SYNC_TABS, VIEWS, type PrivacyTab, type SettingsSection, type SyncTab, type View } from './location';

export type DetailTab = 'details' | 'timeline' | 'notes';


interface UiState {
  view: View;
  /** What is typed in the header's search box; the list debounces it. */
  search: string;
  selectedId: string | null;
  detailTab: DetailTab;
  shortcutsOpen: boolean;
  /** Bumped when something the renderer did should refresh a contact's timeline and notes. */
  timelineRevision: number;
  /** The list shown on the Sync page. */
  syncTab: SyncTab;
  /** The tab shown on the Privacy page. */
  privacyTab: PrivacyTab;
  /** The section shown on the Settings page. */
  settingsSection: SettingsSection;
  /** The "Connect to workspace" dialog, opened from several places (prefilled to reconnect). */
  connectDialog: { opened: boolean; serviceUrl: string | null };

  setView(view: View): void;
  setSearch(search: string): void;
  select(id: string | null): void;
  setDetailTab(tab: DetailTab): void;
  setShortcutsOpen(open: boolean): void;
  bumpTimeline(): void;
  /** Shows a contact's details in the contacts view (from a link elsewhere). */
  openContact(id: string): void;
  openSync(tab?: SyncTab): void;
  openPrivacy(tab: PrivacyTab): void;
  openSettings(section?: SettingsSection): void;
  openConnect(serviceUrl?: string | null): void;
  closeConnect(): void;
}

const initial = typeof window !== 'undefined' ? parseLocation(window.location.hash) : null;

export const useUi = create<UiState>()((set) => ({
  view: initial?.view ?? 'contacts',
  search: '',
  selectedId: initial?.selectedId ?? null,
  detailTab: 'details',
  shortcutsOpen: false,
  timelineRevision: 0,
  syncTab: initial?.syncTab ?? 'conflicts',
  privacyTab: initial?.privacyTab ?? 'overview',
  settingsSection: initial?.settingsSection ?? 'general',
  connectDialog: { opened: false, serviceUrl: null },

  setView: (view) => set({ view }),
  setSearch: (search) => set({ search, view: 'contacts' }),
  select: (selectedId) => set({ selectedId }),
  setDetailTab: (detailTab) => set({ detailTab }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  bumpTimeline: () => set(({ timelineRevision }) => ({ timelineRevision: timelineRevision + 1 })),
  openContact: (selectedId) => set({ view: 'contacts', selectedId, detailTab: 'details' }),
  openSync: (tab) => set(({ syncTab }) => ({ view: 'sync', syncTab: tab ?? syncTab })),
  openPrivacy: (privacyTab) => set({ view: 'privacy', privacyTab }),
  openSettings: (section) => set(({ settingsSection }) => ({ view: 'settings', settingsSection: section ?? settingsSection })),
  openConnect: (serviceUrl = null) => set({ connectDialog: { opened: true, serviceUrl } }),
  closeConnect: () => set(({ connectDialog }) => ({ connectDialog: { ...connectDialog, opened: false } })),
}));
