/**
 * The browser host keeps the service token in a file only its owner can read (0600), beside
 * the workspace database but never inside it.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenVault } from '../core/worker/token-keeper.js';

export class FileTokenVault implements TokenVault {
  private readonly path: string;

  /** `fileName`: another secret kept the same way (a connector's token or API key). */
  constructor(dataDir: string, fileName = 'service-token') {
    this.path = join(dataDir, fileName);
  }

  load(): string | null {
    if (!existsSync(this.path)) return null;
    const token = readFileSync(this.path, 'utf8').trim();
    return token.length > 0 ? token : null;
  }

  save(token: string): void {
    writeFileSync(this.path, token, { mode: 0o600 });
    chmodSync(this.path, 0o600); // writeFileSync keeps the mode of a file that already existed
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
