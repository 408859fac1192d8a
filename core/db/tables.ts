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
