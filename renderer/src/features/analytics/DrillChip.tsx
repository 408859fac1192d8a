import { Badge, Button, CloseButton, Group, Text } from '@mantine/core';
import { IconArrowLeft, IconChartBar } from '@tabler/icons-react';
import { useListView } from '../../state/listView';
import { useUi } from '../../state/ui';

/** "From Analytics: Germany" above the list while it shows a figure's contacts; removable. */
export function DrillChip() {
  const drill = useListView((s) => s.drill);
  const clearDrill = useListView((s) => s.clearDrill);
  const setView = useUi((s) => s.setView);
  if (!drill) return null;
  return (
    <Group gap={8} wrap="nowrap" data-testid="drill-chip">
      <Badge
        variant="light"
        color="nexvio"
        size="lg"
        radius="sm"
        pl={8}
        pr={2}
        leftSection={<IconChartBar size={14} aria-hidden />}
        rightSection={<CloseButton size="xs" variant="transparent" aria-label={`Remove the Analytics filter: ${drill.label}`} onClick={clearDrill} />}
        style={{ textTransform: 'none', fontWeight: 500, maxWidth: 520 }}
      >
        <Text span size="xs" c="dimmed" mr={4}>
          From Analytics:
        </Text>
        <span dir="auto" title={drill.label}>
          {drill.label}
        </span>
      </Badge>
      <Button variant="subtle" size="compact-sm" color="gray" leftSection={<IconArrowLeft size={14} />} onClick={() => setView('analytics')}>
        Back to Analytics
      </Button>
    </Group>
  );
}
