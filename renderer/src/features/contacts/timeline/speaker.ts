import type { ContactDetail, Message } from '../../../../../preload/contract';

/** Who said a message: its author, else the visitor's first name or the role. */
export function speaker(message: Message, contact: ContactDetail): string {
  if (message.authorName) return message.authorName.slice(0, 60);
  if (message.role === 'user') return contact.firstName?.slice(0, 60) || 'Visitor';
  if (message.role === 'bot') return 'Bot';
  if (message.role === 'agent') return 'Agent';
  return 'System';
}
