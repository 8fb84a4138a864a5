import { describe, expect, it } from 'vitest';
import { hmacHex, signingKey } from '../../src/auth/sigv4.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp, type App } from '../../src/core/app.ts';

const validating = createApp(loadConfig({ S3_SKIP_SIGNATURE_VALIDATION: '0' }));
const lenient = createApp(loadConfig({}));
const SCOPE = '20260101/us-east-1/s3/aws4_request';

const call = (app: App, method: string, path: string, init: RequestInit = {}): Promise<Response> =>
  app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));

function form(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('file', new Blob(['hello']), 'f.txt');
  return body;
}

/** A policy signed with SigV4 as the SDKs' createPresignedPost does (secret `test`). */
function signedFields(bucket: string, key: string): Record<string, string> {
  const signing = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': `test/${SCOPE}`, 'x-amz-date': '20260101T000000Z' };
  const conditions = [{ bucket }, ['eq', '$key', key], ...Object.entries(signing).map(([k, v]) => ({ [k]: v }))];
  const policy = Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 60_000).toISOString(), conditions })).toString('base64');
  return {
    key, policy, ...signing,
    'x-amz-signature': hmacHex(signingKey('test', SCOPE), policy),
  };
}

async function createBucket(app: App, bucket: string, headers: Record<string, string> = {}): Promise<void> {
  expect((await call(app, 'PUT', `/${bucket}`, { headers })).status).toBe(200);
}

describe('PostObject with signature validation on', () => {
  it('answers 403 AccessDenied to a form without a policy, or with an empty one, and stores nothing', async () => {
    await createBucket(validating, 'post-private');
    const forms: Record<string, string>[] = [{ key: 'anonymous' }, { key: 'anonymous', policy: '' }];
    for (const fields of forms) {
      const res = await call(validating, 'POST', '/post-private', { body: form(fields) });
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(text).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
    }
    expect((await call(validating, 'HEAD', '/post-private/anonymous')).status).toBe(404);
  });

  it('takes a form without a policy into a bucket whose ACL lets anyone write', async () => {
    // ACLs need an ownership other than BucketOwnerEnforced (InvalidBucketAclWithObjectOwnership otherwise).
    await createBucket(validating, 'post-public', { 'x-amz-acl': 'public-read-write', 'x-amz-object-ownership': 'ObjectWriter' });
    expect((await call(validating, 'POST', '/post-public', { body: form({ key: 'anonymous' }) })).status).toBe(204);
    expect((await call(validating, 'HEAD', '/post-public/anonymous')).status).toBe(200);
  });

  it('takes a form whose policy is signed', async () => {
    const res = await call(validating, 'POST', '/post-private', { body: form(signedFields('post-private', 'signed')) });
    expect(res.status).toBe(204);
    expect((await call(validating, 'HEAD', '/post-private/signed')).status).toBe(200);
  });
});

describe('PostObject with signature validation off (the default)', () => {
  it('still takes a form without a policy', async () => {
    await createBucket(lenient, 'post-lenient');
    expect((await call(lenient, 'POST', '/post-lenient', { body: form({ key: 'anonymous' }) })).status).toBe(204);
  });
});
