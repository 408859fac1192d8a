import type { EntityKind } from '../spec/entities.js';

/** The local table of each synced entity type (core/db/migrations/001_initial.ts). */
export const ENTITY_TABLES: Record<EntityKind, string> = {
  contact: 'contacts',
  field_definition: 'field_definitions',
  conversation: 'conversations',
  event: 'events',
  note: 'notes',
  follow_up: 'follow_ups',
};

/** The synced children of a contact, with their tables (a contact's deletion or erasure takes them along). */
export const CONTACT_CHILD_TABLES = [
  ['conversation', 'conversations'],
  ['event', 'events'],
  ['note', 'notes'],
  ['follow_up', 'follow_ups'],
] as const satisfies readonly (readonly [EntityKind, string])[];
