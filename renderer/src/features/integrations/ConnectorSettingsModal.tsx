import { ActionIcon, Alert, Button, Divider, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ConnectorInfo, ConnectorSettings, MappingRow } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { useResource } from '../../api/useResource';
import { useConsentPurposes } from '../privacy/useConsentPurposes';
import { appFieldLabel, appFieldOptions, VENDOR_TEXT } from './connectorText';

type Errors = Record<string, string>;

/** Where an error of `connectors.save` belongs on this form ("mapping.1.vendorField", "listId", "secret", …). */
function errorKey(path: (string | number)[] | undefined): string {
  if (!path || path.length === 0) return 'form';
  const rest = path[0] === 'settings' ? path.slice(1) : path;
  return rest.length === 0 ? 'form' : rest.join('.');
}

/**
 * A connector's connection and field mapping: the secret (write-only: the form says whether one
 * is set), the vendor's own settings, the consent purpose that decides marketing, and the table
 * of contact field → vendor property with add, remove and back-to-defaults.
 */
export function ConnectorSettingsModal({ info, onClose, onSaved }: { info: ConnectorInfo; onClose(): void; onSaved(): void }) {
  const text = VENDOR_TEXT[info.vendor];
  const fields = useResource('fields', () => api.call('fields.list', {})).data ?? [];
  const purposes = useConsentPurposes((s) => s.purposes);
  const [settings, setSettings] = useState<ConnectorSettings>(info.settings);
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const options = useMemo(() => appFieldOptions(info.vendor, fields, purposes), [info.vendor, fields, purposes]);
  const mapping = settings.mapping;

  const setMapping = (next: MappingRow[]) => {
    setSettings((current) => ({ ...current, mapping: next }));
    // Row errors name rows by position: they no longer fit once rows move.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith('mapping'))));
  };
  const setRow = (index: number, row: Partial<MappingRow>) => setMapping(mapping.map((r, i) => (i === index ? { ...r, ...row } : r)));
  const used = new Set(mapping.map((r) => r.appField));
  const nextFree = options.flatMap((g) => g.items).find((item) => !used.has(item.value))?.value ?? 'source';

  const save = async () => {
    if (!info.secretSet && !secret.trim()) {
      setErrors({ secret: `Give the ${text.secretLabel.toLowerCase()} to connect` });
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      await api.call('connectors.save', { vendor: info.vendor, settings, ...(secret.trim() ? { secret: secret.trim() } : {}) });
      notifications.show({ color: 'teal', title: `${text.name} saved`, message: info.configured ? 'The next push uses these settings.' : `Connected. Push now sends your contacts to ${text.name}.` });
      onSaved();
      onClose();
    } catch (error) {
      if (error instanceof ApiError) setErrors({ [errorKey(error.path)]: error.message });
      else setErrors({ form: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  const disconnect = async () => {
    try {
      await api.call('connectors.disconnect', { vendor: info.vendor });
      notifications.show({ color: 'teal', title: `${text.name} disconnected`, message: 'The secret was removed from this device. Your mapping is kept.' });
      onSaved();
      onClose();
    } catch (error) {
      setErrors({ form: error instanceof Error ? error.message : String(error) });
    }
  };

  const mappingError = errors['mapping'];
  return (
    <Modal opened onClose={onClose} size="xl" title={<Title order={2} size="h3">{`${text.name}: connection and field mapping`}</Title>}>
      <Stack gap="md">
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        <Stack gap="sm">
          <PasswordInput
            label={text.secretLabel}
            description={info.secretSet ? 'A secret is set and kept on this device only. Leave this empty to keep it.' : text.secretHint}
            placeholder={info.secretSet ? '•••••••• (set)' : text.secretPlaceholder}
            value={secret}
            onChange={(event) => setSecret(event.currentTarget.value)}
            error={errors.secret}
            autoComplete="off"
            required={!info.secretSet}
          />
          {info.vendor === 'mailchimp' && (
            <TextInput
              label="Audience id"
              description="Audience → Settings → Audience name and defaults."
              placeholder="a1b2c3d4e5"
              value={settings.listId ?? ''}
              onChange={(event) => setSettings({ ...settings, listId: event.currentTarget.value })}
              error={errors.listId}
              required
            />
          )}
          {info.vendor === 'salesforce' && (
            <Group grow align="flex-start">
              <TextInput
                label="Salesforce address"
                placeholder="https://acme.my.salesforce.com"
                value={settings.instanceUrl ?? ''}
                onChange={(event) => setSettings({ ...settings, instanceUrl: event.currentTarget.value })}
                error={errors.instanceUrl}
                required
              />
              <TextInput
                label="External id field"
                description="A custom Contact field marked External ID; it holds the contact’s id here."
                placeholder="Nexvio_Id__c"
                value={settings.externalIdField ?? ''}
                onChange={(event) => setSettings({ ...settings, externalIdField: event.currentTarget.value })}
                error={errors.externalIdField}
                required
              />
            </Group>
          )}
          <Select
            label="Marketing consent"
            description={
              info.vendor === 'mailchimp'
                ? 'Members are subscribed only when this was granted, unsubscribed when it was refused or withdrawn; people who never answered are not sent.'
                : 'The purpose “No marketing” and mapped consent refer to.'
            }
            data={purposes.filter((p) => !p.archived).map((p) => ({ value: p.key, label: p.label }))}
            value={settings.consentPurpose}
            onChange={(value) => value && setSettings({ ...settings, consentPurpose: value })}
            error={errors.consentPurpose}
            allowDeselect={false}
          />
        </Stack>

        <Divider />
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3} size="h5" id="mapping-title">
              Field mapping
            </Title>
            <Text size="sm" c="dimmed">
              {info.vendor === 'mailchimp'
                ? 'Members are found by their email address; map other fields to your audience’s merge tags, and Tags to Mailchimp’s tags.'
                : info.vendor === 'hubspot'
                  ? 'HubSpot finds contacts by email. Use each property’s internal name.'
                  : 'Use each field’s API name; custom fields end in __c.'}
            </Text>
          </div>
          <Group gap="xs">
            <Button variant="subtle" size="xs" leftSection={<IconRestore size={14} />} onClick={() => setMapping(info.defaultMapping)}>
              Use defaults
            </Button>
            <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setMapping([...mapping, { appField: nextFree, vendorField: '' }])} disabled={mapping.length >= 60}>
              Add field
            </Button>
          </Group>
        </Group>
        {mappingError && (
          <Alert color="red" role="alert">
            {mappingError}
          </Alert>
        )}
        {mapping.length === 0 ? (
          <Text c="dimmed" size="sm" ta="center" py="md">
            No fields mapped{info.vendor === 'mailchimp' ? ': members get only their email address and status.' : '.'} Add a field or use the defaults.
          </Text>
        ) : (
          <Table verticalSpacing="xs" aria-labelledby="mapping-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="45%">Contact field</Table.Th>
                <Table.Th w={32} aria-hidden />
                <Table.Th>{text.propertyLabel}</Table.Th>
                <Table.Th w={44}>
                  <VisuallyHidden>Remove</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mapping.map((row, index) => {
                const label = appFieldLabel(row.appField, fields, purposes);
                return (
                  <Table.Tr key={index}>
                    <Table.Td>
                      <Select
                        data={options}
                        value={row.appField}
                        onChange={(value) => value && setRow(index, { appField: value })}
                        aria-label={`Contact field of row ${index + 1}`}
                        searchable
                        allowDeselect={false}
                        error={errors[`mapping.${index}.appField`]}
                      />
                    </Table.Td>
                    <Table.Td aria-hidden>
                      <IconArrowRight size={16} color="var(--mantine-color-dimmed)" />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        value={row.vendorField}
                        onChange={(event) => setRow(index, { vendorField: event.currentTarget.value })}
                        aria-label={`${text.propertyLabel} for ${label}`}
                        placeholder={info.vendor === 'mailchimp' ? 'MERGE_TAG' : info.vendor === 'hubspot' ? 'property_name' : 'Field__c'}
                        error={errors[`mapping.${index}.vendorField`]}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="Remove this row">
                        <ActionIcon variant="subtle" color="gray" onClick={() => setMapping(mapping.filter((_, i) => i !== index))} aria-label={`Remove the row for ${label}`}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}

        <Group justify="space-between" mt="sm">
          {info.secretSet ? (
            confirmDisconnect ? (
              <Group gap="xs">
                <Text size="sm">Remove the secret from this device?</Text>
                <Button color="red" variant="light" size="xs" onClick={() => void disconnect()}>
                  Disconnect
                </Button>
                <Button variant="default" size="xs" onClick={() => setConfirmDisconnect(false)}>
                  Keep
                </Button>
              </Group>
            ) : (
              <Button variant="subtle" color="red" onClick={() => setConfirmDisconnect(true)}>
                Disconnect…
              </Button>
            )
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => void save()} loading={saving}>
              {info.secretSet ? 'Save' : 'Connect'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
