import { Alert, Autocomplete, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { ConsentStatus, ContactDetail } from '../../../../../preload/contract';
import { api, ApiError } from '../../../api/client';
import { stripPathPrefix } from '../../../lib/text';
import { toLocalInput } from '../../follow-ups/useFollowUps';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';

const SOURCES = ['Phone call', 'Email', 'Chat', 'In person', 'Web form', 'Letter'];

type Field = 'purpose' | 'source' | 'evidence' | 'at' | 'form';

/**
 * Records what a person said about one purpose: a new entry at the top of the history (the
 * older ones stay), sent to the service as `consent_set`. `purpose` null = closed, '' = choose.
 */
export function RecordConsentDialog({ contact, purpose, onClose }: { contact: ContactDetail; purpose: string | null; onClose(): void }) {
  const purposes = useConsentPurposes((s) => s.purposes);
  const active = purposes.filter((p) => !p.archived);
  const [chosen, setChosen] = useState<string | null>(null);
  const [status, setStatus] = useState<ConsentStatus>('granted');
  const [source, setSource] = useState('');
  const [evidence, setEvidence] = useState('');
  const [earlier, setEarlier] = useState(false);
  const [at, setAt] = useState(() => toLocalInput(new Date()));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saving, setSaving] = useState(false);

  // Reset when the dialog opens, not when the contact reloads behind it (a sync, another edit):
  // that would wipe what the person is typing.
  const consentsRef = useRef(contact.consents);
  consentsRef.current = contact.consents;
  useEffect(() => {
    if (purpose === null) return;
    const current = consentsRef.current.find((c) => c.purpose === purpose);
    setChosen(purpose || null);
    // The likely change: a granted consent is withdrawn, anything else is granted.
    setStatus(current?.status === 'granted' ? 'withdrawn' : 'granted');
    setSource('');
    setEvidence('');
    setEarlier(false);
    setAt(toLocalInput(new Date()));
    setErrors({});
  }, [purpose]);

  const label = purposes.find((p) => p.key === chosen)?.label;
  const submit = async () => {
    const next: typeof errors = {};
    if (!chosen) next.purpose = 'Choose a purpose';
    if (source.trim() === '') next.source = 'Say how it was given or withdrawn';
    if (evidence.trim() === '') next.evidence = 'Say what shows it (a quote, a ticket number…)';
    const when = earlier ? new Date(at) : null;
    if (when && Number.isNaN(when.getTime())) next.at = 'Pick a date and time';
    setErrors(next);
    if (Object.keys(next).length > 0 || !chosen) return;
    setSaving(true);
    try {
      await api.call('consent.record', {
        contactId: contact.id,
        purpose: chosen,
        status,
        source: source.trim(),
        evidence: evidence.trim(),
        ...(when ? { at: when.toISOString() } : {}),
      });
      notifications.show({ color: 'teal', message: `${label ?? 'Consent'}: ${status} recorded. It syncs with the next sync.` });
      onClose();
    } catch (error) {
      const path = error instanceof ApiError ? error.path : undefined;
      const message = error instanceof Error ? stripPathPrefix(error.message, path) : String(error);
      const field = path?.[0];
      setErrors(field === 'purpose' || field === 'source' || field === 'evidence' || field === 'at' ? { [field]: message } : { form: message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={purpose !== null} onClose={onClose} title="Record consent" size="lg">
      <form
        aria-label="Record consent"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            A new entry for {contact.displayName || 'this contact'}. Earlier entries stay in the history: consent is never overwritten.
          </Text>
          <Select
            label="Purpose"
            placeholder="Choose a purpose"
            data={active.map((p) => ({ value: p.key, label: p.label }))}
            value={chosen}
            onChange={setChosen}
            error={errors.purpose}
            allowDeselect={false}
            data-autofocus={purpose === '' ? true : undefined}
          />
          <div>
            <Text size="sm" fw={500} mb={4} id="consent-status-label">
              The person has
            </Text>
            <SegmentedControl
              aria-labelledby="consent-status-label"
              fullWidth
              value={status}
              onChange={(value) => setStatus(value as ConsentStatus)}
              data={[
                { value: 'granted', label: 'Granted' },
                { value: 'denied', label: 'Denied' },
                { value: 'withdrawn', label: 'Withdrawn' },
              ]}
            />
          </div>
          <Autocomplete
            label="How"
            description="Where the person said it"
            placeholder="Phone call"
            data={SOURCES}
            value={source}
            onChange={setSource}
            error={errors.source}
            maxLength={100}
            data-autofocus={purpose ? true : undefined}
          />
          <Textarea
            label="Evidence"
            description="What shows it: their words, a ticket or form number, a recording’s reference"
            placeholder="“Please stop sending me offers” — call on 3 May, ticket 4821"
            value={evidence}
            onChange={(event) => setEvidence(event.currentTarget.value)}
            error={errors.evidence}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
          />
          <Group align="flex-end" gap="md">
            <Checkbox label="It was said earlier" checked={earlier} onChange={(event) => setEarlier(event.currentTarget.checked)} mb={8} />
            {earlier && <TextInput label="When" type="datetime-local" value={at} max={toLocalInput(new Date())} onChange={(event) => setAt(event.currentTarget.value)} error={errors.at} />}
          </Group>
          {status !== 'granted' && purposes.find((p) => p.key === chosen)?.marketing && (
            <Alert variant="light" color="orange" icon={<IconInfoCircle size={16} />} p="xs">
              The contact will be marked “No marketing” in the list, in exports and in pushes to marketing tools.
            </Alert>
          )}
          {errors.form && (
            <Text size="sm" c="red" role="alert">
              {errors.form}
            </Text>
          )}
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Record
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
