import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Loader,
  Menu,
  Modal,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCheck,
  IconChevronDown,
  IconChevronRight,
  IconCopy,
  IconDots,
  IconKey,
  IconList,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconRefresh,
  IconSend,
  IconTrash,
  IconWebhook,
} from '@tabler/icons-react';
import { Fragment, useEffect, useRef, useState } from 'react';
import { WEBHOOK_EVENTS, type WebhookDelivery, type WebhookEndpoint, type WebhookEvent } from '../../../../preload/contract';
import { ApiError, api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { CardList } from '../../components/CardList';
import { SectionCard } from '../../components/SectionCard';
import { formatCountdown, formatDateTime, formatNumber, formatRelative } from '../../lib/format';

const EVENT_LABELS: Record<WebhookEvent | 'ping', string> = {
  'contact.created': 'Contact created',
  'contact.updated': 'Contact updated',
  'contact.deleted': 'Contact deleted',
  'contact.merged': 'Contacts merged',
  'contact.erased': 'Contact erased',
  'note.created': 'Note added',
  'contact.tag_added': 'Tag added',
  'contact.tag_removed': 'Tag removed',
  'consent.changed': 'Consent changed',
  ping: 'Test (ping)',
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Webhooks for the Integrations page: endpoints (URL, chosen events, a signing secret shown
 * once), their state (active, failing, paused with the reason and Resume), Test, and each
 * endpoint's delivery log with status, duration, attempt, the response's start and Redeliver.
 */
export function WebhooksPanel() {
  const endpoints = useResource('webhooks.endpoints', () => api.call('webhooks.list', {}));
  const [editing, setEditing] = useState<WebhookEndpoint | 'new' | null>(null);
  const [revealed, setRevealed] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const [logRevision, setLogRevision] = useState(0);
  const [testing, setTesting] = useState<string | null>(null);

  useAppEvent((event) => {
    if (event.type !== 'webhooks.changed') return;
    endpoints.reload();
    // The notice of a pause is app-wide (useWebhookPauseNotices).
    setLogRevision((n) => n + 1);
  });

  const list = endpoints.data ?? [];

  const update = async (endpoint: WebhookEndpoint, change: { enabled?: boolean; rotateSecret?: boolean }, done: string) => {
    try {
      const saved = await api.call('webhooks.update', { id: endpoint.id, ...change });
      if (saved.secret) setRevealed({ url: saved.endpoint.url, secret: saved.secret });
      else notifications.show({ color: 'teal', title: done, message: endpoint.url });
      endpoints.reload();
    } catch (error) {
      notifications.show({ color: 'red', title: 'The endpoint could not be changed', message: message(error) });
    }
  };

  const test = async (endpoint: WebhookEndpoint) => {
    setTesting(endpoint.id);
    try {
      const delivery = await api.call('webhooks.test', { id: endpoint.id });
      const ok = delivery.state === 'delivered';
      notifications.show({
        color: ok ? 'teal' : 'red',
        title: ok ? 'Test delivered' : 'Test failed',
        message: `${outcomeText(delivery)} in ${delivery.durationMs ?? 0} ms`,
      });
      setLogOf(endpoint.id);
      setLogRevision((n) => n + 1);
    } catch (error) {
      notifications.show({ color: 'red', title: 'The test could not be sent', message: message(error) });
    } finally {
      setTesting(null);
      endpoints.reload();
    }
  };

  return (
    <Stack gap="md" aria-label="Webhooks">
      <SectionCard
        id="webhooks-title"
        title="Webhooks"
        description="Send what people do in this app (new contacts, changes, notes, tags, consent, merges, deletions and erasures) to your own systems as signed HTTPS requests. Events wait while this device is offline and are retried for about a day."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Add endpoint
          </Button>
        }
      />

      <CardList
        label="Webhook endpoints"
        noun="webhook endpoints"
        loading={endpoints.loading}
        error={endpoints.error}
        empty={
          list.length === 0
            ? {
                icon: <IconWebhook size={26} />,
                title: 'No webhook endpoints yet',
                actionLabel: 'Add your first endpoint',
                onAction: () => setEditing('new'),
                text: 'An endpoint is a URL of yours that receives a POST with a JSON body for each event you choose, signed with a secret so you can check it came from here.',
              }
            : null
        }
      >
        {list.map((endpoint) => (
          <EndpointCard
            key={endpoint.id}
            endpoint={endpoint}
            testing={testing === endpoint.id}
            logOpen={logOf === endpoint.id}
            logRevision={logRevision}
            onToggleLog={() => setLogOf((open) => (open === endpoint.id ? null : endpoint.id))}
            onTest={() => void test(endpoint)}
            onEdit={() => setEditing(endpoint)}
            onRotate={() => void update(endpoint, { rotateSecret: true }, 'Secret replaced')}
            onPause={() => void update(endpoint, { enabled: false }, 'Endpoint paused')}
            onResume={() => void update(endpoint, { enabled: true }, 'Endpoint resumed: its waiting events are on their way')}
            onDelete={() => setDeleting(endpoint)}
          />
        ))}
      </CardList>

      <Text size="xs" c="dimmed">
        Each request carries <Code>X-Nexvio-Signature: t=…,v1=…</Code> (HMAC-SHA256 of the time and the raw body with your secret) and an <Code>X-Nexvio-Delivery</Code> id that stays the same
        when a delivery is retried, so you can skip repeats. An answer in the 2xx range counts as delivered; 429 and 5xx are retried; other answers are not. Changes that arrive from the chatbot
        service send no webhooks here.
      </Text>

      {editing && (
        <EndpointDialog
          endpoint={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            endpoints.reload();
            if (saved.secret) setRevealed({ url: saved.endpoint.url, secret: saved.secret });
            else notifications.show({ color: 'teal', title: 'Endpoint saved', message: saved.endpoint.url });
          }}
        />
      )}
      {revealed && <SecretModal url={revealed.url} secret={revealed.secret} onClose={() => setRevealed(null)} />}
      {deleting && (
        <DeleteEndpointDialog
          endpoint={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            if (logOf === deleting.id) setLogOf(null);
            endpoints.reload();
          }}
        />
      )}
    </Stack>
  );
}

function StateBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (endpoint.state === 'paused') return <Badge color="orange" variant="light">Paused</Badge>;
  if (endpoint.state === 'failing')
    return (
      <Tooltip label={`${endpoint.failureStreak} attempts in a row failed; still retrying`}>
        <Badge color="red" variant="light">
          Failing
        </Badge>
      </Tooltip>
    );
  return <Badge color="teal" variant="light">Active</Badge>;
}

function EndpointCard(props: {
  endpoint: WebhookEndpoint;
  testing: boolean;
  logOpen: boolean;
  logRevision: number;
  onToggleLog(): void;
  onTest(): void;
  onEdit(): void;
  onRotate(): void;
  onPause(): void;
  onResume(): void;
  onDelete(): void;
}) {
  const { endpoint } = props;
  const allEvents = endpoint.events.length === WEBHOOK_EVENTS.length;
  return (
    <Card withBorder radius="md" padding="lg" component="li" aria-label={`Endpoint ${endpoint.url}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Group gap="sm" align="flex-start" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon variant="light" size={38} radius="md" color={endpoint.state === 'active' ? 'nexvio' : endpoint.state === 'failing' ? 'red' : 'orange'}>
            <IconWebhook size={20} />
          </ThemeIcon>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <Text fw={600} ff="monospace" size="sm" truncate="end" title={endpoint.url}>
                {endpoint.url}
              </Text>
              <StateBadge endpoint={endpoint} />
            </Group>
            {endpoint.description && (
              <Text size="sm" c="dimmed">
                {endpoint.description}
              </Text>
            )}
            <Group gap={6}>
              {allEvents ? (
                <Badge variant="outline" color="gray" size="sm" tt="none">
                  All events
                </Badge>
              ) : (
                endpoint.events.map((event) => (
                  <Badge key={event} variant="outline" color="gray" size="sm" tt="none">
                    {EVENT_LABELS[event]}
                  </Badge>
                ))
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {endpoint.lastDeliveryAt ? `Last attempt ${formatRelative(endpoint.lastDeliveryAt)}` : 'Nothing sent yet'}
              {endpoint.pending > 0 ? ` · ${formatNumber(endpoint.pending)} waiting` : ''}
              {' · '}
              {endpoint.secretSet ? 'Signing secret set' : 'No signing secret on this device'}
            </Text>
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" size="xs" leftSection={<IconSend size={14} />} loading={props.testing} onClick={props.onTest} aria-label={`Send a test to ${endpoint.url}`}>
            Test
          </Button>
          <Button
            variant={props.logOpen ? 'light' : 'default'}
            size="xs"
            leftSection={<IconList size={14} />}
            onClick={props.onToggleLog}
            aria-expanded={props.logOpen}
            aria-label={`Delivery log of ${endpoint.url}`}
          >
            Delivery log
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${endpoint.url}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={props.onEdit}>
                Edit
              </Menu.Item>
              <Menu.Item leftSection={<IconKey size={14} />} onClick={props.onRotate}>
                Replace the secret
              </Menu.Item>
              {endpoint.state === 'paused' ? (
                <Menu.Item leftSection={<IconPlayerPlay size={14} />} onClick={props.onResume}>
                  Resume
                </Menu.Item>
              ) : (
                <Menu.Item leftSection={<IconPlayerPause size={14} />} onClick={props.onPause}>
                  Pause
                </Menu.Item>
              )}
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={props.onDelete}>
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {endpoint.state === 'paused' && (
        <Alert color="orange" variant="light" mt="md" icon={<IconAlertTriangle size={18} />} title="Paused: nothing is sent">
          <Group justify="space-between" wrap="nowrap" gap="md">
            <Text size="sm">
              {endpoint.pausedReason ?? 'Paused'}
              {endpoint.pausedAt ? ` (${formatRelative(endpoint.pausedAt)})` : ''}. New events wait{endpoint.pending > 0 ? ` (${formatNumber(endpoint.pending)} so far)` : ''} and go out
              when you resume. Send a test first to check the receiver.
            </Text>
            <Button size="xs" color="orange" leftSection={<IconPlayerPlay size={14} />} onClick={props.onResume} aria-label={`Resume ${endpoint.url}`}>
              Resume
            </Button>
          </Group>
        </Alert>
      )}
      {props.logOpen && <DeliveryLog endpointId={endpoint.id} revision={props.logRevision} />}
    </Card>
  );
}

function outcomeText(delivery: WebhookDelivery): string {
  if (delivery.statusCode !== null) return `HTTP ${delivery.statusCode}`;
  return delivery.error ?? (delivery.state === 'pending' ? 'Waiting' : 'No answer');
}

function StatusBadge({ delivery }: { delivery: WebhookDelivery }) {
  const color = delivery.state === 'delivered' ? 'teal' : delivery.state === 'failed' ? 'red' : delivery.attempts > 0 ? 'orange' : 'gray';
  const text = delivery.statusCode !== null ? String(delivery.statusCode) : delivery.attempts === 0 ? 'Queued' : 'No answer';
  return (
    <Badge color={color} variant="light" ff="monospace">
      {text}
    </Badge>
  );
}

function DeliveryLog({ endpointId, revision }: { endpointId: string; revision: number }) {
  const log = useResource(`webhooks.deliveries:${endpointId}`, () => api.call('webhooks.deliveries', { endpointId, limit: 50 }));
  // A delivery changed somewhere (a send, a retry, a test): refresh in place, keeping the rows on screen.
  const shownRevision = useRef(revision);
  const { reload } = log;
  useEffect(() => {
    if (shownRevision.current === revision) return;
    shownRevision.current = revision;
    reload();
  }, [revision, reload]);
  const [open, setOpen] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);

  const redeliver = async (delivery: WebhookDelivery) => {
    setSending(delivery.id);
    try {
      const result = await api.call('webhooks.redeliver', { deliveryId: delivery.id });
      notifications.show({
        color: result.state === 'delivered' ? 'teal' : 'red',
        title: result.state === 'delivered' ? 'Delivered again' : 'Redelivery failed',
        message: `${EVENT_LABELS[result.event]}: ${outcomeText(result)}`,
      });
      log.reload();
    } catch (error) {
      notifications.show({ color: 'red', title: 'It could not be sent again', message: message(error) });
    } finally {
      setSending(null);
    }
  };

  const rows = log.data?.deliveries ?? [];
  return (
    <Stack gap="xs" mt="md" aria-label="Delivery log">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Delivery log
        </Text>
        <Button variant="subtle" size="xs" leftSection={<IconRefresh size={14} />} onClick={() => log.reload()}>
          Refresh
        </Button>
      </Group>
      {log.loading && !log.data ? (
        <Loader size="sm" aria-label="Loading deliveries" />
      ) : log.error ? (
        <Alert color="red" role="alert" title="The delivery log could not be loaded">
          {log.error.message}
        </Alert>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="md" ta="center">
          No deliveries yet. Send a test, or change a contact: its events appear here.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={6} highlightOnHover aria-label="Deliveries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={32} />
                <Table.Th>Time</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Duration</Table.Th>
                <Table.Th ta="right">Attempt</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((delivery) => {
                const expanded = open === delivery.id;
                return (
                  <Fragment key={delivery.id}>
                    <Table.Tr>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          onClick={() => setOpen(expanded ? null : delivery.id)}
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'Hide' : 'Show'} the details of delivery ${delivery.id}`}
                        >
                          {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" title={formatDateTime(delivery.lastAttemptAt ?? delivery.createdAt)}>
                          {formatRelative(delivery.lastAttemptAt ?? delivery.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{EVENT_LABELS[delivery.event]}</Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge delivery={delivery} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" c="dimmed">
                          {delivery.durationMs !== null ? `${formatNumber(delivery.durationMs)} ms` : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" c="dimmed">
                          {delivery.attempts}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={260}>
                        <Text size="sm" c={delivery.state === 'failed' ? 'red' : 'dimmed'} truncate="end">
                          {delivery.state === 'delivered'
                            ? 'Delivered'
                            : delivery.state === 'pending'
                              ? delivery.nextAttemptAt
                                ? `${delivery.error ?? outcomeText(delivery)} · retry ${formatCountdown(delivery.nextAttemptAt)}`
                                : 'Sending…'
                              : (delivery.error ?? outcomeText(delivery))}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Button
                          variant="subtle"
                          size="compact-xs"
                          leftSection={<IconRefresh size={12} />}
                          loading={sending === delivery.id}
                          onClick={() => void redeliver(delivery)}
                          aria-label={`Redeliver ${EVENT_LABELS[delivery.event]} ${delivery.id}`}
                        >
                          Redeliver
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr>
                        <Table.Td colSpan={8} bg="var(--mantine-color-default-hover)">
                          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" py={4}>
                            <Stack gap={4}>
                              <Text size="xs" fw={600} c="dimmed">
                                Response (first 1 KB)
                              </Text>
                              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 220, overflow: 'auto' }} aria-label="Response excerpt">
                                {delivery.responseExcerpt ?? '(no body)'}
                              </Code>
                            </Stack>
                            <Stack gap={4}>
                              <Text size="xs" fw={600} c="dimmed">
                                Payload · X-Nexvio-Delivery {delivery.id}
                              </Text>
                              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 220, overflow: 'auto' }} aria-label="Payload">
                                {prettyJson(delivery.payload)}
                              </Code>
                            </Stack>
                          </SimpleGrid>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function EndpointDialog({ endpoint, onClose, onSaved }: { endpoint: WebhookEndpoint | null; onClose(): void; onSaved(saved: { endpoint: WebhookEndpoint; secret: string | null }): void }) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<string[]>(endpoint?.events ?? ['contact.created', 'contact.updated']);
  const [secretMode, setSecretMode] = useState<'generate' | 'paste'>('generate');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setErrors({});
    setSaving(true);
    try {
      const saved = endpoint
        ? await api.call('webhooks.update', { id: endpoint.id, url, description, events: events as WebhookEvent[] })
        : await api.call('webhooks.create', { url, description, events: events as WebhookEvent[], ...(secretMode === 'paste' ? { secret } : {}) });
      onSaved(saved);
    } catch (error) {
      const field = error instanceof ApiError ? String(error.path?.[0] ?? 'form') : 'form';
      setErrors({ [field]: message(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={endpoint ? 'Edit webhook endpoint' : 'Add a webhook endpoint'} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Endpoint URL"
            description="Where each event is sent as a POST. Only http:// and https://; https is strongly advised."
            placeholder="https://example.com/hooks/nexvio"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors['url']}
            required
            data-autofocus
          />
          <TextInput label="Description" placeholder="e.g. Our CRM" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors['description']} maxLength={200} />
          <Checkbox.Group label="Events to send" value={events} onChange={setEvents} error={errors['events']} required>
            <Group justify="space-between" mt={6} mb={4}>
              <Text size="xs" c="dimmed">
                {events.length} of {WEBHOOK_EVENTS.length} chosen
              </Text>
              <Anchor component="button" type="button" size="xs" onClick={() => setEvents(events.length === WEBHOOK_EVENTS.length ? [] : [...WEBHOOK_EVENTS])}>
                {events.length === WEBHOOK_EVENTS.length ? 'Clear all' : 'Choose all'}
              </Anchor>
            </Group>
            <SimpleGrid cols={2} spacing="xs">
              {WEBHOOK_EVENTS.map((event) => (
                <Checkbox key={event} value={event} label={EVENT_LABELS[event]} description={<Code fz={11}>{event}</Code>} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          {!endpoint && (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                Signing secret
              </Text>
              <SegmentedControl
                value={secretMode}
                onChange={(value) => setSecretMode(value as 'generate' | 'paste')}
                data={[
                  { value: 'generate', label: 'Generate one for me' },
                  { value: 'paste', label: 'Use my own' },
                ]}
                aria-label="Signing secret"
              />
              {secretMode === 'paste' ? (
                <PasswordInput
                  label="Your secret"
                  description="At least 16 characters, without spaces."
                  value={secret}
                  onChange={(e) => setSecret(e.currentTarget.value)}
                  error={errors['secret']}
                  required
                />
              ) : (
                <Text size="xs" c="dimmed">
                  A random secret is made and shown to you once, after saving. It is kept on this device outside the workspace database.
                </Text>
              )}
            </Stack>
          )}
          {errors['form'] && (
            <Alert color="red" role="alert">
              {errors['form']}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {endpoint ? 'Save changes' : 'Add endpoint'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SecretModal({ url, secret, onClose }: { url: string; secret: string; onClose(): void }) {
  return (
    <Modal opened onClose={onClose} title="Your signing secret" size="lg">
      <Stack gap="md">
        <Text size="sm">
          Copy it into the receiver at <Code>{url}</Code> now: it is shown only this once. The receiver checks each request’s <Code>X-Nexvio-Signature</Code> with it.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, fontSize: 14 }} aria-label="Signing secret">
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'light' : 'default'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeleteEndpointDialog({ endpoint, onClose, onDeleted }: { endpoint: WebhookEndpoint; onClose(): void; onDeleted(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const remove = async () => {
    setDeleting(true);
    try {
      await api.call('webhooks.delete', { id: endpoint.id });
      onDeleted();
    } catch (e) {
      setError(message(e));
    } finally {
      setDeleting(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="Delete this endpoint?">
      <Stack gap="md">
        <Text size="sm">
          <Code>{endpoint.url}</Code> stops receiving events at once. Its delivery log{endpoint.pending > 0 ? ` and ${formatNumber(endpoint.pending)} waiting events` : ''} and its secret are
          removed from this device.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={deleting} onClick={() => void remove()}>
            Delete endpoint
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
