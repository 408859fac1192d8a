import { Button, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FieldDefinition } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';

export const FIELD_TYPE_LABELS: Record<FieldDefinition['type'], string> = {
  text: 'Text',
  number: 'Number',
  boolean: 'Yes / no',
  date: 'Date',
  select: 'Choice',
  multi_select: 'Multiple choice',
  url: 'Link',
  email: 'Email',
  phone: 'Phone',
};

const hasOptions = (type: FieldDefinition['type']) => type === 'select' || type === 'multi_select';

/** New field (label, key, type, options) or an existing one (label and options; key and type never change). */
export function FieldForm({ field, opened, onClose, onSaved }: { field: FieldDefinition | null; opened: boolean; onClose(): void; onSaved(): void }) {
  const [label, setLabel] = useState(field?.label ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [type, setType] = useState<FieldDefinition['type']>(field?.type ?? 'text');
  const [options, setOptions] = useState<string[]>(field?.options ?? []);
  const [errors, setErrors] = useState<Partial<Record<'label' | 'key' | 'options' | 'form', string>>>({});
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (label.trim() === '') return setErrors({ label: 'Give the field a name' });
    if (hasOptions(type) && options.every((o) => o.trim() === '')) return setErrors({ options: 'Add at least one option' });
    setSaving(true);
    try {
      if (field) await api.call('fields.update', { id: field.id, label: label.trim(), ...(hasOptions(type) ? { options } : {}) });
      else await api.call('fields.create', { label: label.trim(), type, ...(key.trim() ? { key: key.trim() } : {}), ...(hasOptions(type) ? { options } : {}) });
      onSaved();
      onClose();
    } catch (error) {
      const path = error instanceof ApiError ? error.path?.[0] : undefined;
      const message = error instanceof Error ? error.message : String(error);
      setErrors(path === 'label' || path === 'key' || path === 'options' ? { [path]: message } : { form: message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={field ? `Edit “${field.label}”` : 'New custom field'} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput label="Name" value={label} onChange={(e) => setLabel(e.currentTarget.value)} error={errors.label} maxLength={200} data-autofocus />
          <TextInput
            label="Key"
            description={field ? 'Keys never change: contacts’ values and the chatbot refer to them.' : 'Used by the chatbot and in exports. Leave empty to make one from the name.'}
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            error={errors.key}
            disabled={field !== null}
            ff="monospace"
            maxLength={63}
          />
          <Select
            label="Type"
            data={Object.entries(FIELD_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
            value={type}
            onChange={(value) => value && setType(value as FieldDefinition['type'])}
            disabled={field !== null}
            allowDeselect={false}
          />
          {hasOptions(type) && (
            <TagsInput label="Options" description="Press Enter after each option." value={options} onChange={setOptions} error={errors.options} maxTags={1000} />
          )}
          {errors.form && (
            <Text c="red" size="sm" role="alert">
              {errors.form}
            </Text>
          )}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {field ? 'Save' : 'Create field'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
