/**
 * The browser host keeps the service token in a file only its owner can read (0600), beside
 * the workspace database but never inside it.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenVault } from '../core/worker/token-keeper.js';

export class FileTokenVault implements TokenVault {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'service-token');
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
