import { Box, Group, Text, Tooltip } from '@mantine/core';
import { formatCount } from '../lib/format';
import { useWorkspace } from './useWorkspace';

/** "Local workspace · 2,000 contacts", with details on hover. */
export function WorkspaceStatus() {
  const { data, error } = useWorkspace();
  const ok = Boolean(data) && !error;
  const label = error ? 'Host unavailable' : data ? `${data.name} · ${formatCount(data.contactCount, 'contact', 'contacts')}` : 'Connecting…';
  const details = data
    ? `Signed in as ${data.agent.name}. Data is stored on this ${data.host === 'electron' ? 'computer' : 'host'} (schema v${data.schemaVersion}).`
    : (error?.message ?? 'Opening the workspace');
  return (
    <Tooltip label={details} multiline maw={320} position="bottom-end">
      <Group gap={8} wrap="nowrap" px="sm" py={4} role="status" aria-live="polite" style={{ borderRadius: 999, border: '1px solid var(--app-border)' }}>
        <Box
          w={8}
          h={8}
          style={{ borderRadius: 8, flexShrink: 0, background: ok ? 'var(--mantine-color-teal-5)' : error ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-5)' }}
        />
        <Text size="xs" fw={500} c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}
