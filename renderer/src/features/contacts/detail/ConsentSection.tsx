import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { Consent } from '../../../../../preload/contract';
import { Untrusted } from '../../../components/Untrusted';
import { formatDate, formatDateTime, humanize } from '../../../lib/format';
import { Section } from './Section';

const STATUS: Record<Consent['status'], { color: string; label: string }> = {
  granted: { color: 'teal', label: 'Granted' },
  denied: { color: 'red', label: 'Denied' },
  withdrawn: { color: 'orange', label: 'Withdrawn' },
};

/** The current consent per purpose (the core sends the latest entry of each). */
export function ConsentSection({ consents }: { consents: Consent[] }) {
  return (
    <Section title="Consent">
      {consents.length === 0 ? (
        <Text size="sm" c="dimmed">
          No consent recorded.
        </Text>
      ) : (
        <Stack gap={6}>
          {consents.map((consent) => (
            <Group key={consent.purpose} justify="space-between" wrap="nowrap" gap="md">
              <Untrusted text={humanize(consent.purpose)} line style={{ fontSize: 'var(--mantine-font-size-sm)' }} />
              <Group gap={8} wrap="nowrap">
                <Tooltip label={[`Since ${formatDateTime(consent.at)}`, consent.source && `via ${consent.source}`].filter(Boolean).join(' ').slice(0, 300)}>
                  <Text size="xs" c="dimmed">
                    {formatDate(consent.at)}
                  </Text>
                </Tooltip>
                <Badge size="sm" variant="light" color={STATUS[consent.status].color} w={84}>
                  {STATUS[consent.status].label}
                </Badge>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
}
