/**
 * POST /_localstack/config (ENABLE_CONFIG_UPDATES=1) in-process: off by default, changes what the
 * next request sees, refuses what cannot change and pages of other origins.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp, type App } from '../../src/core/app.ts';
import { signedHeaders } from '../helpers/sigv4-sign.ts';

const BASE = 'http://localhost:4566';
const CONFIG_URL = `${BASE}/_localstack/config`;

function post(app: App, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return app.handle(new Request(CONFIG_URL, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }));
}

/** A request signed with a wrong secret: refused only while signatures are validated. */
async function badlySignedPut(app: App, bucket: string): Promise<number> {
  const headers = await signedHeaders({ method: 'PUT', url: `${BASE}/${bucket}`, secret: 'wrong' });
  return (await app.handle(new Request(`${BASE}/${bucket}`, { method: 'PUT', headers }))).status;
}

describe('the runtime configuration endpoint', () => {
  it('is off by default: 404 for every method, and nothing changes', async () => {
    const app = createApp(loadConfig({}));
    for (const method of ['GET', 'POST']) {
      const res = await app.handle(new Request(CONFIG_URL, { method, ...(method === 'POST' ? { body: '{"variable":"S3_SKIP_SIGNATURE_VALIDATION","value":"0"}' } : {}) }));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: expect.stringContaining('ENABLE_CONFIG_UPDATES=1') });
    }
    expect(await badlySignedPut(app, 'rt-off')).toBe(200);
  });

  it('switches signature validation on and off for the next requests, answering the value in effect', async () => {
    const app = createApp(loadConfig({ ENABLE_CONFIG_UPDATES: '1' }));
    const on = await post(app, { variable: 'S3_SKIP_SIGNATURE_VALIDATION', value: false });
    expect([on.status, await on.json()]).toEqual([200, { variable: 'S3_SKIP_SIGNATURE_VALIDATION', value: false }]);
    expect(await badlySignedPut(app, 'rt-on')).toBe(403);
    const off = await post(app, { variable: 'S3_SKIP_SIGNATURE_VALIDATION', value: '1' });
    expect(await off.json()).toEqual({ variable: 'S3_SKIP_SIGNATURE_VALIDATION', value: true });
    expect(await badlySignedPut(app, 'rt-on')).toBe(200);
  });

  it('lists the runtime settings on GET and changes nothing for a null value', async () => {
    const app = createApp(loadConfig({ ENABLE_CONFIG_UPDATES: '1', ALLOW_NONSTANDARD_REGIONS: '1' }));
    const unchanged = await post(app, { variable: 'ALLOW_NONSTANDARD_REGIONS', value: null });
    expect(await unchanged.json()).toEqual({ variable: 'ALLOW_NONSTANDARD_REGIONS', value: true });
    await post(app, { variable: 'LOCALSTACK_HOST', value: 'foobar:4566' });
    const listed = await app.handle(new Request(CONFIG_URL));
    expect(await listed.json()).toMatchObject({ ALLOW_NONSTANDARD_REGIONS: true, LOCALSTACK_HOST: 'foobar:4566', S3_SKIP_SIGNATURE_VALIDATION: true });
  });

  it('makes Location URLs follow a new LOCALSTACK_HOST', async () => {
    const app = createApp(loadConfig({ ENABLE_CONFIG_UPDATES: '1' }));
    await post(app, { variable: 'LOCALSTACK_HOST', value: 'foobar:4566' });
    const call = (method: string, path: string, body?: string): Promise<Response> => app.handle(new Request(`${BASE}${path}`, { method, ...(body !== undefined ? { body } : {}) }));
    await call('PUT', '/rt-host');
    const uploadId = /<UploadId>([^<]+)</.exec(await (await call('POST', '/rt-host/k?uploads')).text())?.[1] ?? '';
    const etag = (await call('PUT', `/rt-host/k?partNumber=1&uploadId=${uploadId}`, 'part')).headers.get('etag') ?? '';
    const parts = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`;
    const done = await (await call('POST', `/rt-host/k?uploadId=${uploadId}`, parts)).text();
    expect(done).toContain('<Location>http://foobar:4566/rt-host/k</Location>');
  });

  it('refuses settings fixed at start, invalid values and malformed bodies with a 400 saying why', async () => {
    const app = createApp(loadConfig({ ENABLE_CONFIG_UPDATES: '1' }));
    const cases: [unknown, string][] = [
      [{ variable: 'GATEWAY_LISTEN', value: ':4567' }, 'GATEWAY_LISTEN cannot change while the server runs'],
      [{ variable: 'PERSISTENCE', value: true }, 'PERSISTENCE cannot change while the server runs'],
      [{ variable: 'ALLOW_NONSTANDARD_REGIONS', value: 'maybe' }, 'invalid ALLOW_NONSTANDARD_REGIONS="maybe"'],
      [{ variable: 'NO_SUCH', value: '1' }, 'NO_SUCH is not a setting of this server'],
      [{ variable: 'a/b', value: '1' }, '"variable" must be a setting name'],
      [{ variable: 'USE_SSL', value: ['1'] }, '"value" must be a string, number or boolean'],
      [['USE_SSL'], 'expected a JSON object'],
    ];
    for (const [body, message] of cases) {
      const res = await post(app, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(((await res.json()) as { message: string }).message).toContain(message);
    }
    const notJson = await app.handle(new Request(CONFIG_URL, { method: 'POST', body: 'variable=USE_SSL' }));
    expect(notJson.status).toBe(400);
    const other = await app.handle(new Request(CONFIG_URL, { method: 'DELETE' }));
    expect([other.status, other.headers.get('allow')]).toEqual([405, 'GET, POST']);
  });

  it('refuses skipping signatures under access enforcement', async () => {
    const app = createApp(loadConfig({ ENABLE_CONFIG_UPDATES: '1', S3_ENFORCE_ACCESS: '1' }));
    const res = await post(app, { variable: 'S3_SKIP_SIGNATURE_VALIDATION', value: true });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ variable: 'S3_SKIP_SIGNATURE_VALIDATION', message: expect.stringContaining('access enforcement') });
  });

  it('refuses pages of another origin (403) unless DISABLE_CORS_CHECKS, and takes LocalStack origins', async () => {
    const app = createApp(loadConfig({ ENABLE_CONFIG_UPDATES: '1' }));
    const change = { variable: 'S3_SKIP_SIGNATURE_VALIDATION', value: '0' };
    const refused: Record<string, string>[] = [{ Origin: 'https://attacker.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }];
    for (const headers of refused) {
      const res = await post(app, change, { ...headers, 'Content-Type': 'text/plain' });
      expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
    }
    expect(await badlySignedPut(app, 'rt-cross')).toBe(200);
    expect((await post(app, { variable: 'DISABLE_CORS_CHECKS', value: '1' }, { Origin: 'https://app.localstack.cloud' })).status).toBe(200);
    expect((await post(app, change, { Origin: 'https://attacker.example' })).status).toBe(200);
  });
});
