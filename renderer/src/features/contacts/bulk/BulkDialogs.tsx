import { Autocomplete, Button, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { BulkAction, BulkTarget, EditableContactFields, FieldDefinition, FieldValue } from '../../../../../preload/contract';
import { ApiError, api } from '../../../api/client';
import { useResource } from '../../../api/useResource';
import { FilePathField } from '../../../components/FilePathField';
import { formatNumber } from '../../../lib/format';
import { stripPathPrefix } from '../../../lib/text';
import { useBulkJob } from './bulkJob';

/** What the chosen action applies to, and how to say it ("12 contacts", "all 48,213 matching contacts"). */
export interface TargetSummary {
  target: BulkTarget;
  count: number;
  /** The count as shown: "48,213", or "10,000+" for a search broader than the count goes. */
  countText: string;
  words: string;
}

const errorText = (error: unknown) => (error instanceof ApiError ? stripPathPrefix(error.message, error.path) : error instanceof Error ? error.message : String(error));

interface ActionDialogProps {
  title: string;
  submit: string;
  submitColor?: string;
  target: BulkTarget;
  onClose(): void;
  onStarted?(): void;
  /** The action to start, or what is missing in words. */
  action(): BulkAction | string;
  /** A refusal shown goes when this changes (another field chosen). */
  resetOn?: unknown;
  children: ReactNode;
}

/** A dialog whose submit starts the bulk action; a refusal shows in it, in words. */
function ActionDialog({ title, submit, submitColor, target, onClose, onStarted, action, resetOn, children }: ActionDialogProps) {
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  useEffect(() => setError(null), [resetOn]);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = action();
    if (typeof chosen === 'string') return setError(chosen);
    setError(null);
    setStarting(true);
    try {
      await useBulkJob.getState().start(target, chosen);
      onStarted?.();
      onClose();
    } catch (err) {
      setError(errorText(err));
      setStarting(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={title} centered size="md">
      <form onSubmit={(event) => void run(event)} onInput={() => setError(null)} noValidate>
        <Stack gap="md">
          {children}
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={submitColor} loading={starting}>
              {submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Add a tag (an existing one, or a new one typed) or remove one, on every chosen contact. */
export function TagDialog({ mode, summary, onClose }: { mode: 'addTag' | 'removeTag'; summary: TargetSummary; onClose(): void }) {
  const tags = useResource('tags', () => api.call('tags.list', {}));
  const [tag, setTag] = useState('');
  const names = (tags.data ?? []).map((t) => t.name);
  const adding = mode === 'addTag';
  return (
    <ActionDialog
      title={adding ? `Add a tag to ${summary.words}` : `Remove a tag from ${summary.words}`}
      submit={adding ? 'Add tag' : 'Remove tag'}
      target={summary.target}
      onClose={onClose}
      action={() => (tag.trim() ? { kind: mode, tag: tag.trim() } : 'Choose a tag')}
    >
      {adding ? (
        <Autocomplete
          label="Tag"
          description="Pick a tag or type a new one"
          placeholder="VIP, Newsletter…"
          data={names}
          value={tag}
          onChange={setTag}
          maxLength={100}
          limit={50}
          data-autofocus
          comboboxProps={{ withinPortal: true }}
        />
      ) : (
        <Select
          label="Tag"
          placeholder={names.length ? 'Choose the tag to remove' : 'No tags yet'}
          data={names}
          value={tag || null}
          onChange={(value) => setTag(value ?? '')}
          searchable
          nothingFoundMessage="No tag of that name"
          data-autofocus
          comboboxProps={{ withinPortal: true }}
        />
      )}
      <Text size="sm" c="dimmed">
        {adding ? 'Contacts that have it already stay as they are.' : 'Contacts without it stay as they are.'} You can undo this afterwards.
      </Text>
    </ActionDialog>
  );
}

/** The basic fields it makes sense to give many contacts at once (a name or email belongs to one person). */
const BASIC_FIELDS = [
  { key: 'city', label: 'City' },
  { key: 'country', label: 'Country' },
  { key: 'locale', label: 'Locale' },
  { key: 'timezone', label: 'Time zone' },
] as const;
type BasicKey = (typeof BASIC_FIELDS)[number]['key'];

const BASIC_HINTS: Record<BasicKey, { placeholder: string; description?: string }> = {
  city: { placeholder: 'Berlin' },
  country: { placeholder: 'DE', description: 'A two-letter country code' },
  locale: { placeholder: 'de-DE' },
  timezone: { placeholder: 'Europe/Berlin' },
};

/** Set one field (basic or custom) on every chosen contact, with the input its type needs; or clear it. */
export function SetFieldDialog({ summary, onClose }: { summary: TargetSummary; onClose(): void }) {
  const definitions = useResource('fields', () => api.call('fields.list', {}));
  const custom = (definitions.data ?? []).filter((d) => !d.archived);
  const [field, setField] = useState<string | null>(null);
  const [value, setValue] = useState<FieldValue>(null);
  const [clear, setClear] = useState(false);
  const definition = field?.startsWith('custom:') ? custom.find((d) => `custom:${d.key}` === field) : undefined;
  const basic = BASIC_FIELDS.find((f) => f.key === field);
  const label = definition?.label ?? basic?.label ?? 'field';

  const action = (): BulkAction | string => {
    if (!field) return 'Choose a field';
    const next = clear ? null : value;
    if (!clear && (next === null || next === '' || (Array.isArray(next) && next.length === 0))) return `Enter the new ${label.toLowerCase()}, or choose to clear it`;
    const fields: EditableContactFields = definition ? { customFields: { [definition.key]: next } } : { [field]: next };
    return { kind: 'setField', fields };
  };

  return (
    <ActionDialog title={`Set a field on ${summary.words}`} submit={field ? `Set ${label}` : 'Set field'} target={summary.target} onClose={onClose} action={action} resetOn={field}>
      <Select
        label="Field"
        placeholder="Choose a field"
        data={[
          { group: 'Contact', items: BASIC_FIELDS.map((f) => ({ value: f.key, label: f.label })) },
          ...(custom.length ? [{ group: 'Custom fields', items: custom.map((d) => ({ value: `custom:${d.key}`, label: d.label })) }] : []),
        ]}
        value={field}
        onChange={(next) => {
          setField(next);
          // A switch shows "No" at first: that is its value until it is flipped.
          setValue(custom.find((d) => `custom:${d.key}` === next)?.type === 'boolean' ? false : null);
        }}
        searchable
        data-autofocus
        comboboxProps={{ withinPortal: true }}
      />
      {field && (
        <>
          {!clear &&
            (definition ? (
              <ValueInput definition={definition} value={value} onChange={setValue} />
            ) : (
              basic && (
                <TextInput
                  label={`New ${basic.label.toLowerCase()}`}
                  {...BASIC_HINTS[basic.key]}
                  value={typeof value === 'string' ? value : ''}
                  onChange={(event) => setValue(event.currentTarget.value)}
                  maxLength={basic.key === 'country' ? 2 : 200}
                />
              )
            ))}
          <Checkbox label={`Clear ${label.toLowerCase()} instead`} checked={clear} onChange={(event) => setClear(event.currentTarget.checked)} />
        </>
      )}
      <Text size="sm" c="dimmed">
        The value is checked as in a single edit. You can undo this afterwards; values changed since are left alone.
      </Text>
    </ActionDialog>
  );
}

/** The input a custom field's type needs. */
function ValueInput({ definition, value, onChange }: { definition: FieldDefinition; value: FieldValue; onChange(value: FieldValue): void }) {
  const label = `New ${definition.label.toLowerCase()}`;
  const text = typeof value === 'string' ? value : '';
  switch (definition.type) {
    case 'boolean':
      return <Switch label={`${definition.label}: ${value === true ? 'Yes' : 'No'}`} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />;
    case 'number':
      return <NumberInput label={label} value={typeof value === 'number' ? value : ''} onChange={(next) => onChange(typeof next === 'number' ? next : null)} />;
    case 'select':
      return <Select label={label} data={definition.options} value={text || null} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} />;
    case 'multi_select':
      return (
        <MultiSelect
          label={label}
          data={definition.options}
          value={Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []}
          onChange={onChange}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'date':
      return <TextInput type="date" label={label} value={text.slice(0, 10)} onChange={(event) => onChange(event.currentTarget.value)} />;
    default: {
      const hints = { url: 'https://…', email: 'name@example.com', phone: '+4930123456', text: '' } as const;
      return <TextInput label={label} placeholder={hints[definition.type]} value={text} onChange={(event) => onChange(event.currentTarget.value)} maxLength={5000} />;
    }
  }
}

/** "Delete 48,213 contacts?" with what it means and how long it can be undone. */
export function DeleteDialog({ summary, onClose, onDeleted }: { summary: TargetSummary; onClose(): void; onDeleted(): void }) {
  const counted = `${summary.countText} ${summary.count === 1 && !summary.countText.endsWith('+') ? 'contact' : 'contacts'}`;
  return (
    <ActionDialog title={`Delete ${counted}?`} submit={`Delete ${counted}`} submitColor="red" target={summary.target} onClose={onClose} onStarted={onDeleted} action={() => ({ kind: 'delete' })}>
      <Text size="sm">
        {summary.count === 1 ? 'This contact and everything of it' : `These ${counted} and everything of them`} (conversations, notes, follow-ups, consents) leave this workspace.
      </Text>
      <Text size="sm" c="dimmed">
        You can undo it for a minute after it has finished; then the deletions are sent to Nexvio.ai.
      </Text>
    </ActionDialog>
  );
}

/** Where the finished export is, with Copy path. */
export function ExportReadyModal() {
  const exported = useBulkJob((s) => s.exported);
  const close = useBulkJob((s) => s.closeExported);
  if (!exported?.exportPath) return null;
  return (
    <Modal opened onClose={close} title="Export ready" centered size="lg">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconFileSpreadsheet size={22} color="var(--mantine-color-teal-6)" aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm">
            {formatNumber(exported.changed)} {exported.changed === 1 ? 'contact was' : 'contacts were'} saved as a CSV file (UTF-8, opens in Excel, Numbers and Google Sheets).
          </Text>
        </Group>
        <FilePathField path={exported.exportPath} />
        <Group justify="flex-end" gap="sm">
          <Button onClick={close}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
