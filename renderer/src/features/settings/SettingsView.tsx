import { Anchor } from '@mantine/core';
import { Page } from '../../components/Page';
import { useUi } from '../../state/ui';
import { FieldsSettings } from './FieldsSettings';
import { TagsSettings } from './TagsSettings';

/** Settings of this workspace (custom fields, tags); the sync settings live on the Sync page. */
export function SettingsView() {
  const openSync = useUi((s) => s.openSync);
  return (
    <Page
      title="Settings"
      description={
        <>
          How contacts are described and tagged in this workspace. The connection and the sync interval are on the{' '}
          <Anchor component="button" size="sm" onClick={() => openSync()}>
            Sync page
          </Anchor>
          .
        </>
      }
    >
      <FieldsSettings />
      <TagsSettings />
    </Page>
  );
}
