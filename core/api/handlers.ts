/**
 * The core's implementation of every contract method. The map is typed against the
 * contract, so a method added to preload/contract.ts without a handler does not compile.
 * Inputs arrive validated (core/api/validate.ts runs on the main side first).
 */
import { getHeapStatistics } from 'node:v8';
import { LATEST_SCHEMA_VERSION } from '../db/database.js';
import type { MethodOutput, ParsedInput, WorkerMethodName } from '../../preload/contract.js';
import { contactFacets, countContacts, createContact, getContact, listContacts, setTag, updateContact } from '../services/contacts.js';
import { createNote, deleteNote, undoDeleteNote, updateNote } from '../services/notes.js';
import { deleteContact, undoDeleteContact } from '../services/delete-contact.js';
import { createField, reorderFields, updateField } from '../services/fields.js';
import { deleteTag, listTags, mergeTags, renameTag, setTagColor } from '../services/tags.js';
import { createFollowUp, deleteFollowUp, followUpAssignees, listFollowUps, updateFollowUp } from '../services/follow-ups.js';
import { getConversation, timelinePage } from '../services/timeline.js';
import { dismissDuplicate, listDuplicates, scanForDuplicates } from '../services/duplicates.js';
import { mergeContacts, mergePreview, undoMerge } from '../services/merge.js';
import { activityAgents, activityPage } from '../services/activity.js';
import { seedWorkspace } from '../services/seed.js';
import { addToList, createSegment, deleteSegment, listSegments, removeFromList, reorderSegments, segmentCounts, updateSegment } from '../services/segments.js';
import { BulkJobs } from '../services/bulk.js';
import { ExportJobs, exportColumns } from '../services/export.js';
import { ImportJobs } from '../services/import.js';
import { consentHistory, consentPurposes, recordConsent, saveConsentPurposes } from '../services/consent.js';
import { auditFacets, auditPage, checkAuditChain, exportAudit } from '../services/audit.js';
import { dataAccessHistory, writeDataAccessPackage } from '../services/dsar.js';
import { deleteRetentionRule, listRetentionRules, previewRetentionRule, runRetention, saveRetentionRule, setRetentionRuleEnabled } from '../services/retention.js';
import type { Workspace } from '../services/workspace.js';
import { listConflicts, listSyncIssues, resolveConflict } from '../services/conflicts.js';
import { eraseContact, erasePreview } from '../services/erase.js';
import { listSuppression, unsuppress } from '../services/suppression.js';
import type { SyncController } from '../sync/controller.js';
import { pullThreadHeapUsedBytes } from '../sync/page-source.js';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, updateEndpoint, WebhookDispatcher } from '../services/webhooks.js';
import { connectorsFor } from '../connectors/service.js';
import { figureHandlers, type FigureReader } from '../analytics/figures.js';
import { drillHandlers } from '../analytics/drill.js';
import { backupAndRotate, backupFolder } from '../db/backups.js';
import { CoreError } from './errors.js';

export type Handlers = { [M in WorkerMethodName]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

/** `webhooks`: the worker passes the dispatcher it runs; without one, a dispatcher that sends only on Test and Redeliver. */
export function createHandlers(
  ws: Workspace,
  sync: SyncController,
  webhooks = new WebhookDispatcher(ws, { isOnline: () => sync.scheduler.isOnline() }),
  analyticsReader: FigureReader | null = null,
): Handlers {
  const status = () => sync.scheduler.status();
  const tagProgress = (done: number, total: number) => ws.events.emit({ type: 'progress', job: 'tags', done, total });
  const bulk = new BulkJobs(ws);
  const exports = new ExportJobs(ws);
  const imports = new ImportJobs(ws);
  return {
    'workspace.info': () => ({
      name: ws.getSetting<string>('workspace_name') ?? 'Local workspace',
      host: ws.options.host === 'electron' ? 'electron' : 'browser',
      databasePath: ws.options.databasePath,
      contactCount: countContacts(ws, {}).count,
      agent: ws.agent,
      schemaVersion: LATEST_SCHEMA_VERSION,
    }),
    'workspace.diagnostics': () => {
      const heap = getHeapStatistics();
      const memory = process.memoryUsage();
      return {
        workerHeapUsedBytes: heap.used_heap_size,
        workerHeapTotalBytes: heap.total_heap_size,
        externalBytes: heap.external_memory,
        pullThreadHeapUsedBytes: pullThreadHeapUsedBytes(),
        processRssBytes: memory.rss,
      };
    },
    'workspace.seedDemo': (input) =>
      seedWorkspace(ws, {
        contacts: input.contacts,
        ...(input.seed !== undefined ? { seed: input.seed } : {}),
        onProgress: (done, total) => ws.events.emit({ type: 'progress', job: 'seed', done, total }),
      }),
    'contacts.list': (input) => listContacts(ws, input),
    'contacts.count': (input) => countContacts(ws, input.filter),
    'contacts.facets': () => contactFacets(ws),
    'contacts.get': (input) => getContact(ws, input.id),
    'contacts.create': (input) => createContact(ws, input.fields),
    'contacts.update': (input) => updateContact(ws, input.id, input.fields),
    'contacts.delete': (input) => deleteContact(ws, input.id),
    'contacts.undoDelete': (input) => undoDeleteContact(ws, input.id),
    'contacts.addTag': (input) => setTag(ws, input.id, input.tag, true),
    'contacts.removeTag': (input) => setTag(ws, input.id, input.tag, false),
    'contacts.mergePreview': (input) => mergePreview(ws, input.ids),
    'contacts.merge': (input) => mergeContacts(ws, input),
    'contacts.undoMerge': (input) => undoMerge(ws, input.mergeId),
    'duplicates.scan': () => scanForDuplicates(ws, (done, total) => ws.events.emit({ type: 'progress', job: 'duplicates', done, total })),
    'duplicates.list': (input) => listDuplicates(ws, input),
    'duplicates.dismiss': (input) => dismissDuplicate(ws, input.aId, input.bId),
    'tags.list': () => listTags(ws),
    'tags.setColor': (input) => setTagColor(ws, input.id, input.color),
    'tags.rename': (input) => renameTag(ws, input.id, input.name, tagProgress),
    'tags.merge': (input) => mergeTags(ws, input.fromId, input.intoId, tagProgress),
    'tags.delete': (input) => deleteTag(ws, input.id, tagProgress),
    'fields.list': () => ws.fieldDefinitions(),
    'fields.create': (input) => createField(ws, input),
    'fields.update': (input) => updateField(ws, input.id, input),
    'fields.reorder': (input) => reorderFields(ws, input.ids),
    'notes.create': (input) => createNote(ws, input.contactId, input.body, input.pinned ?? false),
    'notes.update': (input) => updateNote(ws, input.id, input),
    'notes.delete': (input) => deleteNote(ws, input.id),
    'notes.undoDelete': (input) => undoDeleteNote(ws, input.id),
    'segments.list': () => listSegments(ws),
    'segments.counts': () => segmentCounts(ws),
    'segments.create': (input) => createSegment(ws, input),
    'segments.update': (input) => updateSegment(ws, input.id, input),
    'segments.delete': (input) => deleteSegment(ws, input.id),
    'segments.reorder': (input) => reorderSegments(ws, input.ids),
    'segments.addContacts': (input) => addToList(ws, input.id, input.contactIds),
    'segments.removeContacts': (input) => removeFromList(ws, input.id, input.contactIds),

    'followUps.list': (input) => listFollowUps(ws, input),
    'followUps.create': (input) => createFollowUp(ws, input),
    'followUps.update': (input) => updateFollowUp(ws, input.id, input),
    'followUps.delete': (input) => deleteFollowUp(ws, input.id),
    'followUps.assignees': () => followUpAssignees(ws),
    'timeline.page': (input) => timelinePage(ws, input),
    'activity.page': (input) => activityPage(ws, input),
    'activity.agents': () => activityAgents(ws),
    'conversations.get': (input) => getConversation(ws, input.id),
    'consent.purposes': () => consentPurposes(ws),
    'consent.savePurposes': (input) => saveConsentPurposes(ws, input.purposes),
    'consent.history': (input) => consentHistory(ws, input.contactId),
    'consent.record': (input) => recordConsent(ws, input),
    'audit.page': (input) => auditPage(ws, input.query, input.before, input.limit),
    'audit.facets': () => auditFacets(ws),
    'audit.verify': () => checkAuditChain(ws),
    'audit.export': (input) => exportAudit(ws, input.query, input.format),
    'bulk.start': (input) => bulk.start(input.target, input.action),
    'bulk.cancel': (input) => bulk.cancel(input.jobId),
    'bulk.undo': (input) => bulk.undo(input.jobId),
    'bulk.status': () => bulk.status(),
    'export.columns': () => exportColumns(ws),
    'export.start': (input) => exports.start(input),
    'export.cancel': (input) => exports.cancel(input.jobId),
    'export.status': () => exports.status(),
    'import.begin': (input) => imports.begin(input.fileName, input.size),
    'import.upload': (input) => imports.upload(input.uploadId, input.offset, input.data),
    'import.preview': (input) => imports.preview(input.uploadId, input.mapping),
    'import.start': (input) => imports.start(input.uploadId, input.mapping, input.onDuplicate),
    'import.cancel': (input) => imports.cancel(input.jobId),
    'import.status': () => imports.status(),
    'import.report': (input) => imports.report(input.jobId),
    'import.discard': (input) => imports.discard(input.uploadId),
    'retention.list': () => listRetentionRules(ws),
    'retention.save': (input) => saveRetentionRule(ws, input),
    'retention.setEnabled': (input) => setRetentionRuleEnabled(ws, input.id, input.enabled),
    'retention.delete': (input) => deleteRetentionRule(ws, input.id),
    'retention.preview': (input) => previewRetentionRule(ws, input.id),
    'retention.runNow': (input) =>
      runRetention(ws, { dryRun: input.dryRun, origin: 'manual', onProgress: (done, total) => ws.events.emit({ type: 'progress', job: 'retention', done, total }) }),
    'sync.status': status,
    'sync.connect': (input) => sync.connect(input.serviceUrl, input.token),
    'sync.disconnect': () => sync.disconnect(),
    'sync.startDemo': (input) => sync.startDemo(input.contacts),
    'sync.now': () => {
      sync.scheduler.syncNow();
      return status();
    },
    'sync.setOnline': (input) => {
      sync.scheduler.setOnline(input.online);
      if (input.online) webhooks.kick();
      return status();
    },
    'sync.setInterval': (input) => {
      sync.scheduler.setIntervalSeconds(input.seconds);
      ws.transaction(() => ws.audit.append(ws.agent, { action: 'settings.sync_interval', details: { seconds: input.seconds } }));
      return status();
    },
    'sync.issues': (input) => listSyncIssues(ws, input.limit),
    'privacy.erasePreview': (input) => erasePreview(ws, input.id),
    'privacy.erase': (input) => eraseContact(ws, input.id, { origin: 'local' }),
    'privacy.suppressionList': (input) => listSuppression(ws, input.limit),
    'privacy.unsuppress': (input) => unsuppress(ws, input.id),
    'conflicts.list': (input) => listConflicts(ws, input.includeResolved, input.limit),
    'conflicts.resolve': (input) => resolveConflict(ws, input.id, input.keep),
    'privacy.dataAccessExport': (input) =>
      writeDataAccessPackage(ws, input.contactId, null, (done, total) => ws.events.emit({ type: 'progress', job: 'dsar', done, total })),
    'privacy.dataAccessHistory': (input) => dataAccessHistory(ws, input.limit),
    'webhooks.list': () => listEndpoints(ws, webhooks.secrets),
    'webhooks.create': (input) => createEndpoint(ws, webhooks.secrets, input),
    'webhooks.update': (input) => {
      const saved = updateEndpoint(ws, webhooks.secrets, input);
      if (input.enabled) webhooks.kick();
      return saved;
    },
    'webhooks.delete': (input) => deleteEndpoint(ws, webhooks.secrets, input.id),
    'webhooks.test': (input) => webhooks.test(input.id),
    'webhooks.deliveries': (input) => listDeliveries(ws, input.endpointId, input.before, input.limit),
    'webhooks.redeliver': (input) => webhooks.redeliver(input.deliveryId),
    'connectors.list': () => connectorsFor(ws).list(),
    'connectors.save': (input) => connectorsFor(ws).save(input),
    'connectors.disconnect': (input) => connectorsFor(ws).disconnect(input.vendor),
    'connectors.pushNow': (input) => connectorsFor(ws).start(input.vendor, 'manual'),
    'connectors.errors': (input) => connectorsFor(ws).errors(input.vendor, input.limit),
    'connectors.clearErrors': (input) => connectorsFor(ws).clearErrors(input.vendor),
    'backups.create': async () => {
      if (ws.options.databasePath === ':memory:') throw new CoreError('bad_request', 'A workspace kept in memory has no backups.');
      const { backup } = await backupAndRotate(ws.db, backupFolder(ws.options.databasePath), 'manual');
      return { fileName: backup.fileName, reason: backup.reason, takenAt: backup.at.toISOString(), sizeBytes: backup.bytes };
    },
    ...figureHandlers(ws, analyticsReader),
    ...drillHandlers(ws),
  };
}
