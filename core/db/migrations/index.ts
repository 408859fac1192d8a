/**
 * The numbered migrations, oldest first. To add one: create NNN_what_it_does.ts beside this
 * file exporting `up` (SQL run inside the migration transaction), append it here, and add a
 * test in tests/migrations.test.ts that opens a database at the previous version, migrates
 * it and checks the outcome. Never edit a migration that has shipped.
 */
import * as m001 from './001_initial.js';
import * as m002 from './002_sync.js';
import * as m003 from './003_search_merges_when_idle.js';
import * as m004 from './004_child_ids_in_named_indexes.js';
import * as m005 from './005_contact_ids_in_named_index.js';
import * as m006 from './006_delete_with_undo.js';
import * as m007 from './007_note_delete_with_undo.js';
import * as m008 from './008_activity_indexes.js';
import * as m009 from './009_segments.js';
import * as m010 from './010_merges.js';
import * as m011 from './011_bulk_jobs.js';
import * as m012 from './012_audit_viewer.js';
import * as m013 from './013_erasure_suppression.js';
import * as m014 from './014_retention.js';
import * as m015 from './015_webhooks.js';
import * as m016 from './016_connectors.js';
import * as m017 from './017_analytics.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: m001.up },
  { version: 2, name: 'sync', up: m002.up },
  { version: 3, name: 'search merges when idle', up: m003.up },
  { version: 4, name: 'child ids in named indexes', up: m004.up },
  { version: 5, name: 'contact ids in a named index', up: m005.up },
  { version: 6, name: 'delete with undo', up: m006.up },
  { version: 7, name: 'note delete with undo', up: m007.up },
  { version: 8, name: 'activity indexes', up: m008.up },
  { version: 9, name: 'segments', up: m009.up },
  { version: 10, name: 'duplicates and merges', up: m010.up },
  { version: 11, name: 'bulk jobs', up: m011.up },
  { version: 12, name: 'audit viewer indexes', up: m012.up },
  { version: 13, name: 'erasure and suppression list', up: m013.up },
  { version: 14, name: 'retention', up: m014.up },
  { version: 15, name: 'webhooks', up: m015.up },
  { version: 16, name: 'connectors', up: m016.up },
  { version: 17, name: 'analytics rollups', up: m017.up },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
