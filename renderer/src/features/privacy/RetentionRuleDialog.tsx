import { Alert, Button, Group, Loader, Modal, NumberInput, Radio, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import {
  RETENTION_MAX_DAYS,
  retentionOutcomeWords,
  retentionRuleWords,
  type RetentionAction,
  type RetentionKind,
  type RetentionPreview,
  type RetentionRule,
} from '../../../../preload/contract';
import { api, ApiError } from '../../api/client';
import { formatDate, formatNumber } from '../../lib/format';

/** What each kind of rule reaches, in a sentence. */
export function ruleScope(rule: { kind: RetentionKind; action: RetentionAction | null }): string {
  if (rule.kind === 'contacts_inactive') {
    return rule.action === 'erase'
      ? 'Removes the person everywhere, also on the chatbot service. Cannot be undone.'
      : 'Keeps an anonymous record with its counts; names, contact details, notes and texts go, also on the chatbot service.';
  }
  return 'On this device only: the chatbot service keeps its own copy.';
}

export interface RuleDialogStart {
  /** The rule to change or preview; null for a new one. */
  rule: RetentionRule | null;
  step: 'settings' | 'preview';
}

const KIND_OPTIONS: { value: RetentionKind; label: string }[] = [
  { value: 'contacts_inactive', label: 'Inactive contacts' },
  { value: 'transcripts', label: 'Transcripts' },
  { value: 'events', label: 'Events' },
];

const DAY_PRESETS = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 730, label: '2 years' },
];

type Errors = Partial<Record<'days' | 'action' | 'general', string>>;

/**
 * Adds or changes a rule, then shows what it would do now: the count and the first few.
 * Only from that preview can the rule be turned on (the core insists as well).
 */
export function RuleDialog({ start, onClose, onChanged }: { start: RuleDialogStart; onClose(): void; onChanged(): void }) {
  const [rule, setRule] = useState<RetentionRule | null>(start.rule);
  const [step, setStep] = useState(start.step);
  const [kind, setKind] = useState<RetentionKind>(start.rule?.kind ?? 'contacts_inactive');
  const [action, setAction] = useState<RetentionAction>(start.rule?.action ?? 'anonymise');
  const [days, setDays] = useState<number | string>(start.rule?.days ?? 730);
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});

  const loadPreview = async (target: RetentionRule) => {
    setBusy(true);
    setPreview(null);
    try {
      setPreview(await api.call('retention.preview', { id: target.id }));
      setStep('preview');
    } catch (error) {
      setErrors({ general: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (start.step === 'preview' && start.rule) void loadPreview(start.rule);
    // Once, for the rule the dialog opened with.
  }, []);

  const saveAndPreview = async () => {
    setErrors({});
    if (typeof days !== 'number' || !Number.isInteger(days)) return setErrors({ days: 'Enter a whole number of days' });
    setBusy(true);
    try {
      const saved = await api.call('retention.save', { ...(rule ? { id: rule.id } : {}), kind, action: kind === 'contacts_inactive' ? action : null, days });
      setRule(saved);
      onChanged();
      await loadPreview(saved);
    } catch (error) {
      setBusy(false);
      const field = error instanceof ApiError ? error.path?.[0] : undefined;
      const message = error instanceof Error ? error.message : String(error);
      setErrors(field === 'days' || field === 'action' ? { [field]: message } : { general: message });
    }
  };

  const turnOn = async () => {
    if (!rule) return;
    setBusy(true);
    try {
      const next = await api.call('retention.setEnabled', { id: rule.id, enabled: true });
      notifications.show({ color: 'teal', title: 'Rule turned on', message: `${retentionRuleWords(next)}. It runs daily; Run now applies it at once.` });
      onChanged();
      onClose();
    } catch (error) {
      setBusy(false);
      setErrors({ general: error instanceof Error ? error.message : String(error) });
    }
  };

  const draft = { kind, action: kind === 'contacts_inactive' ? action : null, days: typeof days === 'number' ? days : 0 };
  const title = step === 'preview' ? 'What this rule would do now' : rule ? 'Edit retention rule' : 'New retention rule';

  return (
    <Modal opened onClose={busy ? () => undefined : onClose} title={title} centered size="lg" closeOnEscape={!busy}>
      {step === 'settings' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void saveAndPreview();
          }}
        >
          <Stack gap="md">
            <Stack gap={6}>
              <Text size="sm" fw={500} id="retention-kind-label">
                What the rule removes
              </Text>
              <SegmentedControl aria-labelledby="retention-kind-label" value={kind} onChange={(value) => setKind(value as RetentionKind)} data={KIND_OPTIONS} fullWidth />
            </Stack>
            {kind === 'contacts_inactive' && (
              <Radio.Group label="What happens to them" value={action} onChange={(value) => setAction(value as RetentionAction)} error={errors.action}>
                <Stack gap="xs" mt={6}>
                  <Radio value="anonymise" label="Anonymise" description="Keep an anonymous record so counts and reports stay right; remove names, contact details, custom fields, tags, notes and texts." />
                  <Radio value="erase" label="Erase" description="Remove the person and everything about them, here and on the chatbot service. Cannot be undone." />
                </Stack>
              </Radio.Group>
            )}
            <Stack gap={6}>
              <NumberInput
                label={kind === 'contacts_inactive' ? 'With no activity for' : 'Older than'}
                suffix=" days"
                min={1}
                max={RETENTION_MAX_DAYS}
                allowDecimal={false}
                allowNegative={false}
                value={days}
                onChange={setDays}
                error={errors.days}
                w={200}
                data-autofocus
              />
              <Group gap={6}>
                {DAY_PRESETS.map((preset) => (
                  <Button key={preset.days} size="compact-sm" variant={days === preset.days ? 'light' : 'subtle'} color={days === preset.days ? undefined : 'gray'} onClick={() => setDays(preset.days)}>
                    {preset.label}
                  </Button>
                ))}
              </Group>
            </Stack>
            <Alert variant="light" color={draft.action === 'erase' ? 'red' : 'gray'}>
              <Text size="sm" fw={600}>
                {draft.days >= 1 ? retentionRuleWords(draft) : 'Choose how many days'}
              </Text>
              <Text size="sm">{ruleScope(draft)}</Text>
            </Alert>
            {errors.general && (
              <Text size="sm" c="red" role="alert">
                {errors.general}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Preview
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <PreviewStep
          rule={rule}
          preview={preview}
          busy={busy}
          error={errors.general}
          onBack={() => {
            setErrors({});
            setStep('settings');
          }}
          onClose={onClose}
          onTurnOn={() => void turnOn()}
        />
      )}
    </Modal>
  );
}

function PreviewStep({
  rule,
  preview,
  busy,
  error,
  onBack,
  onClose,
  onTurnOn,
}: {
  rule: RetentionRule | null;
  preview: RetentionPreview | null;
  busy: boolean;
  error: string | undefined;
  onBack(): void;
  onClose(): void;
  onTurnOn(): void;
}) {
  if (!rule || !preview) {
    return error ? (
      <Alert color="red" title="The preview could not be made" role="alert">
        {error}
      </Alert>
    ) : (
      <Group gap="sm" py="lg" justify="center">
        <Loader size="sm" aria-label="Counting" />
        <Text size="sm" c="dimmed">
          Counting what the rule reaches…
        </Text>
      </Group>
    );
  }
  const contacts = rule.kind === 'contacts_inactive';
  const more = preview.count - preview.sample.length;
  return (
    <Stack gap="md">
      <div>
        <Text size="sm" c="dimmed">
          {retentionRuleWords(rule)}
        </Text>
        <Text size="xl" fw={700} aria-live="polite" data-testid="retention-preview-count">
          {retentionOutcomeWords(rule, preview.count, true)} now
        </Text>
        <Text size="sm" c="dimmed">
          {contacts ? 'Last active' : rule.kind === 'transcripts' ? 'Conversations started' : 'Events'} before {formatDate(preview.cutoff)}. {ruleScope(rule)}
        </Text>
      </div>
      {rule.action === 'erase' && preview.count > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
          Erasing cannot be undone. Once the rule is on, these people are erased at its next run, and the erasure is sent to the chatbot service.
        </Alert>
      )}
      {preview.sample.length > 0 ? (
        <div>
          <Text size="sm" fw={600} mb={4}>
            For example
          </Text>
          <Table.ScrollContainer minWidth={420} mah={280}>
            <Table verticalSpacing={4} aria-label="Examples" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Contact</Table.Th>
                  {!contacts && <Table.Th>{rule.kind === 'transcripts' ? 'Conversation' : 'Event'}</Table.Th>}
                  <Table.Th>{contacts ? 'Last activity' : rule.kind === 'transcripts' ? 'Started' : 'When'}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.sample.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Text size="sm" lineClamp={1}>
                        {item.contactName ?? 'Contact not on this device'}
                      </Text>
                    </Table.Td>
                    {!contacts && (
                      <Table.Td>
                        <Text size="sm" lineClamp={1}>
                          {item.detail}
                        </Text>
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Text size="sm">{item.at ? formatDate(item.at) : '—'}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {more > 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              and {formatNumber(more)} more
            </Text>
          )}
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          Nothing is old enough for this rule today. Once it is on, it takes care of what ages past it.
        </Text>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      <Group justify="space-between">
        <Button variant="subtle" onClick={onBack} disabled={busy}>
          Change settings
        </Button>
        <Group gap="xs">
          {rule.enabled ? (
            <Button onClick={onClose}>Close</Button>
          ) : (
            <>
              <Button variant="default" onClick={onClose} disabled={busy}>
                Keep it off
              </Button>
              <Button color={rule.action === 'erase' ? 'red' : undefined} onClick={onTurnOn} loading={busy}>
                Turn rule on
              </Button>
            </>
          )}
        </Group>
      </Group>
    </Stack>
  );
}

/** Asks before a rule goes; what it already did stays done. */
export function DeleteRuleDialog({ rule, onClose, onDeleted }: { rule: RetentionRule; onClose(): void; onDeleted(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    try {
      await api.call('retention.delete', { id: rule.id });
      onDeleted();
      onClose();
    } catch (err) {
      setBusy(false);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Modal opened onClose={busy ? () => undefined : onClose} title="Delete retention rule" centered>
      <Stack gap="sm">
        <Text size="sm">
          “{retentionRuleWords(rule)}” stops running. What it already removed stays removed.
        </Text>
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void remove()} loading={busy}>
            Delete rule
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
