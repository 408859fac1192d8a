import { ActionIcon, Badge, CopyButton, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlarm, IconArrowsJoin, IconCheck, IconCloudUpload, IconCopy, IconDots, IconEraser, IconFileZip, IconListCheck, IconMail, IconMailOff, IconMessageCircle, IconPhone, IconRepeat, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { blockedMarketingPurposes, type ContactDetail } from '../../../../../preload/contract';
import { ContactListsDialog } from '../../segments/ContactListsDialog';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';
import { DataAccessDialog } from '../../privacy/DataAccessDialog';
import { ContactAvatar } from '../../../components/ContactAvatar';
import { RelativeTime } from '../../../components/RelativeTime';
import { SourceBadge } from '../../../components/SourceBadge';
import { Untrusted } from '../../../components/Untrusted';
import { countryName, flagEmoji, formatDate, formatDateTime, formatNumber, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import classes from './ContactDetail.module.css';

export function DetailHeader({
  contact,
  onClose,
  onDelete,
  onErase,
  onMerge,
  possibleDuplicates = 0,
  onReviewDuplicates,
}: {
  contact: ContactDetail;
  onClose(): void;
  onDelete(): void;
  /** Permanent erasure (a privacy request): opens its confirmation. */
  onErase(): void;
  onMerge(): void;
  possibleDuplicates?: number;
  onReviewDuplicates?: () => void;
}) {
  const returning = contact.conversationCount > 1;
  const [listsOpen, setListsOpen] = useState(false);
  const purposes = useConsentPurposes((st) => st.purposes);
  const blockedPurposes = blockedMarketingPurposes(contact.consentStatus, purposes).map((p) => p.label);
  const [dataAccessOpen, setDataAccessOpen] = useState(false);
  return (
    <div className={classes.header}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Group gap="md" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <ContactAvatar id={contact.id} name={contact.displayName} size={64} />
          <Stack gap={6} style={{ minWidth: 0 }}>
            <h2 className={classes.name} dir="auto" title={contact.displayName.slice(0, 1000)}>
              {contact.displayName || 'Unnamed contact'}
            </h2>
            <ContactLine icon={<IconMail size={14} />} label="email" value={contact.email} />
            <ContactLine icon={<IconPhone size={14} />} label="phone" value={contact.phone} />
            <Group gap={6} mt={2}>
              <SourceBadge source={contact.source} />
              {contact.country && (
                <Badge variant="default" size="sm" style={{ textTransform: 'none', fontWeight: 500 }} leftSection={<span aria-hidden>{flagEmoji(contact.country)}</span>}>
                  {countryName(contact.country)}
                </Badge>
              )}
              {blockedPurposes.length > 0 && (
                <Tooltip label={`${blockedPurposes.join(', ')}: denied or withdrawn. Leave this person out of campaigns.`}>
                  <Badge variant="light" color="orange" size="sm" leftSection={<IconMailOff size={12} />} style={{ textTransform: 'none' }}>
                    No marketing
                  </Badge>
                </Tooltip>
              )}
              {returning && (
                <Badge variant="light" color="teal" size="sm" leftSection={<IconRepeat size={12} />} style={{ textTransform: 'none' }}>
                  Returning visitor
                </Badge>
              )}
              {possibleDuplicates > 0 && onReviewDuplicates && (
                <Tooltip label="Another contact shares this person’s email, phone or name: review and merge">
                  <Badge
                    component="button"
                    type="button"
                    onClick={onReviewDuplicates}
                    variant="light"
                    color="orange"
                    size="sm"
                    leftSection={<IconArrowsJoin size={12} />}
                    style={{ textTransform: 'none', cursor: 'pointer' }}
                    aria-label={possibleDuplicates === 1 ? 'Possible duplicate: review and merge' : `${possibleDuplicates} possible duplicates: review and merge`}
                  >
                    {possibleDuplicates === 1 ? 'Possible duplicate' : `${possibleDuplicates} possible duplicates`}
                  </Badge>
                </Tooltip>
              )}
              {contact.pendingChanges > 0 && (
                <Tooltip label="Saved on this device; will be sent to Nexvio.ai on the next sync">
                  <Badge variant="light" color="yellow" size="sm" leftSection={<IconCloudUpload size={12} />} style={{ textTransform: 'none' }}>
                    {contact.pendingChanges === 1 ? '1 change' : `${formatNumber(contact.pendingChanges)} changes`} pending sync
                  </Badge>
                </Tooltip>
              )}
            </Group>
          </Stack>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon aria-label="More actions for this contact" size="lg">
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconListCheck size={14} />} onClick={() => setListsOpen(true)}>
                Lists…
              </Menu.Item>
              <Menu.Item leftSection={<IconArrowsJoin size={14} />} onClick={onMerge}>
                Merge with…
              </Menu.Item>
              <Menu.Item leftSection={<IconFileZip size={14} />} onClick={() => setDataAccessOpen(true)}>
                Data-access package…
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                Delete contact
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconEraser size={14} />} onClick={onErase}>
                Erase permanently…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Tooltip label="Close (Esc)">
            <ActionIcon aria-label="Close contact" onClick={onClose} size="lg">
              <IconX size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <div className={classes.stats}>
        <Stat label="First seen">
          {contact.firstSeenAt ? <span title={formatDateTime(contact.firstSeenAt)}>{formatDate(contact.firstSeenAt)}</span> : '—'}
        </Stat>
        <Stat label="Last seen">
          <RelativeTime iso={contact.lastSeenAt} size="sm" fw={600} />
        </Stat>
        <Stat label="Conversations">{formatNumber(contact.conversationCount)}</Stat>
      </div>
      <PickUp contact={contact} />
      <ContactListsDialog contact={contact} opened={listsOpen} onClose={() => setListsOpen(false)} />
      <DataAccessDialog contact={contact} opened={dataAccessOpen} onClose={() => setDataAccessOpen(false)} />
    </div>
  );
}

/** Where the last agent left off: the last conversation's summary and the next follow-up. */
function PickUp({ contact }: { contact: ContactDetail }) {
  const now = useNow();
  const { lastConversation: last, nextFollowUp: next } = contact;
  if (!last && !next) return null;
  const overdue = next !== null && Date.parse(next.dueAt) < now;
  return (
    <Stack gap={6} mt="sm" className={classes.pickUp} aria-label="Pick up where you left off" role="group">
      {last && (
        <Group gap={8} wrap="nowrap" align="flex-start">
          <IconMessageCircle size={16} className={classes.pickUpIcon} aria-hidden />
          <Text size="sm" style={{ minWidth: 0 }}>
            <Text span fw={600}>
              Last conversation
            </Text>{' '}
            <Text span c="dimmed" size="xs">
              {channelLabel(last.channel)} · <time dateTime={last.startedAt} title={formatDateTime(last.startedAt)}>{formatRelative(last.startedAt, now)}</time> · {last.status}
            </Text>
            <br />
            {last.summary ? <Untrusted text={clip(last.summary, 300)} title={last.summary.slice(0, 2000)} /> : <Text span c="dimmed">No summary</Text>}
          </Text>
        </Group>
      )}
      {next && (
        <Group gap={8} wrap="nowrap" align="flex-start">
          <IconAlarm size={16} className={classes.pickUpIcon} aria-hidden />
          <Text size="sm" style={{ minWidth: 0 }}>
            <Text span fw={600}>
              Next follow-up
            </Text>{' '}
            <Text span size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : 400}>
              <time dateTime={next.dueAt} title={formatDateTime(next.dueAt)}>
                {overdue ? 'overdue, due ' : 'due '}
                {formatRelative(next.dueAt, now)}
              </time>
            </Text>
            <br />
            <Untrusted text={clip(next.title, 200)} />
          </Text>
        </Group>
      )}
    </Stack>
  );
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function channelLabel(channel: string): string {
  return channel.length > 0 ? channel.charAt(0).toUpperCase() + channel.slice(1, 40) : 'Chat';
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className={classes.stat}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm" fw={600} className="ellipsis">
        {children}
      </Text>
    </div>
  );
}

function ContactLine({ icon, label, value }: { icon: React.ReactNode; label: string; value: string | null }) {
  if (!value) return null;
  return (
    <Group gap={6} wrap="nowrap" c="dimmed" style={{ minWidth: 0 }}>
      {icon}
      <Text size="sm" c="dimmed" style={{ minWidth: 0 }} span>
        <Untrusted text={value} line />
      </Text>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`}>
            <ActionIcon size="sm" onClick={copy} aria-label={`Copy ${label}`} color={copied ? 'teal' : 'gray'}>
              {copied ? <IconCheck size={13} /> : <IconCopy size={13} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
