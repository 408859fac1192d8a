import { Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconHistory, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { ContactDetail, ConsentStatus } from '../../../../../preload/contract';
import { Untrusted } from '../../../components/Untrusted';
import { formatDate, formatDateTime, humanize } from '../../../lib/format';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';
import { ConsentHistoryDialog } from './ConsentHistoryDialog';
import { RecordConsentDialog } from './RecordConsentDialog';
import { Section } from './Section';

export const CONSENT_STATUS: Record<ConsentStatus, { color: string; label: string }> = {
  granted: { color: 'teal', label: 'Granted' },
  denied: { color: 'red', label: 'Denied' },
  withdrawn: { color: 'orange', label: 'Withdrawn' },
};

/**
 * The current consent per purpose: every active purpose of the workspace (those never asked
 * say so) and any other purpose the person has entries for. Recording a change and the full
 * history open in dialogs.
 */
export function ConsentSection({ contact }: { contact: ContactDetail }) {
  const purposes = useConsentPurposes((s) => s.purposes);
  const [recording, setRecording] = useState<string | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const latest = new Map(contact.consents.map((c) => [c.purpose, c]));
  const rows = [
    ...purposes.filter((p) => !p.archived || latest.has(p.key)).map((p) => ({ key: p.key, label: p.label, marketing: p.marketing })),
    ...contact.consents.filter((c) => !purposes.some((p) => p.key === c.purpose)).map((c) => ({ key: c.purpose, label: humanize(c.purpose), marketing: false })),
  ];
  return (
    <Section
      title="Consent"
      aside={
        <Group gap={4}>
          <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconHistory size={13} />} onClick={() => setHistoryOpen(true)} aria-label="Consent history">
            History
          </Button>
          <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={13} />} onClick={() => setRecording('')} aria-label="Record consent">
            Record
          </Button>
        </Group>
      }
    >
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No consent recorded.
        </Text>
      ) : (
        <Stack gap={6}>
          {rows.map((row) => {
            const consent = latest.get(row.key);
            return (
              <Group key={row.key} justify="space-between" wrap="nowrap" gap="md">
                <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                  <Untrusted text={row.label} line style={{ fontSize: 'var(--mantine-font-size-sm)' }} />
                  {row.marketing && (
                    <Text size="xs" c="dimmed" component="span">
                      marketing
                    </Text>
                  )}
                </Group>
                <Group gap={8} wrap="nowrap">
                  {consent ? (
                    <Tooltip label={[`Since ${formatDateTime(consent.at)}`, consent.source && `via ${consent.source}`].filter(Boolean).join(' ').slice(0, 300)}>
                      <Text size="xs" c="dimmed">
                        {formatDate(consent.at)}
                      </Text>
                    </Tooltip>
                  ) : null}
                  <Badge
                    component="button"
                    type="button"
                    size="sm"
                    variant={consent ? 'light' : 'default'}
                    color={consent ? CONSENT_STATUS[consent.status].color : 'gray'}
                    w={96}
                    style={{ cursor: 'pointer', textTransform: 'none' }}
                    onClick={() => setRecording(row.key)}
                    aria-label={`${row.label}: ${consent ? CONSENT_STATUS[consent.status].label : 'not asked'}. Record a change`}
                  >
                    {consent ? CONSENT_STATUS[consent.status].label : 'Not asked'}
                  </Badge>
                </Group>
              </Group>
            );
          })}
        </Stack>
      )}
      <RecordConsentDialog contact={contact} purpose={recording} onClose={() => setRecording(null)} />
      <ConsentHistoryDialog contact={contact} opened={historyOpen} onClose={() => setHistoryOpen(false)} />
    </Section>
  );
}
