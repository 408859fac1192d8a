import { Badge, Blockquote, Group, Loader, Modal, Select, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconCircleCheck, IconCircleMinus, IconCircleX, IconCloudUpload } from '@tabler/icons-react';
import { useState } from 'react';
import type { ConsentEntry, ContactDetail } from '../../../../../preload/contract';
import { api } from '../../../api/client';
import { concernsContact, useReloadOn } from '../../../api/useAppEvent';
import { useResource } from '../../../api/useResource';
import { Untrusted } from '../../../components/Untrusted';
import { formatDateTime, humanize } from '../../../lib/format';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';
import { CONSENT_STATUS } from './ConsentSection';

const STATUS_ICON = { granted: IconCircleCheck, denied: IconCircleX, withdrawn: IconCircleMinus } as const;

/** Every consent entry of a contact, newest first, with how, what shows it and who recorded it. */
export function ConsentHistoryDialog({ contact, opened, onClose }: { contact: ContactDetail; opened: boolean; onClose(): void }) {
  const history = useResource(opened ? `consent-history:${contact.id}` : null, () => api.call('consent.history', { contactId: contact.id }));
  useReloadOn(history.reload, (event) => concernsContact(event, contact.id), 300);
  const purposes = useConsentPurposes((s) => s.purposes);
  const [purpose, setPurpose] = useState<string | null>(null);
  const labelOf = (key: string) => purposes.find((p) => p.key === key)?.label ?? humanize(key);
  const entries = (history.data ?? []).filter((e) => purpose === null || e.purpose === purpose);
  const present = [...new Set((history.data ?? []).map((e) => e.purpose))];

  return (
    <Modal opened={opened} onClose={onClose} title={`Consent history · ${contact.displayName || 'Unnamed contact'}`} size="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <Text size="sm" c="dimmed" maw={360}>
            Every statement the person made, newest first. Entries are only ever added, so this is the record to show an auditor.
          </Text>
          <Select
            aria-label="Purpose"
            placeholder="All purposes"
            clearable
            data={present.map((key) => ({ value: key, label: labelOf(key) }))}
            value={purpose}
            onChange={setPurpose}
            w={200}
          />
        </Group>
        {history.loading ? (
          <Group justify="center" py="xl">
            <Loader size="sm" />
          </Group>
        ) : history.error ? (
          <Text c="red" size="sm" role="alert">
            The history could not be read: {history.error.message}
          </Text>
        ) : entries.length === 0 ? (
          <Text c="dimmed" size="sm" py="lg" ta="center">
            Nothing recorded yet. “Record” on the contact adds the first entry.
          </Text>
        ) : (
          <Timeline bulletSize={24} lineWidth={2} role="list" aria-label="Consent entries" styles={{ itemBullet: { background: 'transparent', border: 0 } }}>
            {entries.map((entry, index) => (
              <Timeline.Item role="listitem" key={`${entry.purpose}-${entry.at}-${index}`} bullet={<StatusIcon entry={entry} />} color={CONSENT_STATUS[entry.status].color} title={<EntryTitle entry={entry} label={labelOf(entry.purpose)} />}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(entry.at)}
                  {entry.source ? ` · via ` : ''}
                  {entry.source && <Untrusted text={entry.source} />}
                  {' · '}
                  {entry.recordedBy ? `recorded by ${entry.recordedBy}` : 'from the chatbot'}
                </Text>
                {entry.evidence && (
                  <Blockquote p="xs" mt={6} radius="sm" color="gray" styles={{ root: { fontSize: 'var(--mantine-font-size-sm)' } }}>
                    <Untrusted text={entry.evidence} />
                  </Blockquote>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
    </Modal>
  );
}

function StatusIcon({ entry }: { entry: ConsentEntry }) {
  const Icon = STATUS_ICON[entry.status];
  return (
    <ThemeIcon size={24} radius="xl" variant="light" color={CONSENT_STATUS[entry.status].color}>
      <Icon size={15} aria-hidden />
    </ThemeIcon>
  );
}

function EntryTitle({ entry, label }: { entry: ConsentEntry; label: string }) {
  return (
    <Group gap={8} wrap="nowrap">
      <Text size="sm" fw={600} component="span">
        {label}
      </Text>
      <Badge size="sm" variant="light" color={CONSENT_STATUS[entry.status].color} style={{ textTransform: 'none' }}>
        {CONSENT_STATUS[entry.status].label}
      </Badge>
      {entry.pending && (
        <Badge size="sm" variant="light" color="yellow" leftSection={<IconCloudUpload size={11} />} style={{ textTransform: 'none' }}>
          Not synced yet
        </Badge>
      )}
    </Group>
  );
}
