import { SegmentedControl, Select, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';
import { useMemo, type ReactNode } from 'react';
import { SectionCard } from '../../components/SectionCard';
import { formatDate, formatDateTime, formatNumber, formatTime, systemLocale } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { localeOwnName, OFFERED_LOCALES, useDisplay } from '../../state/display';
import { SettingRow } from './SettingRow';
import classes from './SettingsView.module.css';

const SYSTEM = 'system';

/** The theme and the language dates and numbers are written in: both apply at once and stay on this device. */
export function GeneralSettings() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const locale = useDisplay((s) => s.locale);
  const setLocale = useDisplay((s) => s.setLocale);
  const languages = useMemo(() => {
    const system = systemLocale();
    return [
      { value: SYSTEM, label: `System default (${system})` },
      ...OFFERED_LOCALES.map((tag) => ({ value: tag, label: `${localeOwnName(tag)} · ${tag}` })),
    ];
  }, []);
  return (
    <>
      <SectionCard id="settings-appearance" title="Appearance" description="Applies at once, on this device only.">
        <SettingRow id="settings-theme" label="Theme" description="Match system follows your operating system’s light or dark mode.">
          <SegmentedControl
            aria-labelledby="settings-theme"
            value={colorScheme}
            onChange={(value) => setColorScheme(value as MantineColorScheme)}
            data={[
              { value: 'light', label: <SchemeLabel icon={<IconSun size={15} />} text="Light" /> },
              { value: 'dark', label: <SchemeLabel icon={<IconMoon size={15} />} text="Dark" /> },
              { value: 'auto', label: <SchemeLabel icon={<IconDeviceDesktop size={15} />} text="Match system" /> },
            ]}
          />
        </SettingRow>
      </SectionCard>
      <SectionCard id="settings-language" title="Language of dates and numbers" description="How dates, times and numbers are written everywhere in the app. The words of the app stay in English.">
        <SettingRow id="settings-locale" label="Format" description="System default follows your operating system’s language and region.">
          <Select
            aria-label="Language of dates and numbers"
            w={300}
            searchable
            allowDeselect={false}
            nothingFoundMessage="No language matches"
            value={locale ?? SYSTEM}
            data={languages}
            onChange={(value) => setLocale(value === null || value === SYSTEM ? null : value)}
            comboboxProps={{ withinPortal: true }}
          />
        </SettingRow>
        <FormatPreview />
      </SectionCard>
    </>
  );
}

function SchemeLabel({ icon, text }: { icon: ReactNode; text: string }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, padding: '0 4px' }}>
      {icon}
      {text}
    </span>
  );
}

/** Today's date, the time and a number as the app writes them now. */
function FormatPreview() {
  const now = useNow(30_000);
  const iso = new Date(now).toISOString();
  return (
    <dl className={classes.preview} aria-label="Preview" title={formatDateTime(iso)}>
      <div>
        <dt>Date</dt>
        <dd>{formatDate(iso)}</dd>
      </div>
      <div>
        <dt>Time</dt>
        <dd>{formatTime(iso)}</dd>
      </div>
      <div>
        <dt>Number</dt>
        <dd>{formatNumber(1234567.89)}</dd>
      </div>
    </dl>
  );
}
