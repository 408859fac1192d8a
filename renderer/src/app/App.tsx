import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useDisplay } from '../state/display';
import { themeSchemeManager } from '../state/theme';
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
        <WorkspaceProvider>
          <SyncStatusProvider>
            <LocaleFrame />
          </SyncStatusProvider>
        </WorkspaceProvider>
      </ErrorBoundary>
    </MantineProvider>
  );
}

/**
 * The app frame, drawn afresh when the language of dates and numbers changes (everything on
 * screen is formatted again); the host's events are handled here, once, above it.
 */
function LocaleFrame() {
  useSessionEvents();
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
