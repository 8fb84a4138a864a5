/**
 * The web console in-process: its page and assets, its JSON API, and S3 calls through api/s3 with
 * signature validation on (the console signs as its own key; the browser sends no credentials).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp, type App } from '../../src/core/app.ts';
import script from '../../src/console/assets/console.js' with { type: 'text' };
import type { RecentRequest } from '../../src/console/recent-requests.ts';
import { signedHeaders } from '../helpers/sigv4-sign.ts';

const BASE = 'http://localhost:4566';
const API = `${BASE}/_ruststack/api/s3`;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', origin: BASE };

function call(app: App, method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
  const sized = body === undefined ? headers : { 'content-length': String(Buffer.byteLength(body)), ...headers };
  return app.handle(new Request(url, { method, headers: { host: 'localhost:4566', ...sized }, ...(body !== undefined ? { body } : {}) }));
}

async function recent(app: App): Promise<RecentRequest[]> {
  const res = await call(app, 'GET', `${BASE}/_ruststack/api/requests?after=0`);
  return ((await res.json()) as { requests: RecentRequest[] }).requests;
}

describe('web console', () => {
  const app = createApp(loadConfig({ S3_SKIP_SIGNATURE_VALIDATION: '0' }));
  // The ring records from the first time a console page asks for requests, as a page open does.
  beforeAll(async () => { await recent(app); });

  it('serves its page and assets with a strict CSP, and redirects the bare path', async () => {
    const page = await call(app, 'GET', `${BASE}/_ruststack/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toContain('<script src="console.js" defer></script>');
    // Nothing from outside: every src/href is relative or a data: URL.
    expect(html.match(/(?:src|href)="(?!console\.|data:|#)[^"]*"/g)).toBeNull();
    expect((await call(app, 'GET', `${BASE}/_ruststack/console.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await call(app, 'GET', `${BASE}/_ruststack/console.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const bare = await call(app, 'GET', `${BASE}/_ruststack`);
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/_ruststack/']);
    expect((await call(app, 'GET', `${BASE}/_ruststack/nothing.js`)).status).toBe(404);
    expect((await call(app, 'POST', `${BASE}/_ruststack/console.js`)).status).toBe(405);
  });

  it('ships a script that parses and fetches nothing but its own API', () => {
    expect(() => new Function(script)).not.toThrow();
    // The one absolute URL is S3's XML namespace, written into request bodies.
    expect(script.match(/https?:\/\/(?!s3\.amazonaws\.com\/doc\/2006-03-01\/)/g)).toBeNull();
  });

  it('names the identity it acts as', async () => {
    const res = await call(app, 'GET', `${BASE}/_ruststack/api/info`);
    expect(await res.json()).toMatchObject({ accessKeyId: 'test', accountId: '000000000000', signatureValidation: true, defaultRegion: 'us-east-1' });
  });

  it('runs S3 calls signed as its key while signature validation is on: create, upload, list, read, delete', async () => {
    expect((await call(app, 'PUT', `${API}/console-b`, SAME_ORIGIN)).status).toBe(200);
    const key = encodeURIComponent('dir/a/../b c%.txt');
    const put = await call(app, 'PUT', `${API}/console-b/${key}`, { ...SAME_ORIGIN, 'content-type': 'text/plain', 'x-amz-meta-note': 'hi', 'x-amz-tagging': 't=1' }, 'hello');
    expect(put.status).toBe(200);
    const list = await (await call(app, 'GET', `${API}/console-b?list-type=2&prefix=dir%2F&delimiter=%2F`)).text();
    expect(list).toContain('<Prefix>dir/a/</Prefix>');
    const get = await call(app, 'GET', `${API}/console-b/${key}?response-content-disposition=attachment`);
    expect([get.status, await get.text(), get.headers.get('x-amz-meta-note'), get.headers.get('content-disposition')]).toEqual([200, 'hello', 'hi', 'attachment']);
    expect(get.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    const head = await call(app, 'HEAD', `${API}/console-b/${key}`, { 'x-amz-checksum-mode': 'ENABLED' });
    expect(head.headers.get('x-amz-checksum-crc64nvme')).not.toBeNull();
    expect(await (await call(app, 'GET', `${API}/console-b/${key}?tagging`)).text()).toContain('<Key>t</Key><Value>1</Value>');
    expect((await call(app, 'DELETE', `${API}/console-b/${key}`, SAME_ORIGIN)).status).toBe(204);
    expect((await call(app, 'DELETE', `${API}/console-b`, SAME_ORIGIN)).status).toBe(204);
  });

  it('completes a multipart upload made of parts the page sends', async () => {
    expect((await call(app, 'PUT', `${API}/console-mp`, SAME_ORIGIN)).status).toBe(200);
    const created = await (await call(app, 'POST', `${API}/console-mp/big?uploads`, SAME_ORIGIN)).text();
    const uploadId = /<UploadId>([^<]+)</.exec(created)?.[1] ?? '';
    const part1 = 'a'.repeat(5 * 1024 * 1024);
    const etags: string[] = [];
    for (const [n, body] of [[1, part1], [2, 'tail']] as const) {
      const res = await call(app, 'PUT', `${API}/console-mp/big?partNumber=${n}&uploadId=${encodeURIComponent(uploadId)}`, SAME_ORIGIN, body);
      expect(res.status).toBe(200);
      etags.push(res.headers.get('etag') ?? '');
    }
    const parts = etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('');
    const done = await call(app, 'POST', `${API}/console-mp/big?uploadId=${encodeURIComponent(uploadId)}`, SAME_ORIGIN,
      `<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`);
    expect(await done.text()).toContain('<CompleteMultipartUploadResult');
    const head = await call(app, 'HEAD', `${API}/console-mp/big`);
    expect(head.headers.get('content-length')).toBe(String(part1.length + 4));
  });

  it('shows recent requests as the log sees them, marking its own', async () => {
    await call(app, 'GET', `${BASE}/console-nobucket/k`);
    const seen = await recent(app);
    expect(seen.find((r) => r.bucket === 'console-nobucket')).toMatchObject({ operation: 'GetObject', status: 404, errorCode: 'NoSuchBucket', console: false });
    expect(seen.find((r) => r.operation === 'CreateMultipartUpload')).toMatchObject({ bucket: 'console-mp', key: 'big', status: 200, console: true });
    expect(seen.every((r, i) => i === 0 || r.seq > (seen[i - 1]?.seq ?? 0))).toBe(true);
    // The page and its API are not requests of the S3 pipeline: not listed.
    expect(seen.some((r) => r.path?.startsWith('/_ruststack/') === true)).toBe(false);
  });

  it('refuses pages of other sites and hosts a rebound DNS name could be', async () => {
    const foreign: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' },
    ];
    for (const headers of foreign) {
      expect((await call(app, 'PUT', `${API}/console-evil`, headers)).status).toBe(403);
      expect((await call(app, 'GET', `${BASE}/_ruststack/api/requests`, headers)).status).toBe(403);
    }
    const rebound = await app.handle(new Request(`${BASE}/_ruststack/api/info`, { headers: { host: 'evil.example:4566' } }));
    expect(rebound.status).toBe(403);
    expect((await call(app, 'HEAD', `${API}/console-evil`)).status).toBe(404);
  });

  it('leaves a virtual-hosted bucket its own _ruststack/ keys', async () => {
    expect((await call(app, 'GET', `${API}/console-vh`)).status).toBe(404);
    const res = await app.handle(new Request('http://console-vh.s3.localhost.localstack.cloud:4566/_ruststack/', { headers: { host: 'console-vh.s3.localhost.localstack.cloud:4566' } }));
    expect(await res.text()).toContain('<Code>NoSuchBucket</Code>'); // S3's answer, not the page
  });
});

describe('web console settings', () => {
  it('moves under S3_CONSOLE_PATH and acts as the account of S3_CONSOLE_ACCESS_KEY', async () => {
    const app = createApp(loadConfig({
      S3_SKIP_SIGNATURE_VALIDATION: '0', S3_CONSOLE_PATH: '/console', S3_CREDENTIALS: 'AKIAONE:one:111111111111;AKIATWO:two:222222222222', S3_CONSOLE_ACCESS_KEY: 'AKIATWO',
    }));
    expect((await call(app, 'GET', `${BASE}/console/`)).status).toBe(200);
    expect(await (await call(app, 'GET', `${BASE}/console/api/info`)).json()).toMatchObject({ accessKeyId: 'AKIATWO', accountId: '222222222222' });
    expect((await call(app, 'PUT', `${BASE}/console/api/s3/console-two`)).status).toBe(200);
    expect(await (await call(app, 'GET', `${BASE}/console/api/s3/`)).text()).toContain('<Name>console-two</Name>');
    const asOne = await signedHeaders({ method: 'GET', url: `${BASE}/`, accessKeyId: 'AKIAONE', secret: 'one' });
    const listedForOne = await (await app.handle(new Request(`${BASE}/`, { headers: asOne }))).text();
    expect(listedForOne).toContain('<ListAllMyBucketsResult');
    expect(listedForOne).not.toContain('console-two');
    expect((await call(app, 'GET', `${BASE}/_ruststack/`)).status).not.toBe(200);
  });

  it('answers nothing and records nothing when S3_CONSOLE=0', async () => {
    const app = createApp(loadConfig({ S3_CONSOLE: '0' }));
    const page = await call(app, 'GET', `${BASE}/_ruststack/`);
    expect([page.status, await page.text()]).toEqual([404, expect.stringContaining('<BucketName>_ruststack</BucketName>')]);
  });
});

describe('web console under access control (S3_ENFORCE_ACCESS=1)', () => {
  it("acts as its key's account: it manages that account's buckets and is refused another account's private one", async () => {
    const app = createApp(loadConfig({
      S3_ENFORCE_ACCESS: '1', S3_CREDENTIALS: 'AKIAONE:one:111111111111;AKIATWO:two:222222222222', S3_CONSOLE_ACCESS_KEY: 'AKIATWO',
    }));
    await recent(app); // a console page is open
    const asOne = await signedHeaders({ method: 'PUT', url: `${BASE}/console-acl-one`, accessKeyId: 'AKIAONE', secret: 'one' });
    expect((await app.handle(new Request(`${BASE}/console-acl-one`, { method: 'PUT', headers: asOne }))).status).toBe(200);
    expect((await call(app, 'PUT', `${API}/console-acl-two`)).status).toBe(200);
    expect((await call(app, 'PUT', `${API}/console-acl-two/k`, {}, 'mine')).status).toBe(200);
    expect(await (await call(app, 'GET', `${API}/console-acl-two/k`)).text()).toBe('mine');
    const refused = await call(app, 'GET', `${API}/console-acl-one?list-type=2`);
    expect([refused.status, /<Code>([^<]+)/.exec(await refused.text())?.[1]]).toEqual([403, 'AccessDenied']);
    const seen = await recent(app);
    expect(seen.find((r) => r.bucket === 'console-acl-one' && r.console)).toMatchObject({ operation: 'ListObjectsV2', status: 403, errorCode: 'AccessDenied' });
  });
});
