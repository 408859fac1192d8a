import { Switch } from '@mantine/core';
import type { Preferences } from '../../../../preload/contract';
import { api } from '../../api/client';
import { SectionCard } from '../../components/SectionCard';
import { WhenLoaded } from './SessionError';
import { SettingRow } from './SettingRow';
import { usePreferences } from './useSession';

const KINDS: { key: keyof Preferences['notifications']; label: string; description: string }[] = [
  { key: 'syncFailures', label: 'Sync failures', description: 'When a sync fails: once when it starts failing, not for every retry.' },
  { key: 'conflicts', label: 'Conflicts', description: 'When changes made here and by the chatbot or another agent clash and wait for your decision.' },
];

/** The desktop app's native notifications: each kind on or off (kept beside the workspace, preferences.json). */
export function NotificationSettings() {
  const preferences = usePreferences();
  const browser = api.host === 'browser';
  return (
    <SectionCard
      id="settings-notifications"
      title="Notifications"
      description={
        browser
          ? 'Native notifications are shown by the desktop app, also while its window is in the background. In the browser these switches are kept for it; the app’s own notices still appear here.'
          : 'Shown by your operating system, also while the window is in the background or minimised. Clicking one opens the page that explains it.'
      }
    >
      <WhenLoaded resource={preferences} what="The notification settings" height={96}>
        {({ notifications: values }) => (
          <div>
            {KINDS.map(({ key, label, description }) => (
              <SettingRow key={key} id={`settings-notify-${key}`} label={label} description={description}>
                <Switch
                  aria-labelledby={`settings-notify-${key}`}
                  checked={values[key]}
                  onChange={(event) => void preferences.update({ notifications: { [key]: event.currentTarget.checked } })}
                />
              </SettingRow>
            ))}
          </div>
        )}
      </WhenLoaded>
    </SectionCard>
  );
}
