import { ActionIcon, Anchor, Badge, Button, Group, Menu, Modal, Stack, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconDots, IconPencil, IconPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { CONSENT_PURPOSE_KEY, type ConsentPurpose } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { SectionCard } from '../../components/SectionCard';
import { useListView } from '../../state/listView';
import { useUi } from '../../state/ui';
import { stripPathPrefix } from '../../lib/text';
import { useConsentPurposes } from './useConsentPurposes';

/** "Sales calls" → "sales_calls": a key for a new purpose, from its name. */
function keyFromLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 63);
}

/**
 * The purposes this workspace asks consent for: add, rename, describe, mark as marketing,
 * archive (never delete: contacts' histories refer to them). Saved as one list, audited.
 */
export function ConsentPurposesPanel() {
  const purposes = useConsentPurposes((s) => s.purposes);
  const setPurposes = useConsentPurposes((s) => s.set);
  const [editing, setEditing] = useState<{ purpose: ConsentPurpose; isNew: boolean } | null>(null);
  const setView = useUi((s) => s.setView);
  const setWhere = useListView((s) => s.setWhere);
  const openAll = useListView((s) => s.openAll);

  const save = async (next: ConsentPurpose[], done: string) => {
    try {
      setPurposes(await api.call('consent.savePurposes', { purposes: next }));
      notifications.show({ color: 'teal', message: done });
      return null;
    } catch (error) {
      const message = error instanceof Error ? stripPathPrefix(error.message, error instanceof ApiError ? error.path : undefined) : String(error);
      return message;
    }
  };
  const showContacts = (purpose: ConsentPurpose, statuses: string[]) => {
    openAll();
    setWhere({ match: 'all', items: [{ field: `consent.${purpose.key}`, op: 'any_of', value: statuses }] });
    setView('contacts');
  };
  const archive = async (purpose: ConsentPurpose, archived: boolean) => {
    const error = await save(
      purposes.map((p) => (p.key === purpose.key ? { ...p, archived } : p)),
      archived ? `“${purpose.label}” archived: its history stays, it takes no new entries.` : `“${purpose.label}” is active again.`,
    );
    if (error) notifications.show({ color: 'red', title: 'Not saved', message: error });
  };

  return (
    <SectionCard
      id="privacy-purposes"
      title="Consent purposes"
      description={
        <>
          What you ask people’s permission for. Each contact has a history per purpose; the newest entry is their current answer. A person who denied or withdrew a marketing
          purpose is marked “No marketing” in the list, in exports and in pushes to marketing tools.
        </>
      }
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ purpose: { key: '', label: '', description: '', marketing: false, archived: false }, isNew: true })}>
          Add purpose
        </Button>
      }
    >
      <Table verticalSpacing="sm" highlightOnHover aria-label="Consent purposes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Purpose</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {purposes.map((purpose) => (
            <Table.Tr key={purpose.key} style={purpose.archived ? { opacity: 0.65 } : undefined}>
              <Table.Td>
                <Text size="sm" fw={550}>
                  {purpose.label}
                </Text>
                {purpose.description && (
                  <Text size="xs" c="dimmed" lineClamp={2} maw={360}>
                    {purpose.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" c="dimmed">
                  {purpose.key}
                </Text>
              </Table.Td>
              <Table.Td>{purpose.marketing ? <Badge variant="light" color="grape" size="sm" style={{ textTransform: 'none' }}>Marketing</Badge> : <Text size="sm" c="dimmed">Other</Text>}</Table.Td>
              <Table.Td>
                <Badge variant={purpose.archived ? 'default' : 'light'} color={purpose.archived ? 'gray' : 'teal'} size="sm" style={{ textTransform: 'none' }}>
                  {purpose.archived ? 'Archived' : 'Active'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Anchor component="button" size="sm" onClick={() => showContacts(purpose, ['withdrawn', 'denied'])}>
                    Who said no
                  </Anchor>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label={`More for ${purpose.label}`}>
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing({ purpose, isNew: false })}>
                        Edit
                      </Menu.Item>
                      <Menu.Item leftSection={<IconUsers size={14} />} onClick={() => showContacts(purpose, ['granted'])}>
                        Show who granted it
                      </Menu.Item>
                      {purpose.archived ? (
                        <Menu.Item leftSection={<IconArchiveOff size={14} />} onClick={() => void archive(purpose, false)}>
                          Restore
                        </Menu.Item>
                      ) : (
                        <Menu.Item leftSection={<IconArchive size={14} />} onClick={() => void archive(purpose, true)}>
                          Archive
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <PurposeDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSave={(purpose) => {
          if (!editing) return Promise.resolve(null);
          const next = editing.isNew ? [...purposes, purpose] : purposes.map((p) => (p.key === purpose.key ? purpose : p));
          return save(next, editing.isNew ? `“${purpose.label}” added.` : `“${purpose.label}” saved.`);
        }}
      />
    </SectionCard>
  );
}

function PurposeDialog({ editing, onClose, onSave }: { editing: { purpose: ConsentPurpose; isNew: boolean } | null; onClose(): void; onSave(purpose: ConsentPurpose): Promise<string | null> }) {
  const [draft, setDraft] = useState<ConsentPurpose | null>(null);
  const [keyTouched, setKeyTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const current = draft ?? editing?.purpose ?? null;
  const close = () => {
    setDraft(null);
    setKeyTouched(false);
    setError(null);
    onClose();
  };
  if (!editing || !current) return <Modal opened={false} onClose={close} title="" />;
  const keyError = current.key !== '' && !CONSENT_PURPOSE_KEY.test(current.key) ? 'Lower-case letters, digits, _ . or -' : null;
  const submit = async () => {
    if (current.label.trim() === '') return setError('Give the purpose a name.');
    if (current.key === '' || keyError) return setError('Give the purpose a key (lower-case letters, digits, _ . or -).');
    setSaving(true);
    const failure = await onSave({ ...current, label: current.label.trim(), description: current.description.trim() });
    setSaving(false);
    if (failure) setError(failure);
    else close();
  };
  return (
    <Modal opened onClose={close} title={editing.isNew ? 'Add a consent purpose' : `Edit “${editing.purpose.label}”`}>
      <form
        aria-label={editing.isNew ? 'New consent purpose' : 'Edit consent purpose'}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            placeholder="Sales calls"
            value={current.label}
            maxLength={80}
            data-autofocus
            onChange={(event) => {
              const label = event.currentTarget.value;
              setDraft({ ...current, label, key: editing.isNew && !keyTouched ? keyFromLabel(label) : current.key });
            }}
          />
          <TextInput
            label="Key"
            description={editing.isNew ? 'How the chatbot service names it; it cannot change later' : 'The key cannot change: the service and histories use it'}
            value={current.key}
            disabled={!editing.isNew}
            maxLength={63}
            error={keyError}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            onChange={(event) => {
              setKeyTouched(true);
              setDraft({ ...current, key: event.currentTarget.value });
            }}
          />
          <Textarea label="What it covers" placeholder="Calls about offers and renewals." value={current.description} maxLength={500} autosize minRows={2} onChange={(event) => setDraft({ ...current, description: event.currentTarget.value })} />
          <Switch
            label="Marketing"
            description="Denying or withdrawing it marks the person “No marketing”"
            checked={current.marketing}
            onChange={(event) => setDraft({ ...current, marketing: event.currentTarget.checked })}
          />
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {editing.isNew ? 'Add purpose' : 'Save'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
