/** The e2e fixture's own promise: an internal error the server logs reaches the test, not the console. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeE2e, startE2eServer, type E2eTarget } from './e2e.ts';

/** A server whose spill directory breaks after start: a large PUT then fails with a 500 (an internal error). */
async function expectInternalErrorTaken(target: E2eTarget): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rs3-e2e-'));
  const running = await startE2eServer(target, { TMPDIR: dir });
  try {
    rmSync(dir, { recursive: true });
    writeFileSync(dir, '');
    const endpoint = running.server.endpoint;
    await fetch(`${endpoint}/e2e-fixture`, { method: 'PUT' });
    const res = await fetch(`${endpoint}/e2e-fixture/large`, { method: 'PUT', body: new Uint8Array(1024 * 1024) });
    expect(res.status).toBe(500);
    // A spawned server writes its log when its event loop turns: wait for the line.
    let lines: string[] = [];
    for (let i = 0; i < 100 && lines.length === 0; i++) {
      lines = running.takeInternalErrors();
      if (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(res.headers.get('x-amz-request-id') ?? 'no request id');
    expect(running.takeInternalErrors()).toEqual([]);
  } finally {
    await running.stop();
    rmSync(dir, { force: true });
  }
}

describe('startE2eServer', () => {
  it('takes the internal errors an in-process server logs, once each, instead of printing them', async () => {
    await expectInternalErrorTaken('in-process');
  });

  it.runIf(process.platform === 'linux')('takes the internal errors the compiled binary writes to its output, once each', async () => {
    await expectInternalErrorTaken('binary');
  });
});

describeE2e('describeE2e', (e2e) => {
  it('gives the suite a client, the endpoint and fetch of one running server', async () => {
    expect(e2e.endpoint).toBe(`http://127.0.0.1:${e2e.port}`);
    expect((await e2e.fetch('/e2e-suite', { method: 'PUT' })).status).toBe(200);
    expect((await e2e.s3.config.endpoint?.())?.port).toBe(e2e.port);
    expect((await e2e.client({ region: 'eu-west-1' }).config.region())).toBe('eu-west-1');
  });
}, { binary: true });
