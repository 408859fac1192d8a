import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './SettingsView.module.css';

/** One setting: what it is and what it does on the left, its control on the right. */
export function SettingRow({ id, label, description, children }: { id: string; label: ReactNode; description?: ReactNode; children: ReactNode }) {
  return (
    <div className={classes.row}>
      <div className={classes.rowText}>
        <Text size="sm" fw={600} id={id}>
          {label}
        </Text>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {children}
    </div>
  );
}
