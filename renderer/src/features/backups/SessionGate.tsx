import { Center, Loader } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { RecoveryScreen } from './RecoveryScreen';
import { useAppState } from './useAppState';

/**
 * Shows the app when the workspace is open and the recovery screen when it is not. When a
 * restore opens the workspace, the window loads afresh so every view starts from the new data.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const load = useAppState();
  const phase = load.status === 'ready' ? load.state.phase : null;
  const wasRecovery = useRef(false);
  useEffect(() => {
    if (phase === 'recovery') wasRecovery.current = true;
    else if (phase === 'open' && wasRecovery.current) window.location.reload();
  }, [phase]);

  if (load.status === 'loading') {
    return (
      <Center h="100vh" aria-label="Opening the workspace">
        <Loader size="sm" />
      </Center>
    );
  }
  if (load.status === 'ready' && load.state.phase === 'recovery') {
    return <RecoveryScreen state={load.state} onRestored={(result) => result.state.phase === 'open' && window.location.reload()} />;
  }
  // `failed`: the host could not be asked; the app shows its own connection errors.
  return <>{children}</>;
}
