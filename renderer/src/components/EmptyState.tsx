import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A centred icon, title, sentence and actions: for empty lists, errors and views to come. */
export function EmptyState({ icon, title, children, actions, color = 'nexvio' }: { icon: ReactNode; title: string; children?: ReactNode; actions?: ReactNode; color?: string }) {
  return (
    <Stack align="center" justify="center" gap="sm" p="xl" ta="center" style={{ flex: 1, minHeight: 260 }}>
      <ThemeIcon size={56} radius="xl" variant="light" color={color}>
        {icon}
      </ThemeIcon>
      <Title order={3} fw={650} mt="xs">
        {title}
      </Title>
      {children && (
        <Text c="dimmed" size="md" maw={440}>
          {children}
        </Text>
      )}
      {actions}
    </Stack>
  );
}
