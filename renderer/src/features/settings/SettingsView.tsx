import { NavLink } from '@mantine/core';
import { IconAdjustments, IconArrowsExchange, IconBell, IconCloudDownload, IconDatabase, IconFileText, IconForms, IconHistory, IconTag, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Page } from '../../components/Page';
import { useUi, type SettingsSection } from '../../state/ui';
import { BackupsSettings } from './BackupsSettings';
import { DataFolderSettings } from './DataFolderSettings';
import { FieldsSettings } from './FieldsSettings';
import { GeneralSettings } from './GeneralSettings';
import { LogsSettings } from './LogsSettings';
import { NotificationSettings } from './NotificationSettings';
import { SyncSettings } from './SyncSettings';
import { TagsSettings } from './TagsSettings';
import { UpdatesSettings } from './UpdatesSettings';
import classes from './SettingsView.module.css';

interface SectionEntry {
  section: SettingsSection;
  label: string;
  icon: Icon;
  render(): ReactNode;
}

/** The sections in the order of the list, under headings: this app on this device, the workspace, its data. */
const GROUPS: { title: string; sections: SectionEntry[] }[] = [
  {
    title: 'App',
    sections: [
      { section: 'general', label: 'General', icon: IconAdjustments, render: () => <GeneralSettings /> },
      { section: 'notifications', label: 'Notifications', icon: IconBell, render: () => <NotificationSettings /> },
      { section: 'updates', label: 'Updates', icon: IconCloudDownload, render: () => <UpdatesSettings /> },
    ],
  },
  {
    title: 'Workspace',
    sections: [
      { section: 'sync', label: 'Sync', icon: IconArrowsExchange, render: () => <SyncSettings /> },
      { section: 'fields', label: 'Custom fields', icon: IconForms, render: () => <FieldsSettings /> },
      { section: 'tags', label: 'Tags', icon: IconTag, render: () => <TagsSettings /> },
    ],
  },
  {
    title: 'Data',
    sections: [
      { section: 'backups', label: 'Backups', icon: IconHistory, render: () => <BackupsSettings /> },
      { section: 'data-folder', label: 'Data folder', icon: IconDatabase, render: () => <DataFolderSettings /> },
      { section: 'logs', label: 'Logs', icon: IconFileText, render: () => <LogsSettings /> },
    ],
  },
];
const ENTRIES = GROUPS.flatMap((group) => group.sections);

/** Settings: one section at a time, chosen on the left and linkable as #/settings/<section>. */
export function SettingsView() {
  const current = useUi((s) => s.settingsSection);
  const openSettings = useUi((s) => s.openSettings);
  const entry = ENTRIES.find((e) => e.section === current) ?? ENTRIES[0];
  return (
    <Page title="Settings" description="How this app looks and behaves on this device, how it syncs, and where your data is kept." maxWidth={1120}>
      <div className={classes.layout}>
        <nav aria-label="Settings sections">
          <ul className={classes.sections}>
            {GROUPS.map((group) => (
              <li key={group.title}>
                <div className={classes.group} aria-hidden>
                  {group.title}
                </div>
                <ul className={classes.sections}>
                  {group.sections.map((item) => {
                    const active = item.section === entry?.section;
                    return (
                      <li key={item.section}>
                        <NavLink
                          component="button"
                          className={classes.link}
                          active={active}
                          aria-current={active ? 'page' : undefined}
                          label={item.label}
                          leftSection={<item.icon size={17} stroke={1.7} />}
                          onClick={() => openSettings(item.section)}
                        />
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        </nav>
        <div key={entry?.section} style={{ display: 'flex', flexDirection: 'column', gap: 'var(--mantine-spacing-lg)', minWidth: 0 }}>
          {entry?.render()}
        </div>
      </div>
    </Page>
  );
}
