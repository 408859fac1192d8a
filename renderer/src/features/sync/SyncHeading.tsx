import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import type { SyncStatus } from '../../../../preload/contract';
import { clip } from '../../lib/text';
import { useNow } from '../../lib/useNow';
import { describeSync, progressCount, retryPhrase } from './describe';
import classes from './Sync.module.css';
import { SyncProgressBar } from './SyncProgressBar';

/** The state as a heading: icon, "Up to date", what it means; the progress while syncing. */
export function SyncHeading({ status, size = 'md' }: { status: SyncStatus; size?: 'md' | 'lg' }) {
  const now = useNow(1000);
  const presentation = describeSync(status, now);
  const { state, icon: Icon } = presentation;
  const retry = retryPhrase(status, now);
  const count = progressCount(status.progress);
  return (
    <Group wrap="nowrap" align="flex-start" gap="md">
      <ThemeIcon size={size === 'lg' ? 46 : 38} radius="xl" variant="light" color={presentation.color}>
        <Icon size={size === 'lg' ? 24 : 20} stroke={1.8} className={state === 'syncing' ? classes.spin : undefined} />
      </ThemeIcon>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Text component="h2" m={0} fw={650} size={size === 'lg' ? 'lg' : 'md'} style={{ letterSpacing: '-0.01em' }}>
          {presentation.headline}
        </Text>
        {/* An error may quote the service: text only, wrapped, bounded. */}
        <Text size="sm" c="dimmed" className="untrusted">
          {clip(presentation.sentence, 600)}
        </Text>
        {retry && (state === 'error' || state === 'offline') && (
          <Text size="xs" c="dimmed">
            {retry.charAt(0).toUpperCase() + retry.slice(1)}
          </Text>
        )}
        {state === 'syncing' && status.progress && (
          <Stack gap={4} mt={6}>
            <SyncProgressBar progress={status.progress} size="sm" />
            {count && (
              <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {count} records
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Group>
  );
}
