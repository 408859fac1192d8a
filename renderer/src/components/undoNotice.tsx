import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';

/**
 * "<title> · <what> · Undo" for as long as the core holds the change back (the notice closes
 * when the time is up). `undo` resolves when done; a failure is shown in words.
 */
export function showUndoNotice({ id, title, what, undoUntil, undo }: { id: string; title: string; what: string; undoUntil: string; undo(): Promise<void> }): void {
  const run = async () => {
    notifications.hide(id);
    try {
      await undo();
    } catch (error) {
      notifications.show({ color: 'red', title: 'It could not be undone', message: error instanceof Error ? error.message : String(error) });
    }
  };
  notifications.show({
    id,
    title,
    autoClose: Math.max(1000, Date.parse(undoUntil) - Date.now() - 500),
    message: (
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm" className="ellipsis" dir="auto">
          {what.slice(0, 120)}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => void run()}>
          Undo
        </Button>
      </Group>
    ),
  });
}
