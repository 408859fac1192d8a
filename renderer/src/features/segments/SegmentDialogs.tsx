import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { ContactFilter, SavedView, Segment } from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { useListView } from '../../state/listView';
import { useUi } from '../../state/ui';

function messageOf(error: unknown): string {
  return error instanceof ApiError || error instanceof Error ? error.message : String(error);
}

/**
 * Names a new segment: a saved filter (from the list's current filter) or an empty list.
 * On save the new segment opens.
 */
export function NewSegmentDialog({
  opened,
  onClose,
  kind: initialKind,
  filter,
  view,
  allowKindChoice,
  initialMembers = [],
}: {
  opened: boolean;
  onClose(): void;
  kind: Segment['kind'];
  filter: ContactFilter;
  view: SavedView;
  allowKindChoice: boolean;
  /** A new list's first members (a list started from a contact). */
  initialMembers?: string[];
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Segment['kind']>(initialKind);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const openSegment = useListView((s) => s.openSegment);
  const setView = useUi((s) => s.setView);

  useEffect(() => {
    if (opened) {
      setName('');
      setError(null);
      setKind(initialKind);
    }
  }, [opened, initialKind]);

  const save = async () => {
    setSaving(true);
    try {
      const members = kind === 'list' ? initialMembers : [];
      const segment = await api.call('segments.create', { name, kind, filter: kind === 'filter' ? filter : {}, view, contactIds: members });
      onClose();
      // Started from a contact: stay with it; otherwise show the new segment (its title and
      // the sidebar say it was saved).
      if (members.length === 0) {
        // The filter now lives in the segment: "All contacts" shows everyone again.
        if (kind === 'filter' && useListView.getState().open === null) useListView.getState().clearFilters();
        openSegment(segment);
        setView('contacts');
      } else {
        notifications.show({ color: 'teal', title: 'List created', message: `“${segment.name}” is in the sidebar under Contacts.` });
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={kind === 'filter' ? 'Save as segment' : 'New list'} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          {allowKindChoice && (
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as Segment['kind'])}
              data={[
                { value: 'filter', label: 'Saved filter' },
                { value: 'list', label: 'List of chosen contacts' },
              ]}
              aria-label="Kind of segment"
            />
          )}
          <Text size="sm" c="dimmed">
            {kind === 'filter'
              ? 'A segment keeps this filter: contacts join and leave it as they change, and its count stays current.'
              : 'A list holds the contacts you add to it, from a contact’s menu or a selection in the list.'}
          </Text>
          <TextInput
            label="Name"
            placeholder={kind === 'filter' ? 'Returning WhatsApp visitors in Germany' : 'Call back this week'}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            maxLength={80}
            data-autofocus
            required
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={name.trim() === ''}>
              {kind === 'filter' ? 'Save segment' : 'Create list'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Renames a segment or list. */
export function RenameSegmentDialog({ segment, onClose }: { segment: Segment | null; onClose(): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Filled when the dialog opens for a segment; a refreshed copy of the same one (a sync, a
  // save) must not overwrite what is being typed.
  const segmentId = segment?.id ?? null;
  const initialName = segment?.name ?? '';
  useEffect(() => {
    if (segmentId) {
      setName(initialName);
      setError(null);
    }
  }, [segmentId]);
  const save = async () => {
    if (!segment) return;
    try {
      await api.call('segments.update', { id: segment.id, name });
      onClose();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Modal opened={segment !== null} onClose={onClose} title={`Rename “${segment?.name ?? ''}”`} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} maxLength={80} data-autofocus required />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={name.trim() === ''}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Asks before deleting a segment (its contacts stay; only the segment goes). */
export function DeleteSegmentDialog({ segment, onClose }: { segment: Segment | null; onClose(): void }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [segment?.id]);
  const remove = async () => {
    if (!segment) return;
    try {
      await api.call('segments.delete', { id: segment.id });
      onClose();
      notifications.show({ title: `Deleted “${segment.name}”`, message: 'Its contacts are still in your workspace.' });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Modal opened={segment !== null} onClose={onClose} title={`Delete “${segment?.name ?? ''}”?`} centered>
      <Stack gap="md">
        <Text size="sm">
          {segment?.kind === 'list'
            ? 'The list goes; the contacts on it stay in your workspace.'
            : 'The saved filter goes; no contact is changed or deleted.'}
        </Text>
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" onClick={() => void remove()}>
            Delete {segment?.kind === 'list' ? 'list' : 'segment'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
