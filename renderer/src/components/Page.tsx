import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './Page.module.css';

/** A scrolling page of the main area: a title, a sentence about it, actions on the right, then the content. */
export function Page({ title, description, actions, maxWidth = 960, children }: { title: string; description: ReactNode; actions?: ReactNode; maxWidth?: number; children: ReactNode }) {
  return (
    <div className={classes.page}>
      <Stack gap="lg" className={classes.inner} style={{ maxWidth }}>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <div>
            <Title order={1} size="h3" fw={650} style={{ letterSpacing: '-0.015em' }}>
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </div>
          {actions}
        </Group>
        {children}
      </Stack>
    </div>
  );
}
