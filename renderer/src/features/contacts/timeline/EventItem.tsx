import { Anchor, Button, Text } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { useState } from 'react';
import type { TimelineItem } from '../../../../../preload/contract';
import { formatCurrency, formatNumber, humanize, valueToText } from '../../../lib/format';
import { clip, safeHttpUrl } from '../../../lib/text';
import { EVENT_TYPES } from './channels';
import classes from './Timeline.module.css';
import { TimelineRow } from './TimelineRow';

type EventItemData = Extract<TimelineItem, { kind: 'event' }>;

const SHOWN_PROPERTIES = 4;
const ID_KEY = /(^|_)id$/i;

/** An event by type; an unknown type reads generically with its properties. */
export function EventItem({ item }: { item: EventItemData }) {
  const known = EVENT_TYPES[item.type];
  const Icon = known?.icon ?? IconBolt;
  const props = item.properties;
  const headline = summary(item.type, props);
  return (
    <TimelineRow
      icon={<Icon size={16} />}
      color={known?.color ?? 'gray'}
      at={item.at}
      title={
        <>
          <Text span fw={600} size="sm">
            {known?.label ?? humanize(item.type)}
          </Text>
          {headline && (
            <Text span size="sm" c="dimmed" className="untrusted" dir="auto">
              {' · '}
              {headline}
            </Text>
          )}
        </>
      }
    >
      <Properties properties={props} />
    </TimelineRow>
  );
}

/** The one most useful property of a known event, as text. */
function summary(type: string, p: Record<string, unknown>): string | null {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? clip(String(v), 160) : null);
  switch (type) {
    case 'page_view':
      return text(p.title) ?? text(p.url) ?? text(p.path);
    case 'purchase':
      return typeof p.amount === 'number' ? formatCurrency(p.amount, typeof p.currency === 'string' ? p.currency : 'EUR') : text(p.product);
    case 'email_opened':
      return text(p.subject) ?? text(p.campaign);
    case 'link_clicked':
      return text(p.url) ?? text(p.label);
    case 'form_submitted':
      return text(p.form) ?? text(p.form_name) ?? text(p.name);
    case 'custom':
      return text(p.name) ?? text(p.event);
    default:
      return null;
  }
}

function Properties({ properties }: { properties: Record<string, unknown> }) {
  const [all, setAll] = useState(false);
  const entries = Object.entries(properties);
  if (entries.length === 0) return null;
  // Ids mean little to a person: they show only behind "Show all".
  const shown = all ? entries.slice(0, 200) : entries.filter(([key]) => !ID_KEY.test(key)).slice(0, SHOWN_PROPERTIES);
  return (
    <>
      <dl className={classes.props}>
        {shown.map(([key, value]) => {
          const href = key.toLowerCase().includes('url') ? safeHttpUrl(value) : null;
          return (
            <div key={key} style={{ display: 'contents' }}>
              <dt dir="auto">{clip(humanize(key), 60)}</dt>
              <dd dir="auto">
                {href ? (
                  <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" size="xs">
                    {clip(href, 200)}
                  </Anchor>
                ) : (
                  valueToText(value, 300)
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {entries.length > shown.length || all ? (
        <Button variant="subtle" size="compact-xs" mt={4} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${formatNumber(entries.length)} properties`}
        </Button>
      ) : null}
    </>
  );
}
