import { Badge } from '@mantine/core';
import { humanize } from '../lib/format';

const SOURCE_COLORS: Record<string, string> = {
  web: 'blue',
  whatsapp: 'green',
  messenger: 'indigo',
  telegram: 'cyan',
  sms: 'orange',
  email: 'grape',
  api: 'gray',
  import: 'teal',
  agent: 'violet',
};

const SOURCE_LABELS: Record<string, string> = { sms: 'SMS', api: 'API', whatsapp: 'WhatsApp' };

export function sourceColor(source: string): string {
  return SOURCE_COLORS[source] ?? 'gray';
}

export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? humanize(source);
}

export function SourceBadge({ source, size = 'sm' }: { source: string | null; size?: 'xs' | 'sm' | 'md' }) {
  if (!source) return null;
  return (
    <Badge size={size} variant="light" color={sourceColor(source)} style={{ textTransform: 'none', fontWeight: 600 }}>
      {sourceLabel(source)}
    </Badge>
  );
}
