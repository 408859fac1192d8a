import { Alert, Button, Card, Loader, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { EmptyState } from './EmptyState';

/**
 * A list of cards loaded from the core (retention rules, webhook endpoints): a loader, the
 * error in words, an empty state that explains the thing and offers the first one, or the
 * cards as a list. `noun` names the things ("retention rules") in the loader and the error.
 */
export function CardList({
  label,
  noun,
  loading,
  error,
  empty,
  children,
}: {
  label: string;
  noun: string;
  loading: boolean;
  error: Error | undefined;
  /** Shown when there is nothing to list; null while there is. */
  empty: { icon: ReactNode; title: string; text: ReactNode; actionLabel: string; onAction(): void } | null;
  children: ReactNode;
}) {
  if (loading) return <Loader aria-label={`Loading ${noun}`} />;
  if (error) {
    return (
      <Alert color="red" title={`The ${noun} could not be loaded`} role="alert">
        {error.message}
      </Alert>
    );
  }
  if (empty) {
    return (
      <Card withBorder radius="md" padding="lg">
        <EmptyState
          icon={empty.icon}
          title={empty.title}
          actions={
            <Button leftSection={<IconPlus size={16} />} onClick={empty.onAction} mt="xs">
              {empty.actionLabel}
            </Button>
          }
        >
          {empty.text}
        </EmptyState>
      </Card>
    );
  }
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {children}
    </Stack>
  );
}
