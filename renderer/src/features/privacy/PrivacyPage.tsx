import { Badge, Button, Card, Group, SimpleGrid, Stack, Tabs, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconClockHour4, IconFileZip, IconListCheck, IconShieldLock, IconTrashX, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { Page } from '../../components/Page';
import { formatNumber } from '../../lib/format';
import { PRIVACY_TABS, useUi, type PrivacyTab } from '../../state/ui';
import { AuditLogPanel, ChainStatus } from './AuditLogPanel';
import { ConsentPurposesPanel } from './ConsentPurposesPanel';
import { DataAccessPanel } from './DataAccessPanel';
import { ErasurePanel } from './ErasurePanel';
import { RetentionPanel } from './RetentionPanel';
import { useConsentPurposes } from './useConsentPurposes';

const TAB_LABELS: Record<PrivacyTab, string> = {
  overview: 'Overview',
  consent: 'Consent',
  requests: 'Requests',
  retention: 'Retention',
  audit: 'Audit log',
};

/**
 * Privacy: the duties the people running this app have towards the people in it, in one place
 * and in plain words — consent, access and erasure requests, retention, and the audit trail.
 */
export function PrivacyPage() {
  const tab = useUi((s) => s.privacyTab);
  const openPrivacy = useUi((s) => s.openPrivacy);
  return (
    <Page
      title="Privacy"
      maxWidth={1180}
      description="Consent, data-access and erasure requests, how long data is kept, and a tamper-evident record of what was done."
    >
      <Tabs value={tab} onChange={(value) => value && openPrivacy(value as PrivacyTab)} keepMounted={false}>
        <Tabs.List mb="lg">
          {PRIVACY_TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {TAB_LABELS[value]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Overview open={openPrivacy} />
        </Tabs.Panel>
        <Tabs.Panel value="consent">
          <ConsentPurposesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="requests">
          <Stack gap="lg">{REQUEST_PANELS}</Stack>
        </Tabs.Panel>
        <Tabs.Panel value="retention">{RETENTION_PANEL}</Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditLogPanel />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

const REQUEST_PANELS: ReactNode = (
  <>
    <DataAccessPanel />
    <ErasurePanel />
  </>
);
const RETENTION_PANEL: ReactNode = <RetentionPanel />;

/** A small figure on an overview card (loading: nothing; an error: nothing, the tab says more). */
function Figure({ value, color, children }: { value: number | undefined; color: string; children: (n: number) => string }) {
  if (value === undefined) return null;
  return (
    <Badge variant="light" color={color} style={{ textTransform: 'none' }}>
      {children(value)}
    </Badge>
  );
}

function Overview({ open }: { open(tab: PrivacyTab): void }) {
  const purposes = useConsentPurposes((s) => s.purposes);
  const active = purposes.filter((p) => !p.archived);
  const packages = useResource('privacy-overview-packages', () => api.call('privacy.dataAccessHistory', { limit: 200 }));
  const suppressed = useResource('privacy-overview-suppressed', () => api.call('privacy.suppressionList', { limit: 1 }));
  const retention = useResource('privacy-overview-retention', () => api.call('retention.list', {}));
  const rulesOn = retention.data?.rules.filter((r) => r.enabled).length;
  return (
    <Stack gap="lg">
      <ChainStatus compact />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Duty
          icon={IconListCheck}
          color="teal"
          title="Consent"
          action={{ label: 'Manage purposes', tab: 'consent' }}
          open={open}
          aside={
            <Badge variant="light" color="teal" style={{ textTransform: 'none' }}>
              {active.length} {active.length === 1 ? 'purpose' : 'purposes'}
            </Badge>
          }
        >
          People choose what they allow: {active.map((p) => p.label).join(', ') || 'no purposes yet'}. Every answer is kept with when, how and what shows it; the newest
          is what counts. Record a change on a contact’s Details; those who said no to marketing are marked wherever it matters.
        </Duty>
        <Duty
          icon={IconFileZip}
          color="blue"
          title="Data-access requests"
          action={{ label: 'Build a package', tab: 'requests' }}
          open={open}
          aside={
            <Figure value={packages.data?.length} color="blue">
              {(n) => (n === 0 ? 'None yet' : `${n >= 200 ? '200+' : formatNumber(n)} made`)}
            </Figure>
          }
        >
          Anyone may ask for a copy of what you hold about them. The app gathers everything about one person — details, conversations, notes, consent history, and the log of
          what was done with their data — into one file you can send them.
        </Duty>
        <Duty
          icon={IconTrashX}
          color="red"
          title="Erasure"
          action={{ label: 'Erase a person', tab: 'requests' }}
          open={open}
          aside={
            <Figure value={suppressed.data?.total} color="red">
              {(n) => (n === 0 ? 'Nobody erased yet' : `${formatNumber(n)} suppressed ${n === 1 ? 'email or phone' : 'emails and phones'}`)}
            </Figure>
          }
        >
          Anyone may ask to be forgotten. Erasing removes every trace from this device at once and from the chatbot service at the next sync, and keeps a scrambled fingerprint of
          their email and phone so an import or a sync cannot bring them back.
        </Duty>
        <Duty
          icon={IconClockHour4}
          color="grape"
          title="Retention"
          action={{ label: 'Set retention rules', tab: 'retention' }}
          open={open}
          aside={
            <Figure value={rulesOn} color="grape">
              {(n) => (n === 0 ? 'No rules on' : `${n} ${n === 1 ? 'rule' : 'rules'} on`)}
            </Figure>
          }
        >
          Keep personal data no longer than you need it. Rules erase or anonymise people who have been quiet for a long time and clear old transcripts and events, in the
          background, with a preview before a rule takes effect.
        </Duty>
      </SimpleGrid>
      <Duty icon={IconShieldLock} color="gray" title="Audit log" action={{ label: 'Open the audit log', tab: 'audit' }} open={open}>
        Every export, request, erasure, retention run, bulk action, merge, consent change and settings change is written down with who and when. Each entry carries a hash of the
        one before it, so an entry edited or removed outside the app is detected.
      </Duty>
    </Stack>
  );
}

function Duty({
  icon: DutyIcon,
  color,
  title,
  children,
  action,
  aside,
  open,
}: {
  icon: Icon;
  color: string;
  title: string;
  children: ReactNode;
  action: { label: string; tab: PrivacyTab };
  aside?: ReactNode;
  open(tab: PrivacyTab): void;
}) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={title}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon variant="light" color={color} size={36} radius="md">
              <DutyIcon size={20} />
            </ThemeIcon>
            <Title order={2} size="h4" fw={650}>
              {title}
            </Title>
          </Group>
          {aside}
        </Group>
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {children}
        </Text>
        <Group>
          <Button variant="light" color={color} rightSection={<IconArrowRight size={15} />} onClick={() => open(action.tab)}>
            {action.label}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
