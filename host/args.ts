/** Command-line arguments of the browser host (`npm run web -- …`). */
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';

export interface HostArgs {
  port: number;
  dataDir: string;
  seed: number | null;
  /** Start the bundled reference service with live activity and connect to it. */
  demo: boolean;
  /** Connect to this service with this token. */
  service: { url: string; token: string } | null;
  bindAddress: string;
  rendererDir?: string;
  workerUrl?: URL;
}

export class HostArgsError extends Error {}

export const HOST_USAGE = `Usage: npm run web -- [--port 5199] [--data-dir DIR] [--seed N | --demo | --service URL --token T]
  --port N        port on 127.0.0.1 (default 5199; 0 picks a free one)
  --data-dir D    folder of the workspace database (default: a folder in the system temp dir)
  --seed N        fill an empty workspace with N generated contacts (local only, no service)
  --demo          start the bundled chatbot service with demo data and live activity, and sync with it
  --service URL   sync with this chatbot service (with --token)
  --token T       the access token for --service`;

export function parseHostArgs(argv: string[]): HostArgs {
  const args: HostArgs = { port: 5199, dataDir: resolve(tmpdir(), 'nexvio-contacts-web'), seed: null, demo: false, service: null, bindAddress: '127.0.0.1' };
  let serviceUrl: string | null = null;
  let token: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new HostArgsError(`${flag} needs a value.\n${HOST_USAGE}`);
      return next;
    };
    const integer = (min: number, max: number): number => {
      const text = value();
      const n = Number(text);
      if (!Number.isInteger(n) || n < min || n > max) throw new HostArgsError(`${flag} must be a whole number from ${min} to ${max}, not "${text}".`);
      return n;
    };
    switch (flag) {
      case '--port':
        args.port = integer(0, 65535);
        break;
      case '--data-dir':
        args.dataDir = resolve(value());
        break;
      case '--seed':
        args.seed = integer(0, 5_000_000) || null;
        break;
      case '--demo':
        args.demo = true;
        break;
      case '--service':
        serviceUrl = value();
        break;
      case '--token':
        token = value();
        break;
      case '--help':
      case '-h':
        throw new HostArgsError(HOST_USAGE);
      default:
        throw new HostArgsError(`Unknown option ${String(flag)}.\n${HOST_USAGE}`);
    }
  }
  if ((serviceUrl === null) !== (token === null)) throw new HostArgsError(`--service and --token go together.\n${HOST_USAGE}`);
  if (serviceUrl && token) args.service = { url: serviceUrl, token };
  if ([args.seed !== null, args.demo, args.service !== null].filter(Boolean).length > 1) {
    throw new HostArgsError(`Choose one of --seed, --demo and --service.\n${HOST_USAGE}`);
  }
  return args;
}
