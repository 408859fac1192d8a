/**
 * `nexvio-contacts`: the core's jobs without a window, for administrators, automation and
 * benchmarks. Each command lives in its own function below; add one to COMMANDS.
 *
 *   nexvio-contacts sync --db FILE --service URL --token T [--json] [--max-seconds N]
 *   nexvio-contacts stats --db FILE [--json] [--verify]
 *   nexvio-contacts service --port P --data-dir DIR --token T [--seed N] [--activity R] [--faults SPEC]
 *   nexvio-contacts seed --db FILE --contacts N [--seed S]
 *   nexvio-contacts dsar --db FILE --contact ID --out FILE.zip
 *   nexvio-contacts erase --db FILE --contact ID [--yes] [--json]
 *   nexvio-contacts retention --db FILE [--dry-run] [--json]
 *   nexvio-contacts export --db FILE --format csv|xlsx|json|vcf [--segment NAME] [--columns a,b] --out PATH
 *   nexvio-contacts import --db FILE --file PATH [--on-duplicate update|skip|create]
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { openWorkspace, type Workspace } from '../core/services/workspace.js';
import { SyncEngine, type SyncReport } from '../core/sync/engine.js';
import { SyncHttpError } from '../core/sync/http.js';
import { backoffDelay } from '../core/sync/scheduler.js';
import { ChecksumAccumulator, recomputeChecksums } from '../core/sync/checksum.js';
import { ENTITY_KINDS } from '../core/spec/entities.js';
import { ENTITY_TABLES } from '../core/db/tables.js';
import { seedWorkspace } from '../core/services/seed.js';
import { writeDataAccessPackage } from '../core/services/dsar.js';
import { eraseContact, erasePreview } from '../core/services/erase.js';
import { runRetention } from '../core/services/retention.js';
import { exportColumns, prepareExport, segmentByName } from '../core/services/export.js';
import { importFile } from '../core/services/import.js';
import { DUPLICATE_POLICIES, EXPORT_FORMATS, retentionOutcomeWords, retentionRuleWords, type DuplicatePolicy, type ErasureCounts, type ExportFormat, type ExportTarget } from '../preload/contract.js';

export class UsageError extends Error {}

type Flags = Map<string, string[]>;

function parseFlags(argv: string[], booleans: readonly string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}".`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    let value = inline;
    if (value === undefined) {
      if (booleans.includes(name)) value = 'true';
      else {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      }
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return flags;
}

function required(flags: Flags, name: string): string {
  const value = flags.get(name)?.[0];
  if (!value) throw new UsageError(`--${name} is required.`);
  return value;
}

function integer(flags: Flags, name: string, fallback: number, min = 0): number {
  const text = flags.get(name)?.[0];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not "${text}".`);
  return n;
}

type Output = { log: (line: string) => void; error: (line: string) => void };

// ---------------------------------------------------------------- sync

async function syncCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, ['json']);
  const dbPath = resolve(required(flags, 'db'));
  const serviceUrl = required(flags, 'service');
  const token = required(flags, 'token');
  const json = flags.has('json');
  const deadline = Date.now() + integer(flags, 'max-seconds', 600, 1) * 1000;
  const ws = openWorkspace({ databasePath: dbPath, host: 'cli', slowQueryMs: 0 });
  try {
    let stepStarted = 0;
    const onLoadStep = (step: string) => {
      const now = performance.now();
      if (!json) out.error(`  ${stepStarted ? `(${((now - stepStarted) / 1000).toFixed(1)} s) ` : ''}building ${step}`);
      stepStarted = now;
    };
    const engine = new SyncEngine(ws, { serviceUrl, token, onLoadStep }, (p) => {
      if (!json && p.phase === 'pulling' && p.pulled % 50_000 < 1000) {
        out.error(`  pulled ${p.pulled.toLocaleString('en-US')}${p.expected ? ` of about ${p.expected.toLocaleString('en-US')}` : ''} changes`);
      }
    });
    let failures = 0;
    let lastError = '';
    let retryAfterMs: number | null = null;
    let report: SyncReport | null = null;
    // One cycle, retried through transient faults until it converges or time runs out.
    while (Date.now() < deadline) {
      try {
        report = await engine.syncOnce();
        if (report.converged) break;
        lastError = report.divergence ?? 'not converged';
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        retryAfterMs = error instanceof SyncHttpError ? error.retryAfterMs : null;
        if (error instanceof SyncHttpError && (error.kind === 'unauthorized' || error.kind === 'protocol' || error.kind === 'rejected')) break;
      }
      failures++;
      const wait = Math.min(backoffDelay(failures, retryAfterMs), Math.max(0, deadline - Date.now()));
      retryAfterMs = null;
      if (!json) out.error(`  sync attempt ${failures} did not finish (${lastError}); retrying in ${(wait / 1000).toFixed(1)} s`);
      await new Promise((r) => setTimeout(r, wait));
    }
    const converged = report?.converged === true;
    if (json) {
      out.log(JSON.stringify({ converged, attempts: failures + 1, error: converged ? null : lastError, report }, null, 2));
    } else if (report && converged) {
      out.log(
        `Converged with "${report.workspace.name}": pushed ${report.pushed.applied + report.pushed.duplicate} (conflicts ${report.pushed.conflict}, rejected ${report.pushed.rejected}), ` +
          `pulled ${report.pulled.changes} changes in ${report.pulled.pages} pages (quarantined ${report.pulled.quarantined})${report.fullResync ? ', full resync' : ''}.`,
      );
    } else {
      out.error(`Not converged: ${lastError}`);
    }
    return converged ? 0 : 1;
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------- stats

export function workspaceStats(ws: Workspace, verify: boolean) {
  const count = (sql: string) => ws.db.prepare(sql).pluck().get() as number;
  const checksums = new ChecksumAccumulator(ws.db).snapshot();
  const entities = Object.fromEntries(
    ENTITY_KINDS.map((kind) => [kind, { rows: count(`SELECT count(*) FROM ${ENTITY_TABLES[kind]}`), checksum: checksums[kind] }]),
  );
  return {
    database: ws.options.databasePath,
    schemaVersion: ws.schemaVersion(),
    entities,
    messages: count('SELECT coalesce(sum(message_count), 0) FROM conversations'),
    outbox: { pending: count("SELECT count(*) FROM outbox WHERE state = 'pending'"), rejected: count("SELECT count(*) FROM outbox WHERE state = 'rejected'") },
    conflicts: { open: count('SELECT count(*) FROM conflicts WHERE resolved_at IS NULL'), total: count('SELECT count(*) FROM conflicts') },
    quarantined: count('SELECT count(*) FROM quarantine'),
    cursor: (ws.db.prepare("SELECT value FROM sync_state WHERE key = 'cursor'").pluck().get() as string | undefined) ?? null,
    lastSyncAt: (ws.db.prepare("SELECT value FROM sync_state WHERE key = 'last_sync_at'").pluck().get() as string | undefined) ?? null,
    ...(verify ? { recomputed: recomputeChecksums(ws.db) } : {}),
  };
}

async function statsCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, ['json', 'verify']);
  const ws = openWorkspace({ databasePath: resolve(required(flags, 'db')), host: 'cli', slowQueryMs: 0 });
  try {
    const stats = workspaceStats(ws, flags.has('verify'));
    if (flags.has('json')) out.log(JSON.stringify(stats, null, 2));
    else {
      out.log(`${stats.database} (schema ${stats.schemaVersion})`);
      for (const [kind, e] of Object.entries(stats.entities)) out.log(`  ${kind.padEnd(17)} ${String(e.rows).padStart(9)} rows   checksum ${e.checksum.count} / ${e.checksum.hash.slice(0, 16)}…`);
      out.log(`  outbox pending ${stats.outbox.pending}, rejected ${stats.outbox.rejected}; open conflicts ${stats.conflicts.open}; quarantined ${stats.quarantined}`);
      out.log(`  last sync ${stats.lastSyncAt ?? 'never'}`);
    }
    return 0;
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------- seed (local demo data, no service)

async function seedCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, []);
  const ws = openWorkspace({ databasePath: resolve(required(flags, 'db')), host: 'cli', slowQueryMs: 0 });
  try {
    const started = performance.now();
    const result = seedWorkspace(ws, { contacts: integer(flags, 'contacts', 2000, 1), seed: integer(flags, 'seed', 1) });
    out.log(`Seeded ${result.contacts} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------- dsar (a person's data-access package)

async function dsarCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, []);
  const dbPath = resolve(required(flags, 'db'));
  const contactId = required(flags, 'contact');
  const outPath = resolve(required(flags, 'out'));
  if (!existsSync(dbPath)) throw new UsageError(`There is no database at ${dbPath}.`);
  const ws = openWorkspace({ databasePath: dbPath, host: 'cli', slowQueryMs: 0 });
  try {
    const result = await writeDataAccessPackage(ws, contactId, outPath);
    const counts = Object.entries(result.counts)
      .map(([kind, n]) => `${kind} ${n.toLocaleString('en-US')}`)
      .join(', ');
    out.log(`Wrote ${result.path} (${result.bytes.toLocaleString('en-US')} bytes): ${counts}.`);
    return 0;
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------- export (contacts to a file)

/**
 * Every contact (or a segment's) to a file, with every column unless --columns names some
 * (ids as `export.columns` lists them: email, tags, custom.plan, consent.marketing_email…).
 */
async function exportCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, []);
  const dbPath = resolve(required(flags, 'db'));
  const format = required(flags, 'format') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${format}".`);
  const outPath = resolve(required(flags, 'out'));
  if (!existsSync(dbPath)) throw new UsageError(`There is no database at ${dbPath}.`);
  const ws = openWorkspace({ databasePath: dbPath, host: 'cli', slowQueryMs: 0 });
  try {
    const segmentName = flags.get('segment')?.[0];
    const segment = segmentName === undefined ? null : segmentByName(ws, segmentName);
    const target: ExportTarget = segment ? { segment: segment.id } : { filter: {} };
    const listed = flags.get('columns')?.[0];
    const columns = listed ? listed.split(',').map((c) => c.trim()).filter(Boolean) : exportColumns(ws).map((c) => c.id);
    const prepared = await prepareExport(ws, { target, format, columns }, outPath);
    const outcome = await prepared.run();
    if (outcome.state !== 'finished') {
      out.error(`nexvio-contacts export: ${outcome.error ?? 'stopped'}; no file was left.`);
      return 1;
    }
    const cut = outcome.truncatedCells > 0 ? ` (${outcome.truncatedCells.toLocaleString('en-US')} cells cut to Excel's 32,767 characters)` : '';
    out.log(`Wrote ${prepared.path}: ${outcome.done.toLocaleString('en-US')} contacts, ${prepared.columns} columns${segment ? ` of the segment “${segment.name}”` : ''}${cut}.`);
    return 0;
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------- erase (a privacy request)

function describeCounts(c: ErasureCounts): string {
  const parts = [
    [c.conversations, 'conversation'],
    [c.messages, 'message'],
    [c.events, 'event'],
    [c.notes, 'note'],
    [c.followUps, 'follow-up'],
    [c.consents, 'consent record'],
    [c.otherRecords, 'other record'],
  ] as const;
  return parts.map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`).join(', ');
}

/** Erases one person permanently; without --yes it only says what would go. Prints counts, never personal data. */
async function eraseCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, ['yes', 'json']);
  const contactId = required(flags, 'contact');
  const ws = openWorkspace({ databasePath: resolve(required(flags, 'db')), host: 'cli', slowQueryMs: 0 });
  try {
    const preview = erasePreview(ws, contactId);
    if (!flags.has('yes')) {
      if (flags.has('json')) out.log(JSON.stringify({ erased: false, preview: { contactId, counts: preview.counts } }, null, 2));
      else {
        out.log(`Contact ${contactId}: would erase the contact${preview.counts.people > 1 ? ` and ${preview.counts.people - 1} merged into it` : ''}, ${describeCounts(preview.counts)}.`);
        out.log('Nothing was changed. Run again with --yes to erase permanently (this cannot be undone).');
      }
      return 1;
    }
    const result = eraseContact(ws, contactId, { origin: 'cli' });
    if (flags.has('json')) out.log(JSON.stringify({ erased: true, ...result, queuedForService: preview.synced }, null, 2));
    else {
      out.log(`Erased contact ${contactId}: ${describeCounts(result.counts)}.`);
      out.log(
        preview.synced
          ? 'The erasure is queued for the service and goes out at the next sync (`nexvio-contacts sync`).'
          : 'This workspace is not connected to a service; the erasure is queued and goes out once it is.',
      );
      out.log(result.bytesWiped ? 'The database file and its WAL hold none of the erased data.' : 'Another program is reading the database: the erased data is wiped from the file as soon as it stops (the app retries when idle).');
    }
    return 0;
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------- service

async function serviceCommand(argv: string[], out: Output): Promise<number> {
  const { parseServiceArgs, startService } = await import('../service/main.js');
  const options = parseServiceArgs(argv);
  const service = await startService({ ...options, log: out.log });
  out.log(`Reference chatbot service listening at ${service.url}`);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await service.close();
  return 0;
}

/** Applies the retention rules that are on (or, with --dry-run, says what they would do) and prints each rule's outcome. */
async function retentionCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, ['dry-run', 'json']);
  const dryRun = flags.has('dry-run');
  const ws = openWorkspace({ databasePath: resolve(required(flags, 'db')), host: 'cli', slowQueryMs: 0 });
  try {
    const run = await runRetention(ws, { dryRun, origin: 'cli' });
    if (flags.has('json')) out.log(JSON.stringify(run, null, 2));
    else if (run.rules.length === 0) out.log('No retention rule is on: nothing to do.');
    else {
      for (const rule of run.rules) {
        const outcome = retentionOutcomeWords(rule, dryRun ? rule.matched : rule.changed, dryRun);
        out.log(`${retentionRuleWords(rule)} (before ${rule.cutoff.slice(0, 10)}): ${outcome}${rule.error ? `; stopped: ${rule.error}` : ''}`);
      }
      if (dryRun) out.log('Dry run: nothing was changed.');
    }
    return run.rules.some((rule) => rule.error !== null) ? 1 : 0;
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------- import

/**
 * Imports a CSV, .xlsx or vCard file with the automatic mapping. Exit 0 when it finished
 * (rejected rows are listed in the report), 1 when it could not run or stopped, 2 on usage.
 */
async function importCommand(argv: string[], out: Output): Promise<number> {
  const flags = parseFlags(argv, []);
  const dbPath = resolve(required(flags, 'db'));
  const filePath = resolve(required(flags, 'file'));
  const policy = flags.get('on-duplicate')?.[0] ?? 'update';
  if (!(DUPLICATE_POLICIES as readonly string[]).includes(policy)) throw new UsageError(`--on-duplicate is update, skip or create, not "${policy}".`);
  if (!existsSync(dbPath)) throw new UsageError(`There is no database at ${dbPath}.`);
  if (!existsSync(filePath)) throw new UsageError(`There is no file at ${filePath}.`);
  const ws = openWorkspace({ databasePath: dbPath, host: 'cli', slowQueryMs: 0 });
  try {
    const job = await importFile(ws, { path: filePath, fileName: basename(filePath), onDuplicate: policy as DuplicatePolicy });
    const n = (v: number) => v.toLocaleString('en-US');
    out.log(`Imported ${job.fileName}: ${n(job.created)} created, ${n(job.updated)} updated, ${n(job.unchanged)} unchanged, ${n(job.skipped)} skipped, ${n(job.rejected)} rejected (${n(job.done)} rows).`);
    if (job.reportPath) out.log(`Rejected rows and why: ${job.reportPath}`);
    if (job.error) out.error(`The import stopped: ${job.error}`);
    return job.state === 'finished' ? 0 : 1;
  } finally {
    ws.close();
  }
}

const COMMANDS: Record<string, (argv: string[], out: Output) => Promise<number>> = {
  sync: syncCommand,
  stats: statsCommand,
  seed: seedCommand,
  dsar: dsarCommand,
  erase: eraseCommand,
  service: serviceCommand,
  retention: retentionCommand,
  export: exportCommand,
  import: importCommand,
};

const USAGE = `Usage: nexvio-contacts <command> [options]
  sync    --db FILE --service URL --token T [--json] [--max-seconds N]
  stats   --db FILE [--json] [--verify]
  seed    --db FILE --contacts N [--seed S]
  dsar    --db FILE --contact ID --out FILE.zip
  erase   --db FILE --contact ID [--yes] [--json]   permanently erase a person (privacy request)
  retention --db FILE [--dry-run] [--json]   apply the retention rules (or say what they would do)
  export  --db FILE --format csv|xlsx|json|vcf [--segment NAME] [--columns a,b] --out PATH
  import  --db FILE --file PATH [--on-duplicate update|skip|create]   import a CSV, .xlsx or vCard file
  service --port P --data-dir DIR --token T [--token T2…] [--seed N] [--activity R] [--faults SPEC]`;

export async function runCli(argv: string[], out: Output = { log: console.log, error: console.error }): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    out.error(command && command !== '--help' ? `Unknown command "${command}".\n${USAGE}` : USAGE);
    return command && command !== '--help' ? 2 : 0;
  }
  try {
    return await run(rest, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    out.error(`nexvio-contacts ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
