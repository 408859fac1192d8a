import { ActionIcon, Button, Group, Popover, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCalendarEvent, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { startOfDay, today } from '../lib/days';
import { formatDate } from '../lib/format';

/**
 * "Jump to date": a day picker for a list read newest first. The list then starts at the end
 * of that day; the chip it leaves says so and goes back to the newest.
 */
export function JumpToDate({
  day,
  onChange,
  min,
  max,
  compact = false,
}: {
  day: string | null;
  onChange(day: string | null): void;
  min?: string | undefined;
  max?: string | undefined;
  /** An icon only, for narrow places (the caller then says where the list starts). */
  compact?: boolean;
}) {
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState(day ?? '');
  const valid = draft !== '' && startOfDay(draft) !== null;
  const label = day ? `Showing from ${formatDate(startOfDay(day))}; jump to another date` : 'Jump to date';
  const toggle = () => {
    setDraft(day ?? today());
    setOpened((o) => !o);
  };
  const go = () => {
    if (!valid) return;
    onChange(draft);
    setOpened(false);
  };
  return (
    <Group gap={4} wrap="nowrap">
      <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" withinPortal trapFocus>
        <Popover.Target>
          {compact ? (
            <Tooltip label={day ? `From ${formatDate(startOfDay(day))}` : 'Jump to date'} disabled={opened}>
              <ActionIcon size={30} variant={day ? 'light' : 'default'} onClick={toggle} aria-label={label}>
                <IconCalendarEvent size={16} />
              </ActionIcon>
            </Tooltip>
          ) : (
            <Button size="xs" variant={day ? 'light' : 'default'} leftSection={<IconCalendarEvent size={14} />} onClick={toggle} aria-label={label}>
              {day ? `From ${formatDate(startOfDay(day))}` : 'Jump to date'}
            </Button>
          )}
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              go();
            }}
          >
            <Text size="xs" c="dimmed" mb={6}>
              Show what happened on this day and before.
            </Text>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                type="date"
                size="xs"
                label="Date"
                value={draft}
                min={min}
                max={max ?? today()}
                onChange={(e) => setDraft(e.currentTarget.value)}
                data-autofocus
              />
              <Button size="xs" type="submit" disabled={!valid}>
                Go
              </Button>
            </Group>
          </form>
        </Popover.Dropdown>
      </Popover>
      {day && !compact && (
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Back to the newest" onClick={() => onChange(null)}>
          <IconX size={14} />
        </ActionIcon>
      )}
    </Group>
  );
}
