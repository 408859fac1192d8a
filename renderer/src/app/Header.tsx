import { Group, Text } from '@mantine/core';
import { LogoMark } from '../components/LogoMark';
import { SyncStatusButton } from '../features/sync/SyncStatusButton';
import classes from './Header.module.css';
import { SearchBox } from './SearchBox';
import { ThemeToggle } from './ThemeToggle';
import { openCommandPalette } from './CommandPalette';
import { ActionIcon, Tooltip } from '@mantine/core';
import { IconCommand } from '@tabler/icons-react';


export function Header({ compact }: { compact: boolean }) {
  return (
    <Group h="100%" px="md" gap="md" wrap="nowrap" className={classes.header}>
      <Group gap={10} wrap="nowrap" className={classes.brand} data-compact={compact || undefined}>
        <LogoMark />
        <Text fw={700} size="md" className={classes.product}>
          Nexvio <span className={classes.productLight}>Contacts</span>
        </Text>
      </Group>
      <div className={classes.search}>
        <SearchBox />
      </div>
      <Group gap="xs" wrap="nowrap" className={classes.right}>
        <SyncStatusButton />
        <Tooltip label="Commands (Ctrl P)">
          <ActionIcon size="lg" aria-label="Open the command palette" onClick={openCommandPalette}>
            <IconCommand size={18} stroke={1.7} />
          </ActionIcon>
        </Tooltip>
        <ThemeToggle />
      </Group>
    </Group>
  );
}
