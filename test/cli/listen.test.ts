/**
 * GATEWAY_LISTEN with several addresses: `serve` listens on every one (LocalStack's
 * `0.0.0.0:4566,0.0.0.0:443` form), IPv6 included; a clash on any of them stops it, named.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/spawn-server.ts';

const MAIN_TS = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function serve(listen: string): Bun.Subprocess<'ignore', 'pipe', 'pipe'> {
  return Bun.spawn([process.execPath, MAIN_TS, 'serve'], {
    env: { ...process.env, GATEWAY_LISTEN: listen, LOG_LEVEL: 'info' },
    stdin: 'ignore', stdout: 'pipe', stderr: 'pipe',
  });
}

async function healthy(url: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/_localstack/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await Bun.sleep(25);
  }
  return false;
}

describe('serve: every GATEWAY_LISTEN address', () => {
  it('answers on an IPv4 and an IPv6 address at once, and says both when ready', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const child = serve(`127.0.0.1:${a},[::1]:${b}`);
    try {
      expect(await healthy(`http://127.0.0.1:${a}`)).toBe(true);
      expect(await healthy(`http://[::1]:${b}`)).toBe(true);
      const put = await fetch(`http://[::1]:${b}/both-listeners`, { method: 'PUT' });
      expect(put.status).toBe(200);
      // Both listeners serve one app: the bucket made on one is there on the other.
      expect((await fetch(`http://127.0.0.1:${a}/both-listeners`, { method: 'HEAD' })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await child.exited).toBe(0);
    const out = await new Response(child.stdout).text();
    expect(out).toContain(`ready on http://127.0.0.1:${a}, http://[::1]:${b}`);
  });

  it('stops with exit 1, naming the address, when one of them is taken', async () => {
    const port = await freePort();
    const holder = Bun.listen({ hostname: '127.0.0.1', port, socket: { data() {} } });
    try {
      const child = serve(`127.0.0.1:${await freePort()},127.0.0.1:${port}`);
      expect(await child.exited).toBe(1);
      expect(await new Response(child.stderr).text()).toContain(`cannot listen on 127.0.0.1:${port}`);
    } finally {
      holder.stop(true);
    }
  });
});
