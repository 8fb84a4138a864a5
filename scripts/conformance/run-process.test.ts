import { describe, expect, it } from 'vitest';
import { runProcess } from './run-process.ts';

describe('runProcess', () => {
  it('collects the output and the exit code while this process keeps running its own work', async () => {
    let ticks = 0;
    const timer = setInterval(() => void ticks++, 10);
    try {
      const done = await runProcess('sh', ['-c', 'sleep 0.5; echo out; exit 3']);
      expect(done).toEqual({ status: 3, stdout: 'out\n' });
      // spawnSync would have held the event loop for the child's whole run: no tick at all.
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });

  it('rejects when the command cannot start', async () => {
    await expect(runProcess('/nonexistent/command', [])).rejects.toThrow();
  });
});
