import { Alert, Anchor, Badge, Collapse, Group, Skeleton, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconBan, IconChevronDown, IconCircleCheck, IconShieldLock, IconShieldX } from '@tabler/icons-react';
import { useId, useState } from 'react';
import type { SyncIssue } from '../../../../preload/contract';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { clip } from '../../lib/text';
import { useUi } from '../../state/ui';
import { entityLabel } from './fields';
import { useSyncIssues } from './useSyncLists';
import classes from './SyncView.module.css';

const EXCERPT_MAX = 2000;

const TEXT = {
  rejected: {
    intro: 'Changes made on this device that the service refused. They stay on this device and are not sent again; edit the record to try a different value.',
    empty: 'No rejected changes',
    emptyText: 'The service accepted every change made on this device.',
    excerpt: 'what was sent',
  },
  quarantined: {
    intro:
      'Records the service sent that this app could not accept. They are set aside so that one bad record cannot stop the sync; everything else was applied. Records of people erased here (on the suppression list) are listed too: they are not stored at all.',
    empty: 'Nothing quarantined',
    emptyText: 'Everything the service sent was valid and is on this device.',
    excerpt: 'what arrived',
  },
  suppressed: {
    excerpt: 'what arrived',
  },
} as const;

type IssuesPanelKind = Exclude<SyncIssue['kind'], 'suppressed'>;

/** Rejected changes or quarantined records: what, why (in words), when, and an excerpt on request. */
export function IssuesPanel({ kind }: { kind: IssuesPanelKind }) {
  const issues = useSyncIssues();
  const text = TEXT[kind];
  // Records of erased people the service sent are set aside too: listed with the quarantined.
  const list = (issues.data ?? []).filter((issue) => issue.kind === kind || (kind === 'quarantined' && issue.kind === 'suppressed'));
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={760}>
        {text.intro}
      </Text>
      {issues.loading ? (
        <Stack gap="sm" aria-busy aria-label="Loading">
          <Skeleton height={72} />
          <Skeleton height={72} />
        </Stack>
      ) : issues.error && !issues.data ? (
        <Alert color="red" variant="light" title="The list could not be loaded">
          {issues.error.message}
        </Alert>
      ) : list.length === 0 ? (
        <EmptyState icon={<IconCircleCheck size={26} stroke={1.6} />} color="teal" title={text.empty}>
          {text.emptyText}
        </EmptyState>
      ) : (
        <ul className={classes.issues} aria-label={kind === 'rejected' ? 'Rejected changes' : 'Quarantined from the service'}>
          {list.map((issue) => (
            <IssueItem key={`${issue.kind}:${issue.id}`} issue={issue} />
          ))}
        </ul>
      )}
    </Stack>
  );
}

function IssueItem({ issue }: { issue: SyncIssue }) {
  const [open, setOpen] = useState(false);
  const excerptId = useId();
  const openContact = useUi((s) => s.openContact);
  const rejected = issue.kind === 'rejected';
  const { op, body } = splitExcerpt(issue);
  const entity = entityLabel(issue.entity);
  const suppressed = issue.kind === 'suppressed';
  const title = rejected
    ? `${entity} ${op ? `${op} ` : 'change '}refused by the service`
    : suppressed
      ? `${entity} of an erased person not stored`
      : `Invalid ${entity.toLowerCase()} set aside`;
  return (
    <li className={classes.issue}>
      <ThemeIcon size={34} radius="md" variant="light" color={rejected ? 'red' : suppressed ? 'gray' : 'orange'}>
        {rejected ? <IconBan size={18} /> : suppressed ? <IconShieldLock size={18} /> : <IconShieldX size={18} />}
      </ThemeIcon>
      <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
        <Group justify="space-between" wrap="nowrap" gap="md">
          <Text fw={600} size="sm">
            {title.charAt(0).toUpperCase() + title.slice(1)}
          </Text>
          <RelativeTime iso={issue.at} size="xs" c="dimmed" style={{ flexShrink: 0 }} />
        </Group>
        <Text size="sm" className="untrusted">
          {clip(issue.reason, 1000)}
        </Text>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge variant="default" size="sm" radius="sm" style={{ textTransform: 'none', flexShrink: 0 }}>
            {entity}
          </Badge>
          {issue.entityId && (
            <Text size="xs" c="dimmed" ff="monospace" className="ellipsis" title={issue.entityId}>
              {issue.entityId.slice(0, 64)}
            </Text>
          )}
          {rejected && issue.entity === 'contact' && issue.entityId && (
            <Anchor component="button" size="xs" onClick={() => openContact(issue.entityId!)} style={{ flexShrink: 0 }}>
              Open contact
            </Anchor>
          )}
        </Group>
        {!suppressed && (
          <>
            <UnstyledButton className={classes.disclosure} aria-expanded={open} aria-controls={excerptId} onClick={() => setOpen((o) => !o)}>
              <IconChevronDown size={14} style={{ transform: open ? 'rotate(180deg)' : undefined, transition: 'transform 150ms ease' }} aria-hidden />
              {open ? 'Hide' : 'Show'} {TEXT[issue.kind].excerpt}
            </UnstyledButton>
            <Collapse in={open} id={excerptId}>
              {/* As received or sent: text only, monospace, cut to a readable size. */}
              <pre className={classes.excerpt} dir="ltr">
                {body}
              </pre>
            </Collapse>
          </>
        )}
      </Stack>
    </li>
  );
}

/** A rejected excerpt is "<op> <payload>"; payloads read better indented when they parse (a cut one does not). */
function splitExcerpt(issue: SyncIssue): { op: string | null; body: string } {
  let op: string | null = null;
  let text = issue.excerpt;
  const match = issue.kind === 'rejected' ? /^([a-z_]+) ([\s\S]*)$/.exec(text) : null;
  if (match) {
    op = match[1]!.replace(/_/g, ' ');
    text = match[2]!;
  }
  try {
    text = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // cut in the middle, or not JSON: shown as it is
  }
  return { op, body: text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX)}\n…` : text };
}
