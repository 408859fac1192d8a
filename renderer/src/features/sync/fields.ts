import { humanize } from '../../lib/format';

/** Labels for the spec's field names (snake_case) where humanize() would read oddly. */
const LABELS: Record<string, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Full name',
  email: 'Email',
  phone: 'Phone',
  timezone: 'Time zone',
  custom_fields: 'Custom fields',
  last_seen_at: 'Last seen',
  due_at: 'Due date',
  done_at: 'Done',
};

const ENTITIES: Record<string, string> = {
  contact: 'Contact',
  note: 'Note',
  follow_up: 'Follow-up',
  conversation: 'Conversation',
  event: 'Event',
  field_definition: 'Custom field definition',
};

/** "City"; for records other than the contact itself, with what it is: "Note · Body". */
export function fieldLabel(entity: string, field: string): string {
  const label = LABELS[field] ?? humanize(field);
  return entity === 'contact' ? label : `${entityLabel(entity)} · ${label}`;
}

export function entityLabel(entity: string): string {
  return ENTITIES[entity] ?? humanize(entity);
}
