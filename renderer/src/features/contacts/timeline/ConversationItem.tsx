import { Badge, Button, Group, Text } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import type { TimelineItem } from '../../../../../preload/contract';
import { Untrusted } from '../../../components/Untrusted';
import { formatNumber } from '../../../lib/format';
import { channelInfo } from './channels';
import classes from './Timeline.module.css';
import { speaker, type Speaker } from './speaker';
import { TimelineRow } from './TimelineRow';
import { Transcript } from './Transcript';

type ConversationData = Extract<TimelineItem, { kind: 'conversation' }>;

const STATUS_COLORS = { open: 'blue', resolved: 'teal', abandoned: 'gray' } as const;

export function ConversationItem({ item, contact }: { item: ConversationData; contact: Speaker }) {
  const [open, setOpen] = useState(false);
  const channel = channelInfo(item.channel);
  return (
    <TimelineRow
      icon={<channel.icon size={16} />}
      color={channel.color}
      at={item.at}
      title={
        <Group gap={8} wrap="wrap">
          <Text span fw={600} size="sm">
            Conversation on {channel.label}
          </Text>
          <Badge size="xs" variant="light" color={STATUS_COLORS[item.status]}>
            {item.status}
          </Badge>
          {item.rating !== null && <Stars rating={item.rating} />}
        </Group>
      }
    >
      <div className={classes.card}>
        {item.summary && <Untrusted text={item.summary.slice(0, 2000)} component="p" style={{ margin: '0 0 8px', fontSize: 'var(--mantine-font-size-sm)' }} />}
        {!open &&
          item.preview.slice(0, 3).map((message) => (
            <div key={message.id} className={classes.preview}>
              <Text span size="xs" fw={600} c="dimmed" style={{ flexShrink: 0 }}>
                {speaker(message, contact)}:
              </Text>
              <span className={classes.previewText} dir="auto">
                {message.text.slice(0, 300)}
              </span>
            </div>
          ))}
        {open && <Transcript conversationId={item.id} contact={contact} />}
        {item.messageCount > 0 && (
          <Button
            variant="subtle"
            size="compact-xs"
            mt={6}
            ml={-6}
            rightSection={open ? <IconChevronUp size={12} /> : <IconChevronDown size={12} />}
            onClick={() => setOpen(!open)}
            aria-expanded={open}
          >
            {open ? 'Hide transcript' : `Show transcript (${formatNumber(item.messageCount)} ${item.messageCount === 1 ? 'message' : 'messages'})`}
          </Button>
        )}
      </div>
    </TimelineRow>
  );
}

function Stars({ rating }: { rating: number }) {
  const value = Math.max(0, Math.min(5, rating));
  return (
    <Group gap={1} wrap="nowrap" role="img" aria-label={`Rated ${value} out of 5`}>
      {Array.from({ length: 5 }, (_, i) => (
        <IconStarFilled key={i} size={11} color={i < value ? 'var(--mantine-color-yellow-5)' : 'var(--app-border)'} aria-hidden />
      ))}
    </Group>
  );
}
