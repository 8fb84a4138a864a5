/**
 * `serve`'s start from source (`bun src/cli/main.ts serve`): the temp directory it spills bodies to
 * must be writable, and what crashed servers left there is cleaned up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startTestServer } from '../helpers/spawn-server.ts';

const MAIN_TS = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'serve-start-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function serve(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const child = Bun.spawn([process.execPath, MAIN_TS, 'serve'], {
    env: { ...process.env, GATEWAY_LISTEN: `127.0.0.1:${await freePort()}`, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  // A serve that starts anyway would run for ever: stop it, the test then fails on its exit code.
  const timer = setTimeout(() => child.kill(), 10_000);
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  clearTimeout(timer);
  return { code, out: out + err };
}

function spillDir(parent: string, pid: number): string {
  const dir = join(parent, `ruststack-s3-${pid}-Xy12Ab`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '1.blob'), 'spilled bytes');
  return dir;
}

describe('serve: the temp directory', () => {
  it('refuses a TMPDIR where no file can be created with exit 2, naming TMPDIR and the path, before listening', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const tmp = join(file, 'spill');
    const { code, out } = await serve({ TMPDIR: tmp });
    expect(code).toBe(2);
    expect(out).toContain(`TMPDIR="${tmp}"`);
    expect(out).toMatch(/ENOTDIR|EEXIST/);
    expect(out).not.toContain('Ready.');
  });

  it('removes at start the spill directories of servers that are gone, and keeps those of running ones', async () => {
    const tmp = join(root, 'leftovers');
    const gone = spawnSync('true').pid ?? 0;
    const abandoned = spillDir(tmp, gone);
    const live = spillDir(tmp, process.pid);
    const server = await startTestServer({ env: { TMPDIR: tmp, LOG_LEVEL: 'info' } });
    try {
      // Removed in the background once listening, then logged.
      const said = `removed 1 temp directory left in ${tmp}`;
      for (let i = 0; i < 200 && !server.output().includes(said); i += 1) await Bun.sleep(10);
      expect(server.output()).toContain(said);
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(join(live, '1.blob'))).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
