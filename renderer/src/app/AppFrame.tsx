import { AppShell } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { ActivityView } from '../features/activity/ActivityView';
import { AnalyticsView } from '../features/analytics/AnalyticsView';
import { ContactsView } from '../features/contacts/ContactsView';
import { ConnectDialog } from '../features/sync/ConnectDialog';
import { FollowUpsView } from '../features/follow-ups/FollowUpsView';
import { DuplicatesView } from '../features/duplicates/DuplicatesView';
import { SettingsView } from '../features/settings/SettingsView';
import { IntegrationsPage } from '../features/integrations/IntegrationsPage';
import { PrivacyPage } from '../features/privacy/PrivacyPage';
import { useWebhookPauseNotices } from '../features/integrations/webhookPauseNotice';
import { useDueFollowUpNotices } from '../features/follow-ups/useDueFollowUpNotices';
import { SyncView } from '../features/sync/SyncView';
import { useUi } from '../state/ui';
import { Header } from './Header';
import { Navigation } from './Navigation';
import { useSegmentsSync } from '../features/segments/useSegments';
import { useConsentPurposesSync } from '../features/privacy/useConsentPurposes';
import { SegmentsView } from '../features/segments/SegmentsView';
import { ShortcutsModal } from './ShortcutsModal';
import { CommandPalette } from './CommandPalette';
import { useGlobalShortcuts } from './useGlobalShortcuts';
import { useLocationSync } from './useLocationSync';

export function AppFrame() {
  const view = useUi((s) => s.view);
  useGlobalShortcuts();
  useLocationSync();
  useDueFollowUpNotices();
  useSegmentsSync();
  useConsentPurposesSync();
  useWebhookPauseNotices();
  // Narrow windows keep the room for the list and the contact: the navigation shows icons only.
  const compact = useMediaQuery('(max-width: 1180px)') ?? false;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: compact ? 64 : 220, breakpoint: 0 }} padding={0}>
      <AppShell.Header component="header">
        <Header compact={compact} />
      </AppShell.Header>
      <AppShell.Navbar component="nav" aria-label="Main">
        <Navigation compact={compact} />
      </AppShell.Navbar>
      <AppShell.Main style={{ height: '100dvh', display: 'flex', flexDirection: 'column', background: 'var(--app-canvas)' }}>
        {view === 'sync' ? (
          <SyncView />
        ) : view === 'duplicates' ? (
          <DuplicatesView />
        ) : view === 'follow-ups' ? (
          <FollowUpsView />
        ) : view === 'settings' ? (
          <SettingsView />
        ) : view === 'segments' ? (
          <SegmentsView />
        ) : view === 'activity' ? (
          <ActivityView />
        ) : view === 'privacy' ? (
          <PrivacyPage />
        ) : view === 'analytics' ? (
          <AnalyticsView />
        ) : view === 'integrations' ? (
          <IntegrationsPage />
        ) : (
          <ContactsView />
        )}
      </AppShell.Main>
      <ShortcutsModal />
      <CommandPalette />
      <ConnectDialog />
    </AppShell>
  );
}
