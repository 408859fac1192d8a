import { Badge, Card, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { NavItem } from './navigation';

/** A view that is not built yet: what it will be, and what is planned for it. */
export function ComingSoon({ item }: { item: NavItem }) {
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
          <Text size="xs" c="dimmed" mt="xs">
            Meanwhile, everything about your contacts is in Contacts.
          </Text>
        </Stack>
      </Card>
    </Stack>
  );
}
