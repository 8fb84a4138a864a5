import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBaseUrl, endpointUrl, probeHealth, probeReset } from './probe.ts';

let answer: { status: number; body: string } = { status: 200, body: '' };
let lastRequest = '';
let server: ReturnType<typeof Bun.serve>;
let base = '';

beforeAll(() => {
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req) {
      lastRequest = `${req.method} ${new URL(req.url).pathname}`;
      if (req.url.endsWith('/slow')) await Bun.sleep(500);
      return new Response(answer.body, { status: answer.status });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

describe('defaultBaseUrl', () => {
  it('turns a wildcard GATEWAY_LISTEN host into loopback', () => {
    expect(defaultBaseUrl({})).toBe('http://127.0.0.1:4566');
    expect(defaultBaseUrl({ GATEWAY_LISTEN: '0.0.0.0:5000' })).toBe('http://127.0.0.1:5000');
    expect(defaultBaseUrl({ GATEWAY_LISTEN: '[::]:5000' })).toBe('http://[::1]:5000');
  });
});

describe('endpointUrl', () => {
  it('appends the endpoint path to a bare base URL and keeps an explicit path', () => {
    expect(endpointUrl('http://localhost:4566', '/_localstack/health')).toBe('http://localhost:4566/_localstack/health');
    expect(endpointUrl('http://localhost:4566/health', '/_localstack/health')).toBe('http://localhost:4566/health');
  });
});

describe('probeHealth', () => {
  it('is healthy when services.s3 is running or available', async () => {
    for (const state of ['running', 'available']) {
      answer = { status: 200, body: JSON.stringify({ services: { s3: state } }) };
      expect((await probeHealth(base)).ok).toBe(true);
    }
    expect(lastRequest).toBe('GET /_localstack/health');
  });

  it('reports the reason when s3 is not running, the status is not 200 or the body is not JSON', async () => {
    answer = { status: 200, body: JSON.stringify({ services: { s3: 'error' } }) };
    expect(await probeHealth(base)).toEqual({ ok: false, reason: 's3 is error' });
    answer = { status: 503, body: '' };
    expect(await probeHealth(base)).toMatchObject({ ok: false, reason: expect.stringContaining('HTTP 503') });
    answer = { status: 200, body: '<html>' };
    expect(await probeHealth(base)).toMatchObject({ ok: false, reason: expect.stringContaining('services.s3') });
  });

  it('gives up after the timeout', async () => {
    const result = await probeHealth(`${base}/slow`, 100);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('within 100 ms') });
  });

  it('says the server cannot be reached when nothing listens', async () => {
    const result = await probeHealth('http://127.0.0.1:1');
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('cannot reach') });
  });
});

describe('probeReset', () => {
  it('POSTs the reset endpoint and succeeds on 200', async () => {
    answer = { status: 200, body: '{}' };
    expect((await probeReset(base)).ok).toBe(true);
    expect(lastRequest).toBe('POST /_localstack/state/reset');
    answer = { status: 404, body: '' };
    expect((await probeReset(base)).ok).toBe(false);
  });
});
