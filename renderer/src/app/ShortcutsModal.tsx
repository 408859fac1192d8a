import { Group, Kbd, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { useUi } from '../state/ui';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsModal() {
  const open = useUi((s) => s.shortcutsOpen);
  const setOpen = useUi((s) => s.setShortcutsOpen);
  return (
    <Modal opened={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" size="lg" radius="lg" centered>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl" verticalSpacing="lg">
        {SHORTCUTS.map((section) => (
          <Stack key={section.group} gap={8}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
              {section.group}
            </Text>
            <dl style={{ margin: 0, display: 'grid', gap: 8 }}>
              {section.items.map((item) => (
                <Group key={item.label} justify="space-between" wrap="nowrap" gap="md">
                  <Text component="dt" size="sm">
                    {item.label}
                  </Text>
                  <Group component="dd" gap={4} m={0} wrap="nowrap">
                    {item.keys.map((key) => (
                      <Kbd key={key} size="sm">
                        {key}
                      </Kbd>
                    ))}
                  </Group>
                </Group>
              ))}
            </dl>
          </Stack>
        ))}
      </SimpleGrid>
    </Modal>
  );
}
