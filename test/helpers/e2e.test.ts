/** The e2e fixture's own promise: an internal error the server logs reaches the test, not the console. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeE2e, startE2eServer } from './e2e.ts';

describe('startE2eServer', () => {
  it('takes the internal errors an in-process server logs, once each, instead of printing them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs3-e2e-'));
    const running = await startE2eServer('in-process', { TMPDIR: dir });
    try {
      // Writable at start, then a file where the spill directory would go: a large body fails (500).
      rmSync(dir, { recursive: true });
      writeFileSync(dir, '');
      const endpoint = running.server.endpoint;
      await fetch(`${endpoint}/e2e-fixture`, { method: 'PUT' });
      const res = await fetch(`${endpoint}/e2e-fixture/large`, { method: 'PUT', body: new Uint8Array(1024 * 1024) });
      expect(res.status).toBe(500);
      const lines = running.takeInternalErrors();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(res.headers.get('x-amz-request-id') ?? 'no request id');
      expect(running.takeInternalErrors()).toEqual([]);
    } finally {
      await running.stop();
      rmSync(dir, { force: true });
    }
  });
});

describeE2e('describeE2e', (e2e) => {
  it('gives the suite a client, the endpoint and fetch of one running server', async () => {
    expect(e2e.endpoint).toBe(`http://127.0.0.1:${e2e.port}`);
    expect((await e2e.fetch('/e2e-suite', { method: 'PUT' })).status).toBe(200);
    expect((await e2e.s3.config.endpoint?.())?.port).toBe(e2e.port);
    expect((await e2e.client({ region: 'eu-west-1' }).config.region())).toBe('eu-west-1');
  });
});
