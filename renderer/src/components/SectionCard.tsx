import { Card, Group, Text, Title } from '@mantine/core';
import { Children, type ReactNode } from 'react';

/**
 * A titled card of a settings-like page (Settings, Privacy): a heading, a sentence about it,
 * actions on the right, then the content. The section is named by its heading.
 */
export function SectionCard({ id, title, description, actions, children }: { id: string; title: ReactNode; description?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  // Conditional content (`{running && …}`) that shows nothing leaves no gap under the heading.
  const hasContent = Children.toArray(children).length > 0;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg" mb={hasContent ? 'sm' : 0}>
        <div>
          <Title order={2} size="h4" fw={650} id={id}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed" maw={640}>
              {description}
            </Text>
          )}
        </div>
        {/* A long description wraps; the actions keep their size (a squeezed button clips its label). */}
        {actions && <div style={{ flexShrink: 0 }}>{actions}</div>}
      </Group>
      {children}
    </Card>
  );
}
