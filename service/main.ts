/**
 * The reference chatbot service: `startService` for tests, the demo and the CLI
 * (`nexvio-contacts service ...`, whose arguments `parseServiceArgs` reads).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Activity } from './activity.js';
import { Faults, type FaultScope, parseFaults } from './faults.js';
import { createRequestHandler } from './http.js';
import { seedService } from './seed.js';
import { DEFAULT_RETENTION_DAYS, ServiceStore } from './store.js';

export interface ServiceOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  dataDir: string;
  /** One agent per token; all share the workspace. */
  tokens: string[];
  /** Enables the loopback-only /admin API. */
  adminToken?: string;
  /** Generate this many contacts (with their conversations, events...) into an empty database. */
  seed?: number;
  /** The generator's seed for --seed (default 1). */
  generatorSeed?: number;
  /** About this many changes a minute of live activity. */
  activity?: number;
  /** e.g. `5xx=0.1,429=0.05,slow=0.05,drop=0.05,truncate=0.02,malformed=0.02`. */
  faults?: string;
  /** `sync` (default): faults only on /v1/sync/*; `all`: on /v1/workspace too. */
  faultScope?: FaultScope;
  retentionDays?: number;
  log?: (line: string) => void;
}

export interface RunningService {
  url: string;
  port: number;
  store: ServiceStore;
  faults: Faults;
  activity: Activity | undefined;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.tokens.length === 0) throw new Error('the service needs at least one --token');
  const store = new ServiceStore({ dataDir: options.dataDir, retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS });
  const agents = store.registerAgents(options.tokens);
  const faults = new Faults(options.faults ?? '', options.faultScope ?? 'sync');
  const seeding = (options.seed ?? 0) > 0 && store.seq === 0;
  let ready = !seeding;
  const server = createServer(createRequestHandler({ store, agents, faults, adminToken: options.adminToken, log, ready: () => ready }));
  server.keepAliveTimeout = 10_000;

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close(); // e.g. the port is taken: leave nothing open behind
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`service: listening on ${url} (workspace ${store.workspace.name}, ${agents.size} agent token(s))`);

  let activity: Activity | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  const close = async (): Promise<void> => {
    activity?.stop();
    clearInterval(purgeTimer);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    store.close();
  };

  try {
    if (seeding) {
      const total = options.seed!;
      let lastLog = 0;
      const report = await seedService(store, {
        contacts: total,
        seed: options.generatorSeed ?? 1,
        onProgress: (done) => {
          if (done - lastLog >= 100_000 || done === total) {
            lastLog = done;
            log(`service: seeded ${done}/${total} contacts`);
          }
        },
      });
      log(`service: seeded ${report.contacts} contacts (${report.entities} entities) in ${(report.ms / 1000).toFixed(1)} s, ${Math.round(report.contacts / (report.ms / 1000))} contacts/s`);
    } else if ((options.seed ?? 0) > 0) {
      log('service: the database already holds data; --seed ignored');
    }
    ready = true;
    const purged = store.purgeTombstones();
    if (purged.purged > 0) log(`service: purged ${purged.purged} tombstones older than ${store.retentionDays} days`);
    purgeTimer = setInterval(() => store.purgeTombstones(), HOUR_MS);
    purgeTimer.unref();
    if ((options.activity ?? 0) > 0) {
      activity = new Activity(store, { ratePerMinute: options.activity!, log });
      activity.start();
      log(`service: live activity at about ${options.activity} changes a minute`);
    }
    if (options.faults) log(`service: faults ${options.faults} (${faults.scope})`);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, port, store, faults, activity, close };
}

export const SERVICE_USAGE = `usage: nexvio-contacts service --port P --data-dir DIR --token T [--token T2 ...]
         [--host H] [--seed N] [--generator-seed S] [--activity R] [--faults SPEC] [--faults-all]
         [--admin-token A] [--retention-days D]
  --seed N          generate N contacts (and their conversations, events...) into an empty database
  --activity R      about R changes a minute of live activity
  --faults SPEC     e.g. 5xx=0.1,429=0.05,slow=0.05,drop=0.05,truncate=0.02,malformed=0.02
  --faults-all      inject faults on /v1/workspace too (default: /v1/sync/* only)
  --admin-token A   enable the loopback-only /admin API with this token`;

/** Reads the arguments after `service`; throws an Error whose message ends with the usage. */
export function parseServiceArgs(argv: string[]): Omit<ServiceOptions, 'log'> {
  const fail = (message: string): never => {
    throw new Error(`${message}\n${SERVICE_USAGE}`);
  };
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const integer = (name: string, value: string | undefined, min: number, max: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const number = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a number >= 0`);
    return n;
  };
  const port = integer('port', values.port, 0, 65535);
  if (port === undefined) fail('--port is required');
  const dataDir = values['data-dir'];
  if (!dataDir) fail('--data-dir is required');
  const tokens = values.token ?? [];
  if (tokens.length === 0) fail('at least one --token is required');
  if (tokens.some((t) => !/^\S+$/.test(t))) fail('a token cannot be empty or contain spaces');
  if (values.faults !== undefined) {
    try {
      parseFaults(values.faults);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }
  const options: Omit<ServiceOptions, 'log'> = { port: port!, dataDir: dataDir!, tokens };
  if (values.host !== undefined) options.host = values.host;
  const seed = integer('seed', values.seed, 0, 100_000_000);
  if (seed !== undefined) options.seed = seed;
  const generatorSeed = integer('generator-seed', values['generator-seed'], -(2 ** 53 - 1), 2 ** 53 - 1);
  if (generatorSeed !== undefined) options.generatorSeed = generatorSeed;
  const activity = number('activity', values.activity);
  if (activity !== undefined) options.activity = activity;
  if (values.faults !== undefined) options.faults = values.faults;
  if (values['faults-all']) options.faultScope = 'all';
  if (values['admin-token'] !== undefined) options.adminToken = values['admin-token'];
  const retention = number('retention-days', values['retention-days']);
  if (retention !== undefined) options.retentionDays = retention;
  return options;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string', multiple: true },
      seed: { type: 'string' },
      'generator-seed': { type: 'string' },
      activity: { type: 'string' },
      faults: { type: 'string' },
      'faults-all': { type: 'boolean' },
      'admin-token': { type: 'string' },
      'retention-days': { type: 'string' },
    },
  }).values;
}
