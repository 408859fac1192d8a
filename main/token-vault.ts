/**
 * The service token, encrypted with the OS keychain through Electron's safeStorage and kept
 * in a file of its own in the user-data folder (owner-only), never in the workspace database.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import type { TokenVault } from '../core/worker/token-keeper.js';

export class SafeStorageTokenVault implements TokenVault {
  private readonly path: string;

  /** `fileName`: another secret kept the same way (a connector's token or API key). */
  constructor(userDataDir: string, fileName = 'service-token.bin') {
    this.path = join(userDataDir, fileName);
  }

  load(): string | null {
    if (!existsSync(this.path) || !safeStorage.isEncryptionAvailable()) return null;
    try {
      return safeStorage.decryptString(readFileSync(this.path));
    } catch (error) {
      // A keychain that changed (another OS user, a restored profile) cannot decrypt it:
      // the person reconnects, nothing else is lost.
      console.warn('[main] the stored service token could not be decrypted:', error instanceof Error ? error.message : error);
      return null;
    }
  }

  save(token: string): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('this system offers no encrypted storage (on Linux, install and unlock a keyring such as GNOME Keyring or KWallet)');
    }
    writeFileSync(this.path, safeStorage.encryptString(token), { mode: 0o600 });
    chmodSync(this.path, 0o600);
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
