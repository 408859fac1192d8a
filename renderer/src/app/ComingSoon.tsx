import { Badge, Button, Card, Group, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconCircleCheck } from '@tabler/icons-react';
import { useUi } from '../state/ui';
import type { NavItem } from './navigation';

/** A view that is not built yet: what it will be, and what is planned for it. */
export function ComingSoon({ item }: { item: NavItem }) {
  const setView = useUi((s) => s.setView);
  return (
    <Stack align="center" justify="center" style={{ flex: 1 }} p="xl">
      <Card withBorder radius="lg" p={36} maw={560} w="100%" shadow="xs">
        <Stack gap="md">
          <ThemeIcon size={52} radius="lg" variant="light">
            <item.icon size={28} stroke={1.6} />
          </ThemeIcon>
          <div>
            <Badge variant="light" size="sm" mb={8} style={{ textTransform: 'none' }}>
              Coming soon
            </Badge>
            <Title order={1} size="h2" fw={700} style={{ letterSpacing: '-0.02em' }}>
              {item.label}
            </Title>
          </div>
          <Text c="dimmed" size="md">
            {item.soon}
          </Text>
          {item.planned && (
            <List spacing={8} size="sm" icon={<IconCircleCheck size={16} color="var(--mantine-color-nexvio-5)" />} center>
              {item.planned.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          )}
          {item.meanwhile ? (
            <Group justify="space-between" gap="sm" mt="xs" p="sm" wrap="nowrap" style={{ borderRadius: 'var(--mantine-radius-md)', background: 'var(--app-subtle-bg)' }}>
              <Text size="sm">{item.meanwhile.text}</Text>
              <Button variant="light" size="xs" rightSection={<IconArrowRight size={14} />} onClick={() => setView(item.meanwhile!.view)} style={{ flexShrink: 0 }}>
                {item.meanwhile.label}
              </Button>
            </Group>
          ) : (
            <Text size="xs" c="dimmed" mt="xs">
              Meanwhile, everything about your contacts is in Contacts.
            </Text>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
