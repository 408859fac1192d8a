/**
 * `npm run bench:export`: exports every contact of the generated benchmark workspace
 * (1,000,000 by default, built by bench.ts's seeding and shared with it) through the database
 * worker, as the app does, with every column, and measures the time and the worker's heap
 * (sampled every 100 ms). Targets: under 30 s, the worker's heap under 300 MB. Results go to
 * .bench/export-results.json; the exported file is removed afterwards.
 *
 *   node dist/bench-export.js [--contacts N] [--dir DIR] [--reuse] [--format csv|xlsx|json|vcf]
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { CoreWorker } from '../core/worker/client.js';
import { EXPORT_FORMATS, type Envelope, type ExportFormat, type ExportJob } from '../preload/contract.js';
import { ensureBenchWorkspace } from './bench-workspace.js';

const TARGET_SECONDS = 30;
const TARGET_HEAP_BYTES = 300 * 1024 * 1024;

interface Args {
  contacts: number;
  dir: string;
  reuse: boolean;
  format: ExportFormat;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { contacts: 1_000_000, dir: resolve('.bench'), reuse: false, format: 'csv' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i] ?? '';
    if (flag === '--contacts') args.contacts = Number(next());
    else if (flag === '--dir') args.dir = resolve(next());
    else if (flag === '--reuse') args.reuse = true;
    else if (flag === '--format') args.format = next() as ExportFormat;
    else throw new Error(`Unknown option ${flag}. Usage: node dist/bench-export.js [--contacts N] [--dir DIR] [--reuse] [--format csv|xlsx|json|vcf]`);
  }
  if (!Number.isInteger(args.contacts) || args.contacts < 1000) throw new Error('--contacts must be a whole number of at least 1000');
  if (!EXPORT_FORMATS.includes(args.format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  return args;
}

function unwrap<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.dir, { recursive: true });
  const { dbPath } = ensureBenchWorkspace(args.dir, args.contacts, args.reuse);

  const worker = await CoreWorker.start({ databasePath: dbPath, host: 'browser', slowQueryMs: 0 });
  try {
    const columns = unwrap(await worker.call('export.columns', {})).map((c) => c.id);
    const heapNow = async () => unwrap(await worker.call('workspace.diagnostics', {})).workerHeapUsedBytes;
    const heapBefore = await heapNow();
    let heapMax = heapBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        heapMax = Math.max(heapMax, await heapNow());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const finished = new Promise<ExportJob>((resolveJob) => {
      worker.onEvent((event) => {
        if (event.type === 'export.finished') resolveJob(event.job);
      });
    });
    let lastPrint = 0;
    worker.onEvent((event) => {
      if (event.type !== 'progress' || event.job !== 'export') return;
      const now = performance.now();
      if (now - lastPrint > 5000) {
        lastPrint = now;
        process.stderr.write(`  exported ${event.done.toLocaleString('en-US')} / ${event.total.toLocaleString('en-US')}\n`);
      }
    });

    const started = performance.now();
    unwrap(await worker.call('export.start', { target: { filter: {} }, format: args.format, columns }));
    const job = await finished;
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    if (job.state !== 'finished' || !job.path) throw new Error(`The export ended ${job.state}: ${job.error ?? ''}`);
    const bytes = statSync(job.path).size;
    rmSync(job.path, { force: true });

    const report = {
      contacts: job.done,
      format: args.format,
      columns: columns.length,
      seconds: Math.round(seconds * 100) / 100,
      contactsPerSecond: Math.round(job.done / seconds),
      fileBytes: bytes,
      workerHeapBeforeBytes: heapBefore,
      workerHeapMaxBytes: heapMax,
      targets: { seconds: TARGET_SECONDS, workerHeapBytes: TARGET_HEAP_BYTES },
      pass: { seconds: seconds < TARGET_SECONDS, heap: heapMax < TARGET_HEAP_BYTES },
    };
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(`export of ${report.contacts.toLocaleString('en-US')} contacts to ${args.format.toUpperCase()}, ${report.columns} columns`);
    console.log(`  time        ${report.seconds.toFixed(2)} s (${report.contactsPerSecond.toLocaleString('en-US')}/s)   target < ${TARGET_SECONDS} s   ${report.pass.seconds ? 'ok' : 'MISSED'}`);
    console.log(`  worker heap ${mb(heapMax)} at most (${mb(heapBefore)} before)   target < ${mb(TARGET_HEAP_BYTES)}   ${report.pass.heap ? 'ok' : 'MISSED'}`);
    console.log(`  file        ${mb(bytes)}`);
    writeFileSync(join(args.dir, 'export-results.json'), JSON.stringify(report, null, 2));
    console.log('\nJSON:');
    console.log(JSON.stringify(report));
    process.exitCode = report.pass.seconds && report.pass.heap ? 0 : 1;
  } finally {
    await worker.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
