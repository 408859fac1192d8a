import { Alert, Badge, Button, Group, Loader, Modal, ScrollArea, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ConnectorVendor } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { formatDateTime } from '../../lib/format';
import { VENDOR_TEXT } from './connectorText';

/** What a vendor refused, newest first: when, whom, the vendor's status and code, and its words (as text). */
export function ConnectorErrorsModal({ vendor, onClose, onCleared }: { vendor: ConnectorVendor; onClose(): void; onCleared(): void }) {
  const text = VENDOR_TEXT[vendor];
  const errors = useResource(`connector-errors:${vendor}`, () => api.call('connectors.errors', { vendor, limit: 200 }));
  const clear = async () => {
    try {
      await api.call('connectors.clearErrors', { vendor });
      onCleared();
      onClose();
    } catch (error) {
      notifications.show({ color: 'red', title: 'The log could not be cleared', message: error instanceof Error ? error.message : String(error) });
    }
  };
  const rows = errors.data ?? [];
  return (
    <Modal opened onClose={onClose} size="56rem" title={<Title order={2} size="h3">{`${text.name}: error log`}</Title>}>
      <Text size="sm" c="dimmed" mb="sm">
        Records {text.name} refused are tried again at the next push; a push that failed as a whole names no contact.
      </Text>
      {errors.loading ? (
        <Loader aria-label="Loading the error log" />
      ) : errors.error ? (
        <Alert color="red" role="alert">
          {errors.error.message}
        </Alert>
      ) : rows.length === 0 ? (
        <Text c="dimmed" ta="center" py="lg">
          No errors.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={460}>
          <Table striped layout="fixed" verticalSpacing="xs" aria-label={`${text.name} error log`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={130}>When</Table.Th>
                <Table.Th w={150}>Contact</Table.Th>
                <Table.Th w={190}>Answer</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(row.at)}</Text>
                  </Table.Td>
                  <Table.Td>{row.contactId ? (row.contactName ?? 'A contact no longer here') : <Text c="dimmed" size="sm">The whole push</Text>}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="wrap">
                      {row.status !== null && (
                        <Badge variant="light" color="red" style={{ flexShrink: 0 }}>
                          {row.status}
                        </Badge>
                      )}
                      {row.code && (
                        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                          {row.code}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-word' }}>
                      {row.message}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      <Group justify="flex-end" mt="md">
        {rows.length > 0 && (
          <Button variant="subtle" color="red" onClick={() => void clear()}>
            Clear the log
          </Button>
        )}
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Modal>
  );
}
