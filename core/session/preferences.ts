/**
 * The app's preferences (notifications, updates) in `preferences.json` in the host's
 * settings folder (Electron: userData; browser host: --data-dir). A file that is missing,
 * unreadable or not valid against the contract gives the defaults; a bad one is kept aside
 * as `preferences.json.bad-<time>` so nothing a person wrote is lost. Writes are atomic
 * (a temp file renamed over the old one).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PREFERENCES, Preferences, type PreferencesPatch } from '../../preload/contract.js';
import { fileStamp } from '../db/backups.js';

export const PREFERENCES_FILE = 'preferences.json';

export class PreferencesStore {
  private current: Preferences;
  private readonly listeners = new Set<(preferences: Preferences) => void>();
  readonly path: string;

  constructor(
    private readonly folder: string,
    now: () => Date = () => new Date(),
  ) {
    this.path = join(folder, PREFERENCES_FILE);
    this.current = this.load(now());
  }

  get(): Preferences {
    return structuredClone(this.current);
  }

  update(patch: PreferencesPatch): Preferences {
    const next: Preferences = {
      notifications: { ...this.current.notifications, ...patch.notifications },
      updates: { ...this.current.updates, ...patch.updates },
    };
    this.write(next);
    this.current = next;
    for (const listener of this.listeners) listener(this.get());
    return this.get();
  }

  onChange(listener: (preferences: Preferences) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(now: Date): Preferences {
    if (!existsSync(this.path)) return structuredClone(DEFAULT_PREFERENCES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      parsed = undefined;
    }
    const valid = Preferences.safeParse(parsed);
    if (valid.success) return valid.data;
    try {
      renameSync(this.path, `${this.path}.bad-${fileStamp(now)}`);
    } catch (error) {
      console.warn(`[preferences] could not keep the unreadable ${this.path} aside: ${(error as Error).message}`);
    }
    return structuredClone(DEFAULT_PREFERENCES);
  }

  private write(preferences: Preferences): void {
    mkdirSync(this.folder, { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(preferences, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
  }
}
