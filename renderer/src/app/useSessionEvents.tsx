import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import type { AppEvent, UpdateStatus } from '../../../preload/contract';
import { api, ApiError } from '../api/client';
import { useAppEvent } from '../api/useAppEvent';
import { useUi } from '../state/ui';

const UPDATE_READY_NOTICE = 'update-ready';

/**
 * What the host asks of the window, wherever the person is: a deep link opens a contact, a
 * menu item a view, a notice is shown, a downloaded update offers a restart. Subscribed once,
 * above the app frame. (A restore reloads the window where it is started: the Backups panel's
 * onRestored, and the session gate when the workspace opens after the recovery screen; the
 * `app.state` that follows every restore or move is not a reason to reload by itself — a
 * refused move sends one too.)
 */
export function useSessionEvents(): void {
  const offeredVersion = useRef<string | null>(null);
  const offerOnce = (status: UpdateStatus) => {
    if (status.state !== 'ready' || offeredVersion.current === status.availableVersion) return;
    offeredVersion.current = status.availableVersion;
    offerRestart(status);
  };
  // Once at start: an update may have finished downloading before this window listened (a reload, a late start).
  useEffect(() => {
    api
      .call('updates.status', {})
      .then(offerOnce)
      .catch(() => undefined);
  }, []);
  useAppEvent((event: AppEvent) => {
    switch (event.type) {
      case 'app.openContact':
        void openLinkedContact(event.id);
        break;
      case 'app.navigate':
        if (event.view === 'settings') useUi.getState().openSettings();
        else if (event.view === 'sync') useUi.getState().openSync();
        else useUi.getState().setView('contacts');
        break;
      case 'app.notice':
        notifications.show({
          color: event.level === 'error' ? 'red' : 'blue',
          title: event.title,
          message: event.message,
          // An error stays until it was read and closed.
          autoClose: event.level === 'error' ? false : 8000,
        });
        break;
      case 'updates.status':
        offerOnce(event.status);
        break;
      default:
        break;
    }
  });
}

/** A deep link's contact: opened when it is in this workspace, else said so. */
async function openLinkedContact(id: string): Promise<void> {
  try {
    await api.call('contacts.get', { id });
    useUi.getState().openContact(id);
  } catch (error) {
    const missing = error instanceof ApiError && (error.code === 'not_found' || error.code === 'bad_request');
    notifications.show({
      color: missing ? 'orange' : 'red',
      title: missing ? 'That contact is not in this workspace' : 'The contact could not be opened',
      message: missing ? 'The link may be from another workspace, or the contact was deleted or merged.' : error instanceof Error ? error.message : String(error),
    });
  }
}

function offerRestart(status: UpdateStatus): void {
  const restart = async () => {
    notifications.hide(UPDATE_READY_NOTICE);
    try {
      const { restarting } = await api.call('updates.restart', {});
      if (!restarting) notifications.show({ color: 'orange', title: 'No update is ready to install', message: 'Check for updates again in Settings.' });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not restart to update', message: error instanceof Error ? error.message : String(error) });
    }
  };
  notifications.show({
    id: UPDATE_READY_NOTICE,
    color: 'nexvio',
    autoClose: false,
    title: `Nexvio Contacts ${status.availableVersion ?? ''} is ready`,
    message: (
      <>
        <Text size="sm">Restart to install it. Changes not yet synced are kept.</Text>
        <Group gap="xs" mt={8}>
          <Button size="compact-sm" onClick={() => void restart()}>
            Restart now
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => notifications.hide(UPDATE_READY_NOTICE)}>
            Later
          </Button>
        </Group>
      </>
    ),
  });
}
