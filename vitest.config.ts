import { defineConfig } from 'vitest/config';

// The forks pool fails under Bun; threads works (checked on these machines).
export default defineConfig({
  test: {
    pool: 'threads',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    setupFiles: ['test/helpers/fail-on-stray-log.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
