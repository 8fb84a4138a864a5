import { defineConfig } from 'vitest/config';

// The forks pool fails under Bun; threads works (checked on these machines).
export default defineConfig({
  test: {
    pool: 'threads',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Tests that wait seconds on real timers: `npm run test:slow` (vitest.slow.config.ts).
    exclude: ['**/*.slow.test.ts', 'node_modules/**'],
    setupFiles: ['test/helpers/fail-on-stray-log.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
