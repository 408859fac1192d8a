import { useEffect } from 'react';
import { formatLocation, parseLocation } from '../state/location';
import { useUi } from '../state/ui';

/** Keeps "#/contacts/ID" in step with the open view, contact, Sync list, Privacy tab and Settings section (state/location.ts). */
export function useLocationSync(): void {
  useEffect(() => {
    const apply = () => {
      const parsed = parseLocation(window.location.hash);
      if (parsed) useUi.setState(parsed);
    };
    apply();
    const unsubscribe = useUi.subscribe((state, previous) => {
      if (state.view === previous.view && state.selectedId === previous.selectedId && state.syncTab === previous.syncTab && state.privacyTab === previous.privacyTab && state.settingsSection === previous.settingsSection) return;
      const next = formatLocation(state);
      if (next !== window.location.hash) window.history.replaceState(null, '', next);
    });
    window.addEventListener('hashchange', apply);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', apply);
    };
  }, []);
}
