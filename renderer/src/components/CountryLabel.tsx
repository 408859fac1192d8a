import { Group, Text } from '@mantine/core';
import { countryName, flagEmoji } from '../lib/format';

/** 🇩🇪 Germany — flag from the ISO code, name from Intl in the agent's language. */
export function CountryLabel({ code, size = 'sm' }: { code: string | null; size?: 'xs' | 'sm' | 'md' }) {
  if (!code) return <Text size={size} c="dimmed">—</Text>;
  const name = countryName(code);
  return (
    <Group gap={6} wrap="nowrap" title={`${name} (${code})`} style={{ minWidth: 0 }}>
      <span aria-hidden style={{ fontSize: '1.1em', lineHeight: 1 }}>{flagEmoji(code)}</span>
      <Text size={size} className="ellipsis" span>
        {name}
      </Text>
    </Group>
  );
}
