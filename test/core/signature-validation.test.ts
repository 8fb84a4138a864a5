/**
 * Signature validation on (S3_SKIP_SIGNATURE_VALIDATION=0), through the whole pipeline: what a
 * signature does not cover must not reach an operation.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp, type App } from '../../src/core/app.ts';
import { presignedUrl, signedHeaders, type SignInput } from '../helpers/sigv4-sign.ts';

const BASE = 'http://localhost:4566';

async function send(app: App, input: SignInput, extra: Record<string, string> = {}): Promise<Response> {
  const headers = { ...(await signedHeaders(input)), ...extra };
  return app.handle(new Request(input.url, { method: input.method, headers, ...(input.body !== undefined ? { body: input.body } : {}) }));
}

async function errorCode(res: Response): Promise<string> {
  return /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1] ?? `status ${res.status}`;
}

describe('with signature validation on', () => {
  const app = createApp(loadConfig({ S3_SKIP_SIGNATURE_VALIDATION: '0' }));

  it('refuses an unsigned x-amz-copy-source that would turn a signed empty PUT into a copy', async () => {
    expect((await send(app, { method: 'PUT', url: `${BASE}/sig-copy` })).status).toBe(200);
    expect((await send(app, { method: 'PUT', url: `${BASE}/sig-copy/secret`, body: 'secret' })).status).toBe(200);
    const put = { method: 'PUT', url: `${BASE}/sig-copy/stolen` };
    const res = await send(app, put, { 'x-amz-copy-source': '/sig-copy/secret', 'x-amz-acl': 'public-read-write' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<HeadersNotSigned>x-amz-acl, x-amz-copy-source</HeadersNotSigned>');
    expect((await send(app, { method: 'HEAD', url: `${BASE}/sig-copy/stolen` })).status).toBe(404);
    expect((await send(app, put)).status).toBe(200);
  });

  it("checks a presigned PUT's body against the hash its URL signs, whatever x-amz-content-sha256 is sent", async () => {
    expect((await send(app, { method: 'PUT', url: `${BASE}/sig-presign` })).status).toBe(200);
    const hash = createHash('sha256').update('agreed').digest('hex');
    const url = await presignedUrl({ method: 'PUT', url: `${BASE}/sig-presign/k`, headers: { 'x-amz-content-sha256': hash } });
    for (const sent of ['UNSIGNED-PAYLOAD', createHash('sha256').update('forged').digest('hex')]) {
      const res = await app.handle(new Request(url, { method: 'PUT', body: 'forged', headers: { 'x-amz-content-sha256': sent } }));
      expect(await errorCode(res), sent).toBe('XAmzContentSHA256Mismatch');
    }
    expect((await send(app, { method: 'HEAD', url: `${BASE}/sig-presign/k` })).status).toBe(404);
    expect((await app.handle(new Request(url, { method: 'PUT', body: 'agreed' }))).status).toBe(200);
  });
});

describe('with a credentials list', () => {
  const app = createApp(loadConfig({
    S3_SKIP_SIGNATURE_VALIDATION: '0', S3_CREDENTIALS: 'AKIAALICE:alice-secret:111111111111;AKIABOB:bob-secret:222222222222',
  }));
  const alice = { accessKeyId: 'AKIAALICE', secret: 'alice-secret' };

  it("takes a listed key's own secret and refuses the default one", async () => {
    expect((await send(app, { method: 'PUT', url: `${BASE}/creds-alice`, ...alice })).status).toBe(200);
    expect(await errorCode(await send(app, { method: 'GET', url: `${BASE}/creds-alice`, accessKeyId: 'AKIAALICE' }))).toBe('SignatureDoesNotMatch');
  });

  it('answers 403 InvalidAccessKeyId to a key not in the list, test included', async () => {
    const res = await send(app, { method: 'GET', url: `${BASE}/` });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message><AWSAccessKeyId>test</AWSAccessKeyId>');
  });

  it("runs each key in its listed account", async () => {
    await send(app, { method: 'PUT', url: `${BASE}/creds-alice-2`, ...alice });
    const list = async (who: SignInput['accessKeyId'], secret: string): Promise<string> =>
      (await send(app, { method: 'GET', url: `${BASE}/`, accessKeyId: who, secret })).text();
    expect(await list('AKIAALICE', 'alice-secret')).toContain('<Name>creds-alice-2</Name>');
    expect(await list('AKIABOB', 'bob-secret')).not.toContain('creds-alice');
  });
});

describe('INTERNAL_RESOURCE_ACCOUNT', () => {
  const app = createApp(loadConfig({ S3_SKIP_SIGNATURE_VALIDATION: '0', INTERNAL_RESOURCE_ACCOUNT: '111122223333' }));
  const internal = { accessKeyId: '111122223333', secret: '__internal_call__' };

  it("lets the configured internal resource account sign with LocalStack's internal secret, as LocalStack does", async () => {
    expect((await send(app, { method: 'PUT', url: `${BASE}/internal-account`, ...internal })).status).toBe(200);
    expect((await send(app, { method: 'PUT', url: `${BASE}/internal-account/k`, body: 'v', ...internal })).status).toBe(200);
    const url = await presignedUrl({ method: 'GET', url: `${BASE}/internal-account/k`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, ...internal });
    const got = await app.handle(new Request(url));
    expect([got.status, await got.text()]).toEqual([200, 'v']);
  });

  it('leaves the default internal account an ordinary key once another is configured', async () => {
    const res = await send(app, { method: 'GET', url: `${BASE}/internal-account`, accessKeyId: '949334387222', secret: '__internal_call__' });
    expect(await errorCode(res)).toBe('SignatureDoesNotMatch');
  });
});
