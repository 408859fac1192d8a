import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useUi } from '../../state/ui';
import { FieldsSettings } from './FieldsSettings';
import classes from './SettingsView.module.css';

/** Settings of this workspace (custom fields); the sync settings live on the Sync page. */
export function SettingsView() {
  const openSync = useUi((s) => s.openSync);
  return (
    <div className={classes.page}>
      <Stack gap="lg" className={classes.inner}>
        <div>
          <Title order={1} size="h3" fw={650} style={{ letterSpacing: '-0.015em' }}>
            Settings
          </Title>
          <Text size="sm" c="dimmed">
            How contacts are described in this workspace. The connection and the sync interval are on the{' '}
            <Anchor component="button" size="sm" onClick={() => openSync()}>
              Sync page
            </Anchor>
            .
          </Text>
        </div>
        <FieldsSettings />
      </Stack>
    </div>
  );
}
