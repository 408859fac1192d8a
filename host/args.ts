/** Command-line arguments of the browser host (`npm run web -- …`). */
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';

export interface HostArgs {
  port: number;
  dataDir: string;
  seed: number | null;
  bindAddress: string;
  rendererDir?: string;
  workerUrl?: URL;
}

export class HostArgsError extends Error {}

export const HOST_USAGE = `Usage: npm run web -- [--port 5199] [--data-dir DIR] [--seed N]
  --port N       port on 127.0.0.1 (default 5199; 0 picks a free one)
  --data-dir D   folder of the workspace database (default: a folder in the system temp dir)
  --seed N       fill an empty workspace with N generated demo contacts`;

export function parseHostArgs(argv: string[]): HostArgs {
  const args: HostArgs = { port: 5199, dataDir: resolve(tmpdir(), 'nexvio-contacts-web'), seed: null, bindAddress: '127.0.0.1' };
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
      case '--help':
      case '-h':
        throw new HostArgsError(HOST_USAGE);
      default:
        throw new HostArgsError(`Unknown option ${String(flag)}.\n${HOST_USAGE}`);
    }
  }
  return args;
}
