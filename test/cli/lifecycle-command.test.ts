/** `ruststack-s3 lifecycle` spawned as users run it, against a running server. */
import { CreateBucketCommand, HeadObjectCommand, PutBucketLifecycleConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../helpers/s3-client.ts';
import { startInProcessServer, type TestServer } from '../helpers/spawn-server.ts';

const MAIN_TS = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

let server: TestServer;

beforeAll(async () => {
  server = await startInProcessServer({ env: { S3_LIFECYCLE_INTERVAL: '0' } });
});
afterAll(async () => server.stop());

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([process.execPath, MAIN_TS, ...args], { stdout: 'pipe', stderr: 'pipe' });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

describe('ruststack-s3 lifecycle', () => {
  it('runs a pass as of --now plus --days and prints its summary', async () => {
    const s3 = s3Client(server.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'cli-lifecycle' }));
    await s3.send(new PutObjectCommand({ Bucket: 'cli-lifecycle', Key: 'a', Body: 'x' }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'cli-lifecycle', LifecycleConfiguration: { Rules: [
      { ID: 'r', Status: 'Enabled', Filter: {}, Expiration: { Days: 30 } },
    ] } }));
    const { code, stdout } = await cli(['lifecycle', '--url', server.endpoint, '--days', '31']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'done', expired: 1 });
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'cli-lifecycle', Key: 'a' }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('exits 1 naming the problem when the server refuses the date', async () => {
    const { code, stderr } = await cli(['lifecycle', '--url', server.endpoint, '--now', 'soon']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^lifecycle: .* answered HTTP 400: .*ISO 8601/);
  });
});
