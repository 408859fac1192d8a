import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFolderOpen } from '@tabler/icons-react';
import { useState } from 'react';
import type { RevealTarget } from '../../../../preload/contract';
import { api } from '../../api/client';
import { errorText } from './useSession';

/** Shows a folder of the app in the file manager (the desktop app only: the browser host cannot). */
export function RevealButton({ what, label }: { what: RevealTarget; label: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      leftSection={<IconFolderOpen size={16} />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const { opened, path } = await api.call('app.reveal', { what });
          if (!opened) notifications.show({ color: 'orange', title: 'The folder could not be opened', message: `Open it yourself: ${path}` });
        } catch (error) {
          notifications.show({ color: 'red', title: 'The folder could not be opened', message: errorText(error) });
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </Button>
  );
}
