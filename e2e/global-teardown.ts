import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Removes this run's workspace folders (created in playwright.config.ts). */
export default function globalTeardown(): void {
  const dir = process.env.NEXVIO_E2E_DATA;
  if (dir && dir.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
}
