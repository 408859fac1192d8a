import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled block of the details tab. */
export function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Stack component="section" gap={8} aria-labelledby={id}>
      <Group justify="space-between" gap="xs">
        <Text id={id} component="h3" size="xs" fw={700} tt="uppercase" c="dimmed" m={0} style={{ letterSpacing: '0.05em' }}>
          {title}
        </Text>
        {aside}
      </Group>
      {children}
    </Stack>
  );
}
