/**
 * Setup file of every test file (vitest.config.ts): a test during which something writes a warning
 * or an error to the console (where src/log.ts's default sink writes them) fails, unless it captured
 * them (captureLog in capture-log.ts). A passing run then prints only vitest's report, and a new
 * warning is not lost in the noise.
 */
import { afterAll, afterEach } from 'vitest';

const stray: string[] = [];
for (const method of ['warn', 'error'] as const) {
  const print = console[method].bind(console);
  console[method] = (...args: unknown[]): void => {
    stray.push(args.map(String).join(' '));
    print(...args);
  };
}

function failOnStray(): void {
  const lines = stray.splice(0);
  if (lines.length > 0) {
    throw new Error(`printed ${lines.length} uncaptured warning/error line(s); capture and assert them with captureLog (test/helpers/capture-log.ts):\n${lines.join('\n')}`);
  }
}

afterEach(failOnStray);
// What a file's beforeAll/afterAll hooks or a late callback printed after its last test.
afterAll(failOnStray);
