import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';
import { errorResponse } from '../../src/core/handler.ts';
import { captureLog } from '../helpers/capture-log.ts';

const app = createApp(loadConfig({}));
const call = (method: string, path: string, init: RequestInit = {}): Promise<Response> =>
  app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));

/** A body of `size` bytes in 64 KiB chunks that counts how many chunks the server pulled. */
function countingBody(size: number): { body: ReadableStream<Uint8Array>; pulls: () => number } {
  const chunk = new TextEncoder().encode('<Tagging><TagSet>'.padEnd(64 * 1024, ' '));
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled += 1;
      if (pulled * chunk.byteLength > size) c.close();
      else c.enqueue(chunk.slice());
    },
  });
  return { body, pulls: () => pulled };
}

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

  it('PutBucketTagging refuses a 30 MB body announced by Content-Length before reading it', async () => {
    await call('PUT', '/limits-bucket');
    const { body, pulls } = countingBody(30 * 1024 * 1024);
    const res = await call('PUT', '/limits-bucket?tagging', {
      body, headers: { 'content-length': String(30 * 1024 * 1024) }, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('<Code>MaxMessageLengthExceeded</Code>');
    expect(text).toContain('<Message>Your request was too big.</Message>');
    expect(text).toContain('<MaxMessageLengthBytes>163840</MaxMessageLengthBytes>');
    expect(pulls()).toBeLessThan(3);
  });

  it('PutBucketTagging stops reading an unsized 30 MB body once it passes the limit', async () => {
    await call('PUT', '/limits-bucket');
    const { body, pulls } = countingBody(30 * 1024 * 1024);
    const res = await call('PUT', '/limits-bucket?tagging', { body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<MaxMessageLengthBytes>163840</MaxMessageLengthBytes>');
    // 163,840 bytes are three 64 KiB chunks; the stream may have queued one more.
    expect(pulls()).toBeLessThan(6);
    expect((await call('GET', '/limits-bucket?tagging')).status).toBe(404);
  });

  it('an aws-chunked body announcing a decoded length past the limit is refused before reading', async () => {
    await call('PUT', '/limits-bucket');
    const { body, pulls } = countingBody(30 * 1024 * 1024);
    const res = await call('POST', '/limits-bucket?delete', {
      body,
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(30 * 1024 * 1024),
      },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<MaxMessageLengthBytes>2048000</MaxMessageLengthBytes>');
    expect(pulls()).toBeLessThan(3);
  });

  it('PutBucketVersioning takes a 1,024-byte body and refuses a 1,025-byte one, as AWS does', async () => {
    await call('PUT', '/limits-bucket');
    const doc = (size: number): string => {
      const open = '<VersioningConfiguration><Status>Enabled</Status><!--';
      const close = '--></VersioningConfiguration>';
      return open + 'x'.repeat(size - open.length - close.length) + close;
    };
    expect((await call('PUT', '/limits-bucket?versioning', { body: doc(1024) })).status).toBe(200);
    const res = await call('PUT', '/limits-bucket?versioning', { body: doc(1025) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<MaxMessageLengthBytes>1024</MaxMessageLengthBytes>');
  });

  it('a malformed percent-escape in the path is answered as S3 would, not a crash', async () => {
    const res = await call('GET', '/missing-bucket/%E0%A4%A');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<Code>NoSuchBucket</Code>');
  });

  it('an unexpected exception becomes a logged 500 InternalError with an S3 XML body', async () => {
    const { value: res, lines } = await captureLog(() => errorResponse(new TypeError('boom'), 'REQ123', 'GET', 'GetObject'));
    const line = lines.join('\n');
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
