/**
 * End-to-end tests of the UI in Debian's Chromium against the browser host (node dist/web.js,
 * built by `npm test` before this runs). Three hosts: one seeded with 300 generated contacts for
 * most tests, one empty workspace for the first run, and one on the demo workspace (`--demo`:
 * the bundled chatbot service with live activity, synced) for the sync tests. The tests of
 * connecting and conflicts (sync-service.spec.ts) start their own service and hosts. Each run
 * gets fresh data folders.
 *
 * To run against hosts you started yourself: NEXVIO_E2E_URL=http://127.0.0.1:5199
 * (and NEXVIO_E2E_EMPTY_URL, NEXVIO_E2E_DEMO_URL for the others) npx playwright test
 */
import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port, synchronously (the config must be ready when it loads). */
function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

// Workers load this file again: keep the first choice in the environment they inherit.
process.env.NEXVIO_E2E_PORT ??= freePort();
process.env.NEXVIO_E2E_EMPTY_PORT ??= freePort();
process.env.NEXVIO_E2E_DEMO_PORT ??= freePort();
process.env.NEXVIO_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'nexvio-e2e-'));
const data = process.env.NEXVIO_E2E_DATA;
const seededUrl = process.env.NEXVIO_E2E_URL ?? `http://127.0.0.1:${process.env.NEXVIO_E2E_PORT}`;
const emptyUrl = process.env.NEXVIO_E2E_EMPTY_URL ?? `http://127.0.0.1:${process.env.NEXVIO_E2E_EMPTY_PORT}`;
const demoUrl = process.env.NEXVIO_E2E_DEMO_URL ?? `http://127.0.0.1:${process.env.NEXVIO_E2E_DEMO_PORT}`;

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    executablePath: process.env.NEXVIO_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
};

function host(port: string, dir: string, extra = '') {
  return {
    command: `node dist/web.js --port ${port} --data-dir ${join(data, dir)}${extra}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}

export default defineConfig({
  testDir: './e2e',
  globalTeardown: './e2e/global-teardown.ts',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: process.env.CI ? 2 : 4,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
  projects: [
    { name: 'seeded', testIgnore: /(empty-workspace|sync-demo|sync-service)\.spec\.ts/, use: { ...chromium, baseURL: seededUrl } },
    { name: 'empty', testMatch: /empty-workspace\.spec\.ts/, use: { ...chromium, baseURL: emptyUrl } },
    { name: 'demo', testMatch: /sync-demo\.spec\.ts/, use: { ...chromium, baseURL: demoUrl } },
    { name: 'service', testMatch: /sync-service\.spec\.ts/, use: chromium },
  ],
  webServer: [
    ...(process.env.NEXVIO_E2E_URL ? [] : [host(process.env.NEXVIO_E2E_PORT, 'seeded', ' --seed 300')]),
    ...(process.env.NEXVIO_E2E_EMPTY_URL ? [] : [host(process.env.NEXVIO_E2E_EMPTY_PORT, 'empty')]),
    ...(process.env.NEXVIO_E2E_DEMO_URL ? [] : [host(process.env.NEXVIO_E2E_DEMO_PORT, 'demo', ' --demo')]),
  ],
});
