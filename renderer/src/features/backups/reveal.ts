import { notifications } from '@mantine/notifications';
import type { RevealTarget } from '../../../../preload/contract';
import { api } from '../../api/client';

/** Shows a folder in the file manager; where the host cannot (the browser host) a notice says where it is. */
export async function revealFolder(what: RevealTarget, title: string): Promise<void> {
  try {
    const shown = await api.call('app.reveal', { what });
    if (!shown.opened) notifications.show({ title, message: shown.path, autoClose: 10_000 });
  } catch (error) {
    notifications.show({ color: 'red', title: 'The folder could not be shown', message: (error as Error).message });
  }
}
