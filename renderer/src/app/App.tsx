import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { themeSchemeManager } from '../state/theme';
import { SessionGate } from '../features/backups/SessionGate';
import { SyncStatusContext, useSyncStatusResource } from '../features/sync/useSyncStatus';
import { AppFrame } from './AppFrame';
import { ErrorBoundary } from './ErrorBoundary';
import { theme } from './theme';
import { useWorkspaceInfoResource, WorkspaceContext } from './useWorkspace';

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={themeSchemeManager} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={3} />
      <ErrorBoundary>
        {/* The recovery screen instead of the app when the workspace could not be opened. */}
        <SessionGate>
          <WorkspaceProvider>
            <SyncStatusProvider>
              <AppFrame />
            </SyncStatusProvider>
          </WorkspaceProvider>
        </SessionGate>
      </ErrorBoundary>
    </MantineProvider>
  );
}

function WorkspaceProvider({ children }: { children: React.ReactNode }) {
  const workspace = useWorkspaceInfoResource();
  return <WorkspaceContext.Provider value={workspace}>{children}</WorkspaceContext.Provider>;
}

function SyncStatusProvider({ children }: { children: React.ReactNode }) {
  const status = useSyncStatusResource();
  return <SyncStatusContext.Provider value={status}>{children}</SyncStatusContext.Provider>;
}
