import { defineConfig } from 'vitest/config';

// Unit and integration tests of the core, the hosts' pure logic and the CLI. The UI is
// tested end to end by Playwright (e2e/, playwright.config.ts).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
