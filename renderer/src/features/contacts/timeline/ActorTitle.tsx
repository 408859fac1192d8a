import { Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** "<who> <what>" as a timeline item's title, with a "synced" badge for what came from the service. */
export function ActorTitle({ who, synced, children }: { who: string; synced: boolean; children: ReactNode }) {
  return (
    <Group gap={6} wrap="wrap">
      <Text span size="sm">
        <Text span fw={600} dir="auto" className="untrusted">
          {who}
        </Text>{' '}
        {children}
      </Text>
      {synced && (
        <Badge size="xs" variant="light" color="cyan">
          synced
        </Badge>
      )}
    </Group>
  );
}
