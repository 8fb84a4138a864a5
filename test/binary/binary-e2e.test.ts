/**
 * The compiled binary (dist/, rebuilt only when src/ changed) as users run it: an SDK smoke set
 * against `serve`, then the CLI's exit codes. The full e2e suite can target it via RUSTSTACK_BINARY.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { ensureHostBinary } from '../../scripts/build.ts';
import { bodyText, s3Client, uniqueBucket } from '../helpers/s3-client.ts';
import { freePort, startTestServer, type SpawnedServer } from '../helpers/spawn-server.ts';

let binary = '';
let server: SpawnedServer;
let s3: S3Client;

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const child = Bun.spawn([binary, ...args], { env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'pipe' });
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, out: out + err };
}

beforeAll(async () => {
  binary = await ensureHostBinary();
  server = await startTestServer({ binary });
  s3 = s3Client(server.endpoint);
});
afterAll(async () => server?.stop());

describe('compiled binary: S3 smoke set', () => {
  it('creates a bucket, writes, reads, lists and deletes an object', async () => {
    const Bucket = uniqueBucket('bin');
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'dir/hello.txt', Body: 'hello binary' }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'dir/hello.txt' }));
    expect(await bodyText(got.Body)).toBe('hello binary');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'dir/' }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([['dir/hello.txt', 12]]);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'dir/hello.txt' }));
    const after = await s3.send(new ListObjectsV2Command({ Bucket }));
    expect(after.KeyCount).toBe(0);
  });
});

/** The names of the process's threads (Linux). */
function threadNames(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim());
}

describe('compiled binary: large bodies', () => {
  it('hashes a large upload on the bundled MD5 worker thread, with the right ETag', async () => {
    const Bucket = uniqueBucket('bin-large');
    await s3.send(new CreateBucketCommand({ Bucket }));
    const body = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i * 7 + (i >>> 11)) & 0xff);
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'large', Body: body }));
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    // The worker is an entry point of its own in the binary: had it failed to load, the ETag would
    // still be right (hashed again from storage) but the server would say so.
    expect(server.output()).not.toMatch(/MD5 worker/);
    expect(threadNames(server.pid)).toContain('Worker');
  });
});

describe('compiled binary: CLI', () => {
  it('serves the web console from assets embedded in the binary', async () => {
    const page = await fetch(`${server.endpoint}/_ruststack/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('<script src="console.js" defer></script>');
    expect(await (await fetch(`${server.endpoint}/_ruststack/console.js`)).text()).toContain('api/s3/');
    expect(await (await fetch(`${server.endpoint}/_ruststack/console.css`)).text()).toContain('--accent');
  });

  it('--version prints the package version', async () => {
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toBe(pkg.version);
  });

  it('health exits 0 against the running server and 1 when nothing listens', async () => {
    expect((await run(['health', '--url', server.endpoint])).code).toBe(0);
    expect((await run(['health'], { GATEWAY_LISTEN: `127.0.0.1:${server.port}` })).code).toBe(0);
    const down = await run(['health', '--url', `http://127.0.0.1:${await freePort()}`]);
    expect(down.code).toBe(1);
    expect(down.out.trim().split('\n')).toHaveLength(1);
  });

  it('reset exits 0 and drops every bucket', async () => {
    const Bucket = uniqueBucket('reset');
    await s3.send(new CreateBucketCommand({ Bucket }));
    expect((await run(['reset', '--url', server.endpoint])).code).toBe(0);
    await expect(s3.send(new HeadBucketCommand({ Bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect((await run(['reset', '--url', `http://127.0.0.1:${await freePort()}`])).code).toBe(1);
  });

  it('serve refuses a bad setting with exit 2, naming the variable, before listening', async () => {
    const { code, out } = await run(['serve'], { GATEWAY_LISTEN: '127.0.0.1:0', LOG_LEVEL: 'loud' });
    expect(code).toBe(2);
    expect(out).toContain('LOG_LEVEL');
  });

  it('serve refuses a TMPDIR where no file can be created with exit 2, naming TMPDIR and the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs3-tmpdir-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      const { code, out } = await run(['serve'], { GATEWAY_LISTEN: '127.0.0.1:0', TMPDIR: join(file, 'spill') });
      expect(code).toBe(2);
      expect(out).toContain(`TMPDIR="${join(file, 'spill')}"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serve exits 1 naming the address when the port is taken', async () => {
    const { code, out } = await run(['serve'], { GATEWAY_LISTEN: `127.0.0.1:${server.port}` });
    expect(code).toBe(1);
    expect(out).toContain(`cannot listen on 127.0.0.1:${server.port}`);
  });

  it('serve ignores a .env and a bunfig.toml in the working directory: configuration is the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs3-cwd-'));
    try {
      writeFileSync(join(dir, '.env'), 'LOG_LEVEL=loud\n');
      writeFileSync(join(dir, 'bunfig.toml'), 'this is [not toml\n');
      // A .env never overrides the environment, so LOG_LEVEL must be unset for it to matter.
      const { LOG_LEVEL: _unset, ...env } = process.env;
      const child = Bun.spawn([binary, 'serve'], {
        cwd: dir, env: { ...env, GATEWAY_LISTEN: '127.0.0.1:0' }, stdout: 'pipe', stderr: 'pipe',
      });
      const reader = child.stdout.getReader();
      let seen = '';
      while (!seen.includes('Ready.')) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
      child.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      expect(seen).toContain('Ready.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serve stops with exit 0 on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const own = await startTestServer({ binary });
      try {
        process.kill(own.pid, signal);
        expect(await own.exited).toBe(0);
      } finally {
        await own.stop();
      }
    }
  });
});

describe('compiled binary: errors in the log', () => {
  it('logs an unexpected error as one short line naming the operation, the request and source files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs3-spill-'));
    const own = await startTestServer({ binary, env: { TMPDIR: dir } });
    try {
      // Writable at start, then a file where the spill directory would go: the spill fails.
      rmSync(dir, { recursive: true });
      writeFileSync(dir, '');
      await fetch(`${own.endpoint}/bin-errors`, { method: 'PUT' });
      const res = await fetch(`${own.endpoint}/bin-errors/large`, { method: 'PUT', body: new Uint8Array(1024 * 1024) });
      expect(res.status).toBe(500);
      const requestId = res.headers.get('x-amz-request-id') ?? '';
      const lines = own.output().split('\n').filter((line) => line.includes(requestId));
      expect(lines).toHaveLength(1);
      const line = lines[0] ?? '';
      expect(line).toContain('PutObject');
      expect(line).toMatch(/src\/storage\/[a-z-]+\.ts:\d+/);
      expect(line.length).toBeLessThan(1000);
      // Nothing of the bundle: no source excerpt (the whole output stays short), no build file name.
      expect(own.output().length).toBeLessThan(1500);
      expect(own.output()).not.toMatch(/\$bunfs|\.partial/);
    } finally {
      await own.stop();
      rmSync(dir, { force: true });
    }
  });
});
