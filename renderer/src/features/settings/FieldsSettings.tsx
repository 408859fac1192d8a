import { ActionIcon, Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowDown, IconArrowUp, IconArrowBackUp, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { FieldDefinition } from '../../../../preload/contract';
import { SectionCard } from '../../components/SectionCard';
import { api } from '../../api/client';
import { useFieldDefinitions } from '../contacts/useFacets';
import { FIELD_TYPE_LABELS, FieldForm } from './FieldForm';

/** The custom fields: create, rename, give options, order (this device), archive and restore. */
export function FieldsSettings() {
  const fields = useFieldDefinitions();
  const [editing, setEditing] = useState<{ field: FieldDefinition | null } | null>(null);
  const list = fields.data ?? [];
  const active = list.filter((f) => !f.archived);

  const run = async (action: () => Promise<unknown>, failure: string) => {
    try {
      await action();
      fields.reload();
    } catch (error) {
      notifications.show({ color: 'red', title: failure, message: error instanceof Error ? error.message : String(error) });
    }
  };
  const move = (field: FieldDefinition, by: -1 | 1) => {
    const ids = active.map((f) => f.id);
    const at = ids.indexOf(field.id);
    const to = at + by;
    if (at < 0 || to < 0 || to >= ids.length) return;
    [ids[at], ids[to]] = [ids[to] as string, ids[at] as string];
    void run(() => api.call('fields.reorder', { ids }), 'The fields could not be reordered');
  };

  return (
    <SectionCard
      id="settings-fields"
      title="Custom fields"
      description="Extra facts the chatbot and your team keep about each contact. Changes sync to everyone in the workspace; the order is yours."
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ field: null })}>
          New field
        </Button>
      }
    >
      {list.length === 0 && !fields.loading ? (
        <Text size="sm" c="dimmed" py="md">
          No custom fields yet. Create one to keep, for example, a customer’s plan or preferred language.
        </Text>
      ) : (
        <Table verticalSpacing="xs" highlightOnHover aria-label="Custom fields">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Options</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((field) => {
              const index = active.indexOf(field);
              return (
                <Table.Tr key={field.id} data-archived={field.archived || undefined} style={field.archived ? { opacity: 0.6 } : undefined}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={550} className="ellipsis">
                        {field.label}
                      </Text>
                      {field.archived && (
                        <Badge size="xs" variant="default">
                          Archived
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {field.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm" style={{ textTransform: 'none' }}>
                      {FIELD_TYPE_LABELS[field.type]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={1} maw={280}>
                      {field.options.length > 0 ? field.options.join(', ') : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} justify="flex-end" wrap="nowrap">
                      {!field.archived && (
                        <>
                          <Tooltip label="Move up">
                            <ActionIcon variant="subtle" color="gray" aria-label={`Move ${field.label} up`} disabled={index <= 0} onClick={() => move(field, -1)}>
                              <IconArrowUp size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Move down">
                            <ActionIcon variant="subtle" color="gray" aria-label={`Move ${field.label} down`} disabled={index === active.length - 1} onClick={() => move(field, 1)}>
                              <IconArrowDown size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Edit">
                            <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${field.label}`} onClick={() => setEditing({ field })}>
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </>
                      )}
                      <Tooltip label={field.archived ? 'Restore' : 'Archive (values are kept)'}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`${field.archived ? 'Restore' : 'Archive'} ${field.label}`}
                          onClick={() => void run(() => api.call('fields.update', { id: field.id, archived: !field.archived }), 'The field could not be changed')}
                        >
                          {field.archived ? <IconArrowBackUp size={16} /> : <IconArchive size={16} />}
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {editing && <FieldForm key={editing.field?.id ?? 'new'} field={editing.field} opened onClose={() => setEditing(null)} onSaved={fields.reload} />}
    </SectionCard>
  );
}
