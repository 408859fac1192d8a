import { Button } from '@mantine/core';
import { IconFolderOpen } from '@tabler/icons-react';
import { useState } from 'react';
import type { RevealTarget } from '../../../../preload/contract';
import { revealFolder } from '../backups/reveal';

/** Shows a folder of the app in the file manager (where the host cannot, a notice says where it is). */
export function RevealButton({ what, label, title }: { what: RevealTarget; label: string; title: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      leftSection={<IconFolderOpen size={16} />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        await revealFolder(what, title);
        setBusy(false);
      }}
    >
      {label}
    </Button>
  );
}
