import { Alert, Button, Group, List, Modal, Skeleton, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCloudUpload, IconEraser, IconShieldLock } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { ErasurePreview, ErasureResult } from '../../../../preload/contract';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { formatNumber } from '../../lib/format';

const FALLBACK_WORD = 'ERASE';
/** A name people can type: short, letters, digits and the usual marks (hostile or long names fall back to ERASE). */
const TYPEABLE_NAME = /^[\p{L}\p{M}\p{N} .,'’-]{1,60}$/u;

/** What the person types to confirm: the contact's name when it can be typed, ERASE otherwise. */
export function confirmationWord(preview: ErasurePreview): string {
  const name = preview.name?.trim() ?? '';
  return TYPEABLE_NAME.test(name) ? name : FALLBACK_WORD;
}

/** "3 conversations" with the number in bold; a zero reads dimmed ("no notes"). */
function Counted({ n, one, many = `${one}s` }: { n: number; one: string; many?: string }) {
  if (n === 0) return <Text span c="dimmed" size="sm">no {many}</Text>;
  return (
    <>
      <Text span fw={650} size="sm">
        {formatNumber(n)}
      </Text>{' '}
      {n === 1 ? one : many}
    </>
  );
}

/**
 * The confirmation of a permanent erasure: exactly what goes (counts), that it cannot be
 * undone, that the service erases it too (or that it is queued), and the contact's name (or
 * ERASE) typed to enable the red button. Nothing personal appears in the notice afterwards.
 */
export function EraseContactDialog({
  contactId,
  onClose,
  onErased,
}: {
  /** The contact to erase; null keeps the dialog closed. */
  contactId: string | null;
  onClose(): void;
  onErased?: ((result: ErasureResult) => void) | undefined;
}) {
  const preview = useResource<ErasurePreview>(contactId ? `erase-preview:${contactId}` : null, () => api.call('privacy.erasePreview', { id: contactId as string }));
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setTyped('');
    setError(null);
    setBusy(false);
  }, [contactId]);

  const data = preview.data;
  const word = data ? confirmationWord(data) : FALLBACK_WORD;
  const confirmed = typed.trim() === word;

  const erase = async () => {
    if (!contactId || !confirmed) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('privacy.erase', { id: contactId });
      notifications.show({
        color: 'teal',
        icon: <IconShieldLock size={18} />,
        title: 'Contact erased',
        message: `Everything about this person was removed from this device${data?.synced ? ' and the erasure is on its way to Nexvio.ai' : ''}.${result.bytesWiped ? '' : ' The last traces leave the file as soon as the database is idle.'}`,
        autoClose: 6000,
      });
      onErased?.(result);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={contactId !== null}
      onClose={busy ? () => undefined : onClose}
      size={560}
      title={
        <Group gap={10} wrap="nowrap">
          <ThemeIcon color="red" variant="light" radius="xl" size={32}>
            <IconEraser size={18} />
          </ThemeIcon>
          <Text fw={650} size="lg">
            Erase this person permanently?
          </Text>
        </Group>
      }
    >
      {preview.error && !data ? (
        <Alert color="red" variant="light" title="The contact could not be loaded">
          {preview.error.message}
        </Alert>
      ) : !data ? (
        <Stack gap="sm" aria-busy aria-label="Counting what will be erased">
          <Skeleton height={16} width="70%" />
          <Skeleton height={90} />
          <Skeleton height={36} />
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void erase();
          }}
        >
          <Stack gap="md">
            <Text size="sm">
              {data.name ? (
                <>
                  <Text span fw={600} className="untrusted" dir="auto">
                    {data.name.slice(0, 200)}
                  </Text>{' '}
                  and everything this device holds about them will be removed:
                </>
              ) : (
                'This contact and everything this device holds about them will be removed:'
              )}
            </Text>
            <List size="sm" spacing={4} aria-label="What will be erased" withPadding>
              <List.Item>
                <Counted n={data.counts.conversations} one="conversation" />
                {data.counts.conversations > 0 && (
                  <>
                    {' '}
                    with <Counted n={data.counts.messages} one="message" />
                  </>
                )}
              </List.Item>
              <List.Item>
                <Counted n={data.counts.events} one="event" />
              </List.Item>
              <List.Item>
                <Counted n={data.counts.notes} one="note" />
              </List.Item>
              <List.Item>
                <Counted n={data.counts.followUps} one="follow-up" />
              </List.Item>
              <List.Item>
                <Counted n={data.counts.consents} one="consent record" />
              </List.Item>
              <List.Item>Their details, custom fields, preferences, tags, lists, change history and unsent changes</List.Item>
              {data.counts.people > 1 && (
                <List.Item>
                  <Counted n={data.counts.people - 1} one="earlier record" /> merged into this contact and not yet sent
                </List.Item>
              )}
            </List>
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="This cannot be undone">
              The data is wiped from this device’s database file, not just hidden. Any email address or phone number of theirs goes on the
              suppression list (as a salted hash, never the value), so a sync or an import cannot bring them back.
            </Alert>
            <Group gap={8} wrap="nowrap" align="flex-start">
              <IconCloudUpload size={18} style={{ flexShrink: 0, marginTop: 2 }} aria-hidden color="var(--mantine-color-dimmed)" />
              <Text size="sm" c="dimmed">
                {data.synced
                  ? 'Nexvio.ai erases the person too: the request is sent at once when online, or queued and sent as soon as the connection is back.'
                  : 'This workspace is not connected to Nexvio.ai yet: the erasure is queued and sent once it is.'}
              </Text>
            </Group>
            <TextInput
              data-autofocus
              label={
                <>
                  Type <Text span fw={700} ff={word === FALLBACK_WORD ? 'monospace' : undefined} className="untrusted" dir="auto">{word}</Text> to confirm
                </>
              }
              description={word === FALLBACK_WORD && data.name ? 'This name cannot be typed reliably, so type ERASE instead.' : undefined}
              aria-label={word === FALLBACK_WORD ? 'Type ERASE to confirm' : 'Type the contact’s name to confirm'}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              disabled={busy}
            />
            {error && (
              <Alert color="red" variant="light" title="The contact could not be erased">
                {error}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" color="red" leftSection={<IconEraser size={16} />} disabled={!confirmed} loading={busy}>
                Erase permanently
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
