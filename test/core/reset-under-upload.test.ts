import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';

// Bodies past 1 KiB spill to a temp file, which the reset deletes with its directory.
const app = createApp(loadConfig({ S3_MAX_MEMORY_OBJECT_SIZE: '1024' }));
const call = (method: string, path: string, init: RequestInit = {}): Promise<Response> =>
  app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

interface HandFed {
  readonly body: ReadableStream<Uint8Array>;
  push(chunk: Uint8Array | string): void;
  end(): void;
}

/** A request body the test feeds by hand, so a reset can land in the middle of it. */
function handFedBody(): HandFed {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start(c) { controller = c; } });
  return {
    body,
    push: (chunk) => controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk),
    end: () => controller.close(),
  };
}

/** Starts the request, feeds `before` KiB-ish chunks, resets, then finishes the body with `tail`. */
async function resetDuring(method: string, path: string, feed: HandFed, before: number, tail = '', headers: Record<string, string> = {}): Promise<Response> {
  const pending = call(method, path, { body: feed.body, duplex: 'half', headers } as RequestInit);
  for (let i = 0; i < before; i++) {
    feed.push(new Uint8Array(1000).fill(7));
    await tick();
  }
  expect((await call('POST', '/_localstack/state/reset')).status).toBe(200);
  feed.push(new Uint8Array(5000).fill(7));
  feed.push(tail);
  feed.end();
  return pending;
}

async function expectNoSuchBucket(res: Response, bucket: string): Promise<void> {
  expect(res.status).toBe(404);
  const text = await res.text();
  expect(text).toContain('<Code>NoSuchBucket</Code>');
  expect(text).toContain(`<BucketName>${bucket}</BucketName>`);
}

describe('a reset while a request streams its body', () => {
  for (const before of [0, 1, 3]) {
    it(`PutObject answers 404 NoSuchBucket (reset after ${before} KiB of the body)`, async () => {
      expect((await call('PUT', '/reset-put')).status).toBe(200);
      await expectNoSuchBucket(await resetDuring('PUT', '/reset-put/big', handFedBody(), before), 'reset-put');
      expect((await call('HEAD', '/reset-put')).status).toBe(404);
    });
  }

  it('UploadPart answers 404 NoSuchBucket', async () => {
    expect((await call('PUT', '/reset-part')).status).toBe(200);
    const initiated = await (await call('POST', '/reset-part/k?uploads')).text();
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(initiated)?.[1] ?? '';
    await expectNoSuchBucket(await resetDuring('PUT', `/reset-part/k?partNumber=1&uploadId=${uploadId}`, handFedBody(), 2), 'reset-part');
  });

  it('PostObject answers 404 NoSuchBucket', async () => {
    expect((await call('PUT', '/reset-post')).status).toBe(200);
    const boundary = 'reset-boundary';
    const feed = handFedBody();
    feed.push(`--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n`
      + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n`);
    const res = await resetDuring('POST', '/reset-post', feed, 2, `\r\n--${boundary}--\r\n`, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    await expectNoSuchBucket(res, 'reset-post');
  });

  it('the server goes on: the bucket can be created and written again', async () => {
    expect((await call('PUT', '/reset-put')).status).toBe(200);
    expect((await call('PUT', '/reset-put/again', { body: new Uint8Array(5000) })).status).toBe(200);
  });
});
