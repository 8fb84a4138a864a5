import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';
import { errorResponse } from '../../src/core/handler.ts';

const app = createApp(loadConfig({}));
const call = (method: string, path: string, init: RequestInit = {}): Promise<Response> =>
  app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));

describe('limits', () => {
  it('PutObject refuses a body announced above 5 GiB with EntityTooLarge before reading it', async () => {
    await call('PUT', '/limits-bucket');
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull(c) { pulled += 1; c.enqueue(new Uint8Array(1024)); } });
    const res = await call('PUT', '/limits-bucket/huge', {
      body, headers: { 'content-length': String(5 * 1024 ** 3 + 1) }, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('<Code>EntityTooLarge</Code>');
    expect(text).toContain('<ProposedSize>5368709121</ProposedSize>');
    expect(pulled).toBeLessThan(3);
  });

  it('a malformed percent-escape in the path is answered as S3 would, not a crash', async () => {
    const res = await call('GET', '/missing-bucket/%E0%A4%A');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<Code>NoSuchBucket</Code>');
  });

  it('an unexpected exception becomes a logged 500 InternalError with an S3 XML body', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = errorResponse(new TypeError('boom'), 'REQ123', 'GET', 'GetObject');
    const line = logged.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
    logged.mockRestore();
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('<Code>InternalError</Code>');
    expect(text).toContain('<RequestId>REQ123</RequestId>');
    expect(res.headers.get('x-amz-request-id')).toBe('REQ123');
    // One short line naming the operation, the request and the error, with where it was thrown.
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThan(1000);
    expect(line).toMatch(/GetObject.*REQ123.*TypeError: boom \(at .*limits\.test\.ts:\d+/);
  });
});
