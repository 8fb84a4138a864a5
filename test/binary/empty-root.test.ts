/**
 * The compiled binary in a root holding only itself, the libraries ldd lists, /tmp and /proc — the
 * shape of the Docker image (no Docker engine here; the image holds the musl build, whose libraries
 * image-libs.test.ts checks, and CI runs the image itself). Proves `serve` comes up and `health`
 * works inside it, as UID 1000 and as PID 1 like in a container, and that a large upload (spilled to
 * /tmp, hashed on the bundled MD5 worker) needs no file beyond the libraries: no /etc, no shell.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHostBinary } from '../../scripts/build.ts';
import { s3Client } from '../helpers/s3-client.ts';
import { freePort, startTestServer, type SpawnedServer } from '../helpers/spawn-server.ts';
import {
  BINARY_IN_ROOT,
  findIsolation,
  linkedLibraries,
  makeEmptyRoot,
  removeRoot,
  runInRoot,
} from './empty-root.ts';

let binary = '';
let root = '';
let wrap: string[] | undefined;
let skipReason = '';

beforeAll(async () => {
  binary = await ensureHostBinary();
  root = await makeEmptyRoot(binary);
  const found = await findIsolation(root);
  if ('wrap' in found) wrap = found.wrap;
  else skipReason = found.reason;
});
afterAll(() => {
  if (root !== '') removeRoot(root);
});

describe('the empty root', () => {
  it('the root holds the loader and every library ldd lists for the binary', async () => {
    const libs = await linkedLibraries(binary);
    expect(libs.some((l) => l.name.startsWith('ld-linux'))).toBe(true);
    for (const lib of libs) expect(existsSync(join(root, lib.path)), lib.path).toBe(true);
  });
});

describe('serve in an empty root', () => {
  it('answers health inside the root and stops gracefully on SIGTERM as PID 1', async (ctx) => {
    if (wrap === undefined) return ctx.skip(`no way to isolate a root here: ${skipReason}`);
    let server: SpawnedServer | undefined;
    try {
      server = await startTestServer({ binary: BINARY_IN_ROOT, wrap });
      const env = { GATEWAY_LISTEN: `0.0.0.0:${server.port}` };
      const health = await runInRoot(wrap, ['health'], env);
      expect(health).toMatchObject({ code: 0, out: expect.stringContaining('s3 running') });
      const reset = await runInRoot(wrap, ['reset'], env);
      expect(reset.code).toBe(0);
      await server.stop();
      expect(await server.exited).toBe(0);
    } finally {
      await server?.stop();
    }
  });

  it('stores a large upload in the root with the right ETag, on the bundled MD5 worker', async (ctx) => {
    if (wrap === undefined) return ctx.skip(`no way to isolate a root here: ${skipReason}`);
    let server: SpawnedServer | undefined;
    try {
      server = await startTestServer({ binary: BINARY_IN_ROOT, wrap });
      const s3 = s3Client(server.endpoint);
      await s3.send(new CreateBucketCommand({ Bucket: 'root-large' }));
      const body = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 13 + (i >>> 10)) & 0xff);
      const put = await s3.send(new PutObjectCommand({ Bucket: 'root-large', Key: 'k', Body: body }));
      expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
      expect(server.output()).not.toMatch(/MD5 worker/);
      s3.destroy();
    } finally {
      await server?.stop();
    }
  });

  it('health exits 1 with a reason when no server listens', async (ctx) => {
    if (wrap === undefined) return ctx.skip(`no way to isolate a root here: ${skipReason}`);
    const health = await runInRoot(wrap, ['health'], { GATEWAY_LISTEN: `127.0.0.1:${await freePort()}` });
    expect(health.code).toBe(1);
    expect(health.out).toMatch(/^health: cannot reach http:\/\/127\.0\.0\.1:\d+\/_localstack\/health/);
  });
});
