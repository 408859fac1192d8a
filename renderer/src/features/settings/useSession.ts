import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { AppEvent, AppState, Preferences, PreferencesPatch, UpdateStatus } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { useResource, type Resource } from '../../api/useResource';

/** A value the host's session answers, replaced by every event that carries a newer one. */
function useSessionValue<T>(key: string, load: () => Promise<T>, carried: (event: AppEvent) => T | undefined): Resource<T> {
  const resource = useResource(key, load);
  const { set } = resource;
  useAppEvent((event) => {
    const value = carried(event);
    if (value !== undefined) set(value);
  });
  return resource;
}

/** Open or recovery, the host, the version and where the workspace, backups and logs are; follows `app.state` events. */
export function useAppStateResource(): Resource<AppState> {
  return useSessionValue('app-state', () => api.call('app.state', {}), (event) => (event.type === 'app.state' ? event.state : undefined));
}

/** The updater's state; follows `updates.status` events (checking, download progress, ready). */
export function useUpdateStatus(): Resource<UpdateStatus> {
  return useSessionValue('update-status', () => api.call('updates.status', {}), (event) => (event.type === 'updates.status' ? event.status : undefined));
}

/** The app's preferences (kept by the host beside the workspace) and a change that shows at once or says why it failed. */
export function usePreferences(): Resource<Preferences> & { update(patch: PreferencesPatch): Promise<void> } {
  const preferences = useResource('preferences', () => api.call('preferences.get', {}));
  const { set } = preferences;
  const update = useCallback(
    async (patch: PreferencesPatch) => {
      try {
        set(await api.call('preferences.update', patch));
      } catch (error) {
        notifications.show({ color: 'red', title: 'The setting could not be saved', message: errorText(error) });
      }
    },
    [set],
  );
  return { ...preferences, update };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
