import type { Message } from '../../../../../preload/contract';

/** What a transcript needs of its contact: the visitor's first name. */
export interface Speaker {
  firstName: string | null;
}

/** Who said a message: its author, else the visitor's first name or the role. */
export function speaker(message: Message, contact: Speaker): string {
  if (message.authorName) return message.authorName.slice(0, 60);
  if (message.role === 'user') return contact.firstName?.slice(0, 60) || 'Visitor';
  if (message.role === 'bot') return 'Bot';
  if (message.role === 'agent') return 'Agent';
  return 'System';
}
