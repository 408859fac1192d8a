import { Text } from '@mantine/core';
import { IconCircleCheck, IconCircleMinus, IconCircleX } from '@tabler/icons-react';
import type { TimelineItem } from '../../../../../preload/contract';
import { Untrusted } from '../../../components/Untrusted';
import { humanize } from '../../../lib/format';
import { useConsentPurposes } from '../../privacy/useConsentPurposes';
import { CONSENT_STATUS } from '../detail/ConsentSection';
import { ActorTitle } from './ActorTitle';
import { TimelineRow } from './TimelineRow';

type ConsentStatement = Extract<TimelineItem, { kind: 'consent' }>;

const ICON = { granted: IconCircleCheck, denied: IconCircleX, withdrawn: IconCircleMinus } as const;
const VERB = { granted: 'granted', denied: 'denied', withdrawn: 'withdrew' } as const;

/** "Ann recorded: marketing email withdrawn", or the chatbot's own entry, with how and what shows it. */
export function ConsentItem({ item }: { item: ConsentStatement }) {
  const label = useConsentPurposes((s) => s.purposes.find((p) => p.key === item.purpose)?.label) ?? humanize(item.purpose);
  const Icon = ICON[item.status];
  return (
    <TimelineRow
      icon={<Icon size={16} />}
      color={CONSENT_STATUS[item.status].color}
      at={item.at}
      title={
        <ActorTitle who={item.recordedBy ?? 'The chatbot'} synced={false}>
          recorded that the person {VERB[item.status]} consent to{' '}
          <Text span fw={600}>
            {label}
          </Text>
        </ActorTitle>
      }
    >
      {(item.source || item.evidence) && (
        <Text size="xs" c="dimmed" mt={2}>
          {item.source && (
            <>
              Via <Untrusted text={item.source.slice(0, 100)} />
            </>
          )}
          {item.source && item.evidence ? ' · ' : ''}
          {item.evidence && <Untrusted text={`“${item.evidence.slice(0, 500)}”`} />}
        </Text>
      )}
    </TimelineRow>
  );
}
