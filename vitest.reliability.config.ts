import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// `npm run test:reliability`: the reliability suite in full (more trials, bigger workspaces).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['tests/reliability/**/*.test.ts', 'tests/sync.test.ts'],
      env: { RELIABILITY_FULL: '1' },
      testTimeout: 600_000,
    },
  }),
);
