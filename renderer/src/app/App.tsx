import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useDisplay } from '../state/display';
import { themeSchemeManager } from '../state/theme';
import { SessionGate } from '../features/backups/SessionGate';
import { SyncStatusContext, useSyncStatusResource } from '../features/sync/useSyncStatus';
import { AppFrame } from './AppFrame';
import { ErrorBoundary } from './ErrorBoundary';
import { theme } from './theme';
import { useSessionEvents } from './useSessionEvents';
import { useWorkspaceInfoResource, WorkspaceContext } from './useWorkspace';

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={themeSchemeManager} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={3} />
      <ErrorBoundary>
        <SessionEvents />
        {/* The recovery screen instead of the app when the workspace could not be opened. */}
        <SessionGate>
          <WorkspaceProvider>
            <SyncStatusProvider>
              <LocaleFrame />
            </SyncStatusProvider>
          </WorkspaceProvider>
        </SessionGate>
      </ErrorBoundary>
    </MantineProvider>
  );
}

/** The host's events (a deep link, a menu item, a notice, an update), handled once, also on the recovery screen. */
function SessionEvents() {
  useSessionEvents();
  return null;
}

/** The app frame, drawn afresh when the language of dates and numbers changes: everything on screen is formatted again. */
function LocaleFrame() {
  const locale = useDisplay((s) => s.locale);
  return <AppFrame key={locale ?? 'system'} />;
}

function WorkspaceProvider({ children }: { children: React.ReactNode }) {
  const workspace = useWorkspaceInfoResource();
  return <WorkspaceContext.Provider value={workspace}>{children}</WorkspaceContext.Provider>;
}

function SyncStatusProvider({ children }: { children: React.ReactNode }) {
  const status = useSyncStatusResource();
  return <SyncStatusContext.Provider value={status}>{children}</SyncStatusContext.Provider>;
}
