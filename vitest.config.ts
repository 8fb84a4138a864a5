import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** The console's assets, which Bun imports `with { type: 'text' }`, load as text here too. */
const consoleAssetsAsText = {
  name: 'console-assets-as-text',
  enforce: 'pre' as const,
  load(id: string): string | null {
    if (!id.includes('/src/console/assets/') || id.endsWith('.ts')) return null;
    return `export default ${JSON.stringify(readFileSync(id.replace(/\?.*$/, ''), 'utf8'))};`;
  },
};

// The forks pool fails under Bun; threads works (checked on these machines).
export default defineConfig({
  plugins: [consoleAssetsAsText],
  test: {
    pool: 'threads',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Tests that wait seconds on real timers: `npm run test:slow` (vitest.slow.config.ts).
    exclude: ['**/*.slow.test.ts', 'node_modules/**'],
    setupFiles: ['test/helpers/fail-on-stray-log.ts'],
    // vitest's default is one worker fewer than the cores: a single worker on 2 cores, idle while a
    // file waits on a child process (pytest, moto, the compiled binary, docker).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
