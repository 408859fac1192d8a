import { Group, Text } from '@mantine/core';
import type { ContactRow } from '../../../preload/contract';
import { ContactAvatar } from './ContactAvatar';

/** A contact in a pick list: avatar, name, and email · phone · city on a second line (as text: it is the chat user's). */
export function ContactIdentity({ row }: { row: Pick<ContactRow, 'id' | 'displayName' | 'email' | 'phone' | 'city'> }) {
  return (
    <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
      <ContactAvatar id={row.id} name={row.displayName} size={32} />
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} className="ellipsis untrusted" dir="auto">
          {row.displayName}
        </Text>
        <Text size="xs" c="dimmed" className="ellipsis untrusted" dir="auto">
          {[row.email, row.phone, row.city].filter(Boolean).join(' · ') || 'No email or phone'}
        </Text>
      </div>
    </Group>
  );
}
