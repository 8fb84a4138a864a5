import { CreateBucketCommand, GetBucketCorsCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('cors');

const e2e = useE2e();
beforeAll(async () => {
  await e2e.s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

const preflight = (origin: string | undefined, method = 'GET', headers = ''): Promise<Response> => fetch(`${e2e.endpoint}/${bucket}/k`, {
  method: 'OPTIONS',
  headers: { ...(origin !== undefined ? { Origin: origin } : {}), 'Access-Control-Request-Method': method, ...(headers ? { 'Access-Control-Request-Headers': headers } : {}) },
});

describe('CORS', () => {
  it('answers a preflight without Origin with 400 and without bucket CORS with 403', async () => {
    expect((await preflight(undefined)).status).toBe(400);
    const res = await preflight('https://example.com');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('CORS is not enabled for this bucket.');
  });

  it('matches the bucket rules on preflights and adds headers to cross-origin requests', async () => {
    await e2e.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['x-custom'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 60 },
    ] } }));
    expect((await e2e.s3.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules?.[0]?.MaxAgeSeconds).toBe(60);
    const ok = await preflight('https://app.example.com', 'PUT', 'X-Custom');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, PUT');
    expect(ok.headers.get('access-control-allow-headers')).toBe('x-custom');
    expect(ok.headers.get('access-control-max-age')).toBe('60');
    expect((await preflight('https://app.example.com', 'DELETE')).status).toBe(403);
    const get = await fetch(`${e2e.endpoint}/${bucket}?list-type=2`, { headers: { Origin: 'https://app.example.com' } });
    expect(get.headers.get('access-control-expose-headers')).toBe('ETag');
  });

  it('rejects unsupported methods in a CORS configuration', async () => {
    await expect(e2e.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] } })))
      .rejects.toMatchObject({ name: 'InvalidRequest' });
  });

  it('rejects an AllowedOrigin or AllowedHeader with more than one wildcard with 400 InvalidRequest', async () => {
    const put = (rule: { AllowedOrigins: string[]; AllowedHeaders?: string[] }): Promise<unknown> =>
      e2e.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], ...rule }] } }));
    const origin = `http://${'*a'.repeat(12)}`;
    await expect(put({ AllowedOrigins: ['https://ok.example.com', origin] })).rejects.toMatchObject({
      name: 'InvalidRequest', message: `AllowedOrigin "${origin}" can not have more than one wildcard.`, $metadata: { httpStatusCode: 400 },
    });
    await expect(put({ AllowedOrigins: ['*'], AllowedHeaders: ['x-amz-*', '*x-*'] })).rejects.toMatchObject({
      name: 'InvalidRequest', message: 'AllowedHeader "*x-*" can not have more than one wildcard.',
    });
    await expect(put({ AllowedOrigins: ['https://*.example.com', '*'], AllowedHeaders: ['x-amz-*', '*'] })).resolves.toBeDefined();
  });

  it('answers a preflight whose requested headers match a one-star AllowedHeader such as x-amz-*', async () => {
    await e2e.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*'] },
    ] } }));
    const ok = await preflight('https://app.example.com', 'PUT', 'X-Amz-Date, x-amz-meta-owner');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-headers')).toBe('x-amz-date, x-amz-meta-owner');
    expect((await preflight('https://app.example.com', 'PUT', 'x-amz-date, content-type')).status).toBe(403);
  });

  it('matches an AllowedOrigin with its one star in the middle, the star standing for one or more characters', async () => {
    // AWS allows one `*` anywhere in an AllowedOrigin; LocalStack's AWS-validated
    // test_cors_options_match_partial_origin matches `http://*.origin.com`, and its matcher reads `*` as `.+`.
    await e2e.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [
      { AllowedOrigins: ['http://start*end'], AllowedMethods: ['GET'] },
    ] } }));
    const ok = await preflight('http://start.middle.end');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://start.middle.end');
    expect((await preflight('http://start.middle.end/')).status).toBe(403);
    expect((await preflight('http://other.middle.end')).status).toBe(403);
    expect((await preflight('http://startend')).status).toBe(403);
  });

  it('gives LocalStack default CORS headers to local origins on buckets without CORS', async () => {
    // The in-process server listens on a random port: localhost on another port is no default origin,
    // and LocalStack's gateway refuses its ListBuckets.
    const res = await fetch(`${e2e.endpoint}/`, { headers: { Origin: `http://localhost:${4566}` } });
    expect(res.status).toBe(403);
    const app = await fetch(`${e2e.endpoint}/`, { headers: { Origin: 'https://app.localstack.cloud' } });
    expect(app.headers.get('access-control-allow-origin')).toBe('https://app.localstack.cloud');
  });
});
