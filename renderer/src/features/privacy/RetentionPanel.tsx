import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, Progress, Stack, Switch, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockHour4, IconDots, IconEye, IconMessageOff, IconPencil, IconPlayerPlay, IconPlus, IconTimelineEvent, IconTrash, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { retentionOutcomeWords, retentionRuleWords, type RetentionKind, type RetentionRule, type RetentionRun } from '../../../../preload/contract';
import { CardList } from '../../components/CardList';
import { SectionCard } from '../../components/SectionCard';
import { api } from '../../api/client';
import { useAppEvent } from '../../api/useAppEvent';
import { useResource } from '../../api/useResource';
import { formatNumber, formatRelative } from '../../lib/format';
import { DeleteRuleDialog, RuleDialog, ruleScope, type RuleDialogStart } from './RetentionRuleDialog';

const KIND_ICONS: Record<RetentionKind, typeof IconUserOff> = { contacts_inactive: IconUserOff, transcripts: IconMessageOff, events: IconTimelineEvent };

/**
 * The Privacy page's Retention tab: the rules in plain words, each with its switch and last
 * run; add or edit one (a preview is shown before a rule can be turned on); Run now with progress.
 */
export function RetentionPanel() {
  const rules = useResource('retention.rules', () => api.call('retention.list', {}));
  const [dialog, setDialog] = useState<RuleDialogStart | null>(null);
  const [deleting, setDeleting] = useState<RetentionRule | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  useAppEvent((event) => {
    if (event.type !== 'progress' || event.job !== 'retention') return;
    // Scheduled runs report here too: their progress shows, and their summaries once they end.
    if (event.done < event.total) setProgress({ done: event.done, total: event.total });
    else {
      setProgress(null);
      rules.reload();
    }
  });
  const list = rules.data?.rules ?? [];
  const enabled = list.filter((rule) => rule.enabled);
  const running = progress !== null || rules.data?.running === true;

  const setEnabled = async (rule: RetentionRule, on: boolean) => {
    // Turning on goes through the preview, always: what the rule does today is what is agreed to.
    if (on) return setDialog({ rule, step: 'preview' });
    try {
      await api.call('retention.setEnabled', { id: rule.id, enabled: false });
      rules.reload();
    } catch (error) {
      notifications.show({ color: 'red', title: 'The rule could not be turned off', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const runNow = async () => {
    setRunError(null);
    setProgress({ done: 0, total: 0 });
    try {
      const run = await api.call('retention.runNow', { dryRun: false });
      notifications.show({ color: run.rules.some((r) => r.error) ? 'red' : 'teal', title: 'Retention rules applied', message: runSummary(run) });
    } catch (error) {
      setRunError(error instanceof Error ? error.message : String(error));
    } finally {
      setProgress(null);
      rules.reload();
    }
  };

  return (
    <Stack gap="md" aria-label="Retention">
      <SectionCard
        id="retention-title"
        title="Retention rules"
        description="Keep personal data only as long as you need it. Rules that are on run a minute after the app starts and then once a day, in small batches, and every run is recorded in the audit log."
        actions={
          <Group gap="xs" wrap="nowrap">
            <Tooltip label={enabled.length === 0 ? 'Turn a rule on first' : `Apply the ${enabled.length === 1 ? 'rule that is' : `${enabled.length} rules that are`} on, now`}>
              <Button variant="default" leftSection={<IconPlayerPlay size={16} />} onClick={() => void runNow()} disabled={enabled.length === 0 || running} loading={running}>
                Run now
              </Button>
            </Tooltip>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ rule: null, step: 'settings' })}>
              Add rule
            </Button>
          </Group>
        }
      >
        {running && progress && (
          <Stack gap={4} mt="md" aria-live="polite">
            <Progress value={progress.total > 0 ? (100 * progress.done) / progress.total : 0} animated aria-label="Retention progress" />
            <Text size="xs" c="dimmed">
              {progress.total > 0 ? `Applying the rules: ${formatNumber(progress.done)} of ${formatNumber(progress.total)}` : 'Counting what the rules reach…'}
            </Text>
          </Stack>
        )}
        {runError && (
          <Alert color="red" mt="md" title="The rules could not be applied" role="alert">
            {runError}
          </Alert>
        )}
      </SectionCard>

      <CardList
        label="Retention rules"
        noun="retention rules"
        loading={rules.loading}
        error={rules.error}
        empty={
          list.length === 0
            ? {
                icon: <IconClockHour4 size={26} />,
                title: 'No retention rules yet',
                actionLabel: 'Add your first rule',
                onAction: () => setDialog({ rule: null, step: 'settings' }),
                text: 'A retention rule removes what you no longer need once it reaches an age you choose: contacts who have been inactive for a long time (erased, or anonymised so your counts stay right), old conversation transcripts, or old events. You see what a rule would remove before you turn it on.',
              }
            : null
        }
      >
        {list.map((rule) => (
          <RuleCard
            key={rule.id}
            rule={rule}
            busy={running}
            onToggle={(on) => void setEnabled(rule, on)}
            onEdit={() => setDialog({ rule, step: 'settings' })}
            onPreview={() => setDialog({ rule, step: 'preview' })}
            onDelete={() => setDeleting(rule)}
          />
        ))}
      </CardList>

      <Text size="xs" c="dimmed">
        A contact’s activity is the latest of: a change to the contact, a visit, a conversation, an event, a note, and a follow-up that is due later or still open. A contact with
        changes not yet sent to the service is left for the next run.
      </Text>

      {dialog && (
        <RuleDialog
          start={dialog}
          onClose={() => setDialog(null)}
          onChanged={() => rules.reload()}
        />
      )}
      {deleting && <DeleteRuleDialog rule={deleting} onClose={() => setDeleting(null)} onDeleted={() => rules.reload()} />}
    </Stack>
  );
}

function runSummary(run: RetentionRun): string {
  if (run.rules.length === 0) return 'No rule is on.';
  return run.rules.map((rule) => (rule.error ? `${retentionRuleWords(rule)}: stopped (${rule.error})` : retentionOutcomeWords(rule, rule.changed))).join(' · ');
}

function RuleCard({
  rule,
  busy,
  onToggle,
  onEdit,
  onPreview,
  onDelete,
}: {
  rule: RetentionRule;
  busy: boolean;
  onToggle(on: boolean): void;
  onEdit(): void;
  onPreview(): void;
  onDelete(): void;
}) {
  const words = retentionRuleWords(rule);
  const Icon = KIND_ICONS[rule.kind];
  const last = rule.lastRun;
  return (
    <Card withBorder radius="md" padding="md" component="li" aria-label={words}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon size={38} radius="md" variant="light" color={rule.action === 'erase' ? 'red' : rule.kind === 'contacts_inactive' ? 'violet' : 'blue'}>
          <Icon size={20} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{words}</Text>
            <Badge variant="light" color={rule.enabled ? 'teal' : 'gray'} size="sm">
              {rule.enabled ? 'On' : 'Off'}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {ruleScope(rule)}
          </Text>
          <Text size="sm" c={last?.error ? 'red' : undefined} data-testid="retention-last-run">
            {last
              ? `Last run ${formatRelative(last.finishedAt)}: ${last.error ? `stopped (${last.error})` : retentionOutcomeWords(rule, last.changed)}`
              : rule.enabled
                ? 'Not run yet: it runs within a day, or use Run now.'
                : 'Never run.'}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Switch checked={rule.enabled} onChange={(event) => onToggle(event.currentTarget.checked)} aria-label={`On: ${words}`} disabled={busy} />
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${words}`}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconEye size={14} />} onClick={onPreview}>
                Preview
              </Menu.Item>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit} disabled={busy}>
                Edit
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete} disabled={busy}>
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </Card>
  );
}
