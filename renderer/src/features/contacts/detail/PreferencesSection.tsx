import { Button, Group, Popover, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { EditableContactFields, FieldDefinition, FieldValue, PreferenceValue } from '../../../../../preload/contract';
import { ApiError } from '../../../api/client';
import { Untrusted } from '../../../components/Untrusted';
import { formatNumber, humanize, userLocale, valueToText } from '../../../lib/format';
import { stripPathPrefix } from '../../../lib/text';
import { ChoiceField } from './CustomFieldsSection';
import { EditableField } from './EditableField';
import classes from './EditableField.module.css';
import { Section } from './Section';

/** "1250,5" or "1250.5" as a number; null when it is not one. */
function parseNumber(text: string): number | null {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/**
 * The contact's preferences (synced with the contact): yes/no as switches, text and numbers
 * edited in place; a cleared value removes the preference. The core keeps each one of its kind.
 */
export function PreferencesSection({ preferences, update }: { preferences: Record<string, FieldValue>; update(fields: EditableContactFields): Promise<void> }) {
  const keys = Object.keys(preferences).sort((a, b) => a.localeCompare(b, userLocale()));
  const save = (key: string, value: PreferenceValue) => update({ preferences: { [key]: value } });
  return (
    <Section title="Preferences" aside={<AddPreference existing={keys} save={save} />}>
      {keys.length === 0 ? (
        <Text size="sm" c="dimmed">
          No preferences yet. They come from the chatbot or can be added here.
        </Text>
      ) : (
        <div>
          {keys.map((key) => (
            <PreferenceEditor key={key} name={key} value={preferences[key] ?? null} save={(value) => save(key, value)} />
          ))}
        </div>
      )}
    </Section>
  );
}

function PreferenceEditor({ name, value, save }: { name: string; value: FieldValue; save(value: PreferenceValue): Promise<void> }) {
  const label = humanize(name);
  if (typeof value === 'boolean') {
    const definition: FieldDefinition = { id: name, key: name, label, type: 'boolean', options: [], archived: false };
    return <ChoiceField definition={definition} value={value} save={(next) => save(next === true)} />;
  }
  if (typeof value === 'number') {
    return (
      <EditableField
        label={label}
        value={String(value)}
        display={<span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatNumber(value)}</span>}
        inputProps={{ inputMode: 'text', maxLength: 40, description: 'A number; clear it to remove the preference' }}
        onSave={async (next) => {
          if (next === null) return save(null);
          const parsed = parseNumber(next);
          if (parsed === null) throw new Error(`${label} must be a number.`);
          await save(parsed);
        }}
      />
    );
  }
  if (typeof value === 'string') {
    return <EditableField label={label} value={value} inputProps={{ maxLength: 1000, description: 'Clear it to remove the preference' }} onSave={(next) => save(next)} />;
  }
  // Lists and other shapes from the service are shown as they are, not edited here.
  return (
    <div className={classes.row}>
      <Untrusted text={label} line className={classes.label} />
      <div className={classes.value} style={{ cursor: 'default' }}>
        <div className={classes.text}>
          <Untrusted text={valueToText(value, 2000)} />
        </div>
      </div>
    </div>
  );
}

type Kind = 'text' | 'number' | 'boolean';

/** A new preference: its name, its kind (text, number, yes/no) and its value. */
function AddPreference({ existing, save }: { existing: string[]; save(key: string, value: PreferenceValue): Promise<void> }) {
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('text');
  const [text, setText] = useState('');
  const [yes, setYes] = useState(true);
  const [error, setError] = useState<{ field: 'name' | 'value'; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const reset = () => {
    setName('');
    setKind('text');
    setText('');
    setYes(true);
    setError(null);
  };
  const submit = async () => {
    const key = name.trim().toLowerCase().replace(/\s+/g, '_');
    if (!key) return setError({ field: 'name', message: 'Give the preference a name' });
    if (existing.includes(key)) return setError({ field: 'name', message: 'This contact already has that preference; edit it in the list' });
    let value: PreferenceValue;
    if (kind === 'boolean') value = yes;
    else if (kind === 'number') {
      value = parseNumber(text);
      if (value === null) return setError({ field: 'value', message: 'Enter a number' });
    } else {
      value = text.trim();
      if (!value) return setError({ field: 'value', message: 'Enter a value' });
    }
    setSaving(true);
    try {
      await save(key, value);
      reset();
      setOpened(false);
    } catch (err) {
      setError({ field: 'value', message: err instanceof ApiError ? stripPathPrefix(err.message, err.path) : err instanceof Error ? err.message : String(err) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" withinPortal trapFocus width={300}>
      <Popover.Target>
        <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => setOpened((o) => !o)}>
          Add preference
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="xs">
            <TextInput size="xs" label="Name" placeholder="e.g. preferred channel" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error?.field === 'name' ? error.message : null} maxLength={100} data-autofocus />
            <SegmentedControl
              size="xs"
              aria-label="Kind of preference"
              value={kind}
              onChange={(v) => setKind(v as Kind)}
              data={[
                { value: 'text', label: 'Text' },
                { value: 'number', label: 'Number' },
                { value: 'boolean', label: 'Yes/no' },
              ]}
            />
            {kind === 'boolean' ? (
              <Switch size="sm" label={yes ? 'Yes' : 'No'} aria-label="Value" checked={yes} onChange={(e) => setYes(e.currentTarget.checked)} />
            ) : (
              <TextInput
                size="xs"
                label="Value"
                inputMode={kind === 'number' ? 'decimal' : 'text'}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                error={error?.field === 'value' ? error.message : null}
                maxLength={1000}
              />
            )}
            {kind === 'boolean' && error?.field === 'value' && (
              <Text size="xs" c="red">
                {error.message}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button size="xs" type="submit" loading={saving}>
                Add
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
