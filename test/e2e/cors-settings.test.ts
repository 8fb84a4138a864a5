/** LocalStack's CORS settings (DISABLE_CORS_*, EXTRA_CORS_*) on a real server. */
import { CreateBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessServer, type TestServer } from '../helpers/spawn-server.ts';
import { s3Client, uniqueBucket } from '../helpers/s3-client.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A server with `env`, and a bucket whose CORS rules allow only https://rules.test. */
async function withBucket(env: Record<string, string>): Promise<{ endpoint: string; bucket: string }> {
  server = await startInProcessServer({ env });
  const s3 = s3Client(server.endpoint);
  const bucket = uniqueBucket('cors-set');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['https://rules.test'], AllowedMethods: ['GET'] }] } }));
  return { endpoint: server.endpoint, bucket };
}

const options = (url: string, origin: string): Promise<Response> =>
  fetch(url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' } });

describe('LocalStack CORS settings', () => {
  it('refuses ListBuckets from a foreign origin with a bare 403, and lets it through under DISABLE_CORS_CHECKS with `*`', async () => {
    const strict = await withBucket({});
    const refused = await fetch(`${strict.endpoint}/`, { headers: { Origin: 'https://foreign.test' } });
    expect([refused.status, await refused.text()]).toEqual([403, '']);
    expect((await fetch(`${strict.endpoint}/`)).status).toBe(200);
    await server?.stop();
    const open = await withBucket({ DISABLE_CORS_CHECKS: '1' });
    const ok = await fetch(`${open.endpoint}/`, { headers: { Origin: 'https://foreign.test' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('allows EXTRA_CORS_ALLOWED_ORIGINS by default and adds the extra allowed and exposed headers', async () => {
    const { endpoint } = await withBucket({ EXTRA_CORS_ALLOWED_ORIGINS: 'https://extra.test', EXTRA_CORS_ALLOWED_HEADERS: 'x-mine', EXTRA_CORS_EXPOSE_HEADERS: 'x-shown' });
    const res = await fetch(`${endpoint}/`, { headers: { Origin: 'https://extra.test' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://extra.test');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/,x-mine$/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/,x-shown$/);
  });

  it('applies bucket rules by default, and the gateway\'s defaults instead under DISABLE_CUSTOM_CORS_S3', async () => {
    const custom = await withBucket({});
    expect((await options(`${custom.endpoint}/${custom.bucket}/k`, 'https://rules.test')).status).toBe(200);
    expect((await options(`${custom.endpoint}/${custom.bucket}/k`, 'https://app.localstack.cloud')).status).toBe(403);
    await server?.stop();
    const gateway = await withBucket({ DISABLE_CUSTOM_CORS_S3: '1' });
    const url = `${gateway.endpoint}/${gateway.bucket}/k`;
    const pre = await options(url, 'https://app.localstack.cloud');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.localstack.cloud');
    const foreign = await options(url, 'https://rules.test');
    expect([foreign.status, foreign.headers.get('access-control-allow-origin')]).toEqual([403, null]);
    const get = await fetch(`${gateway.endpoint}/${gateway.bucket}?list-type=2`, { headers: { Origin: 'https://app.localstack.cloud' } });
    expect([get.status, get.headers.get('access-control-expose-headers')?.startsWith('etag,')]).toEqual([200, true]);
  });

  it('adds no headers under DISABLE_CUSTOM_CORS_S3 with DISABLE_CORS_HEADERS, and sends OPTIONS on to S3 with DISABLE_PREFLIGHT_PROCESSING', async () => {
    const { endpoint, bucket } = await withBucket({ DISABLE_CUSTOM_CORS_S3: '1', DISABLE_CORS_HEADERS: '1', DISABLE_PREFLIGHT_PROCESSING: '1' });
    const get = await fetch(`${endpoint}/${bucket}?list-type=2`, { headers: { Origin: 'https://app.localstack.cloud' } });
    expect([get.status, get.headers.get('access-control-allow-origin')]).toEqual([200, null]);
    const pre = await options(`${endpoint}/${bucket}/k`, 'https://app.localstack.cloud');
    expect(pre.status).toBe(405);
  });
});
