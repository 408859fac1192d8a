/** Plain words for the audit log's actions (the log stores stable machine names). */
import { humanize } from '../../lib/format';

export const ACTION_LABELS: Record<string, string> = {
  'audit.export': 'Exported the audit log',
  'analytics.chart_saved': 'Saved a chart from Analytics',
  'bulk.addTag': 'Bulk: added a tag',
  'bulk.removeTag': 'Bulk: removed a tag',
  'bulk.setField': 'Bulk: set a field',
  'bulk.delete': 'Bulk: deleted contacts',
  'bulk.export': 'Bulk: exported contacts',
  'bulk.undo': 'Bulk: undid an action',
  'export.contacts': 'Exported contacts to a file',
  'conflict.resolve': 'Resolved a sync conflict',
  'connector.settings_changed': 'Changed a connector’s settings',
  'connector.disconnected': 'Disconnected a connector',
  'connector.run': 'Pushed contacts to a connector',
  'consent.set': 'Recorded consent',
  'contact.anonymised': 'Anonymised a contact (retention)',
  'contact.create': 'Created a contact',
  'contact.delete': 'Deleted a contact',
  'contact.erased': 'Erased a person permanently',
  'contact.merge': 'Merged contacts',
  'contact.merge_undo': 'Undid a merge',
  'contact.restore': 'Restored a deleted contact',
  'contact.tag_add': 'Tagged a contact',
  'contact.tag_remove': 'Untagged a contact',
  'contact.update': 'Edited a contact',
  'contacts.import': 'Imported contacts from a file',
  'duplicates.dismiss': 'Marked “not duplicates”',
  'field.create': 'Added a custom field',
  'field.update': 'Changed a custom field',
  'follow_up.create': 'Added a follow-up',
  'follow_up.delete': 'Deleted a follow-up',
  'follow_up.update': 'Changed a follow-up',
  'note.create': 'Added a note',
  'note.delete': 'Deleted a note',
  'note.restore': 'Restored a note',
  'note.update': 'Edited a note',
  'privacy.dsar': 'Built a data-access package',
  'backup.restored': 'Restored the workspace from a backup',
  'workspace.started_empty': 'Started an empty workspace (the unusable file kept aside)',
  'retention.rule_create': 'Added a retention rule',
  'retention.rule_delete': 'Deleted a retention rule',
  'retention.rule_update': 'Changed a retention rule',
  'retention.run': 'Ran a retention rule',
  'suppression.remove': 'Removed an entry from the suppression list',
  'segment.add_contacts': 'Added contacts to a list',
  'segment.create': 'Created a segment',
  'segment.delete': 'Deleted a segment',
  'segment.remove_contacts': 'Removed contacts from a list',
  'segment.update': 'Changed a segment',
  'settings.consent_purposes': 'Changed the consent purposes',
  'settings.fields_reordered': 'Reordered custom fields',
  'settings.sync_interval': 'Changed the sync interval',
  'sync.connect': 'Connected to a service',
  'sync.contacts_reset': 'Sync: removed contacts the service no longer has',
  'sync.disconnect': 'Disconnected from the service',
  'sync.full_resync': 'Sync: started a full resync',
  'tag.color': 'Changed a tag’s colour',
  'tag.delete': 'Deleted a tag',
  'tag.merge': 'Merged tags',
  'tag.rename': 'Renamed a tag',
  'webhook.create': 'Added a webhook endpoint',
  'webhook.update': 'Changed a webhook endpoint',
  'webhook.delete': 'Deleted a webhook endpoint',
  'webhook.pause': 'A failing webhook endpoint was paused',
  'workspace.seed_demo': 'Filled the demo workspace',
};

export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  const [family, rest] = action.split('.', 2);
  return `${humanize(family ?? action)}: ${humanize(rest ?? '')}`.replace(/: $/, '');
}

/** The viewer's "What" choices: families of actions a reviewer asks about. */
export const ACTION_GROUPS: { value: string; label: string; actions: string[] }[] = [
  { value: 'privacy', label: 'Privacy requests and erasures', actions: ['privacy.*', 'contact.erased', 'suppression.*'] },
  { value: 'consent', label: 'Consent changes', actions: ['consent.*', 'settings.consent_purposes'] },
  { value: 'exports', label: 'Exports', actions: ['export.*', 'bulk.export', 'audit.export', 'privacy.dsar', 'analytics.chart_saved'] },
  { value: 'imports', label: 'Imports', actions: ['contacts.import'] },
  { value: 'retention', label: 'Retention', actions: ['retention.*', 'contact.anonymised'] },
  { value: 'bulk', label: 'Bulk actions', actions: ['bulk.*'] },
  { value: 'merges', label: 'Merges', actions: ['contact.merge', 'contact.merge_undo', 'duplicates.dismiss'] },
  { value: 'contacts', label: 'Contact changes', actions: ['contact.*', 'note.*', 'follow_up.*'] },
  { value: 'settings', label: 'Settings', actions: ['settings.*', 'field.*', 'tag.*', 'segment.*'] },
  { value: 'sync', label: 'Sync', actions: ['sync.*', 'conflict.*'] },
  { value: 'integrations', label: 'Webhooks and integrations', actions: ['webhook.*'] },
  { value: 'connectors', label: 'Connectors', actions: ['connector.*'] },
];

/** A details object as short "key: value" parts (details hold ids, names of fields and counts). */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${humanize(key).toLowerCase()}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}
