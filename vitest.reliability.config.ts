import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the sync and reliability suites in full (more trials, bigger
// workspaces); `npm test` runs them in their fast form with the rest.
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts', 'tests/sync.test.ts'],
    environment: 'node',
    pool: 'forks',
    env: { RELIABILITY_FULL: '1' },
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
