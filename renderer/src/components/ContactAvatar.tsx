import { Avatar, type MantineSize } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { avatarColor, initials } from '../lib/avatar';

/** Initials on a colour that stays the same for a contact (keyed by id, not by name). */
export function ContactAvatar({ id, name, size = 'sm' }: { id: string; name: string; size?: MantineSize | number }) {
  const letters = initials(name);
  return (
    <Avatar size={size} radius="xl" color={avatarColor(id)} variant="light" aria-hidden>
      {letters || <IconUser size="60%" stroke={1.8} />}
    </Avatar>
  );
}
