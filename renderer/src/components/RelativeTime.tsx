import { Text, type TextProps } from '@mantine/core';
import { formatDateTime, formatRelative } from '../lib/format';
import { useNow } from '../lib/useNow';

/** "3 days ago", with the full local date and time on hover; refreshes every minute. */
export function RelativeTime({ iso, ...props }: { iso: string | null | undefined } & TextProps) {
  const now = useNow();
  if (!iso) return <Text span c="dimmed" {...props}>—</Text>;
  return (
    <Text span {...props}>
      <time dateTime={iso} title={formatDateTime(iso)}>
        {formatRelative(iso, now)}
      </time>
    </Text>
  );
}
