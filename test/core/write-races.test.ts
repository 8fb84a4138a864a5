/**
 * Writes that lose a race with the bucket or upload they address: the body is still streaming when
 * the upload is aborted or completed, or the bucket deleted. Driven in-process with a body the test
 * feeds by hand, so the interleaving is exact; bodies spill to a temp dir the test owns and counts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp, type App } from '../../src/core/app.ts';

const SPILL_LIMIT = 1024;
const CHUNK = 4 * 1024;
const root = mkdtempSync(join(tmpdir(), 'write-races-'));
let app: App;

beforeEach(() => {
  app = createApp({ ...loadConfig({}), maxMemoryObjectSize: SPILL_LIMIT, tmpDir: root });
});
afterEach(async () => {
  await app.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function call(method: string, path: string, init: RequestInit = {}): Promise<Response> {
  return app.handle(new Request(`http://localhost:4566${path}`, { method, ...init }));
}

/** Spill files of this process's store (the per-process dirs under the test's temp root). */
function spillFiles(): string[] {
  return readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((f) => join(dir, f)));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2500; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface StreamingRequest {
  readonly response: Promise<Response>;
  push(): void;
  end(): void;
}

/** A request whose body the test writes: in flight until end(), which sends `tail` first. */
function streamingRequest(method: string, path: string, head = '', tail = '', headers: Record<string, string> = {}): StreamingRequest {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({ start(c) { controller = c; } });
  const response = call(method, path, { body, headers, duplex: 'half' } as RequestInit);
  const encoder = new TextEncoder();
  if (head !== '') controller?.enqueue(encoder.encode(head));
  return {
    response,
    push: () => controller?.enqueue(new Uint8Array(CHUNK).fill(7)),
    end: () => {
      if (tail !== '') controller?.enqueue(encoder.encode(tail));
      controller?.close();
    },
  };
}

/** Starts the requests and waits until each has spilled its first bytes to disk. */
async function spilled(requests: StreamingRequest[]): Promise<StreamingRequest[]> {
  for (const request of requests) request.push();
  await until(() => spillFiles().length === requests.length, `${requests.length} spill files`);
  return requests;
}

function spilledPuts(paths: readonly string[]): Promise<StreamingRequest[]> {
  return spilled(paths.map((path) => streamingRequest('PUT', path)));
}

/** A browser-form upload (PostObject) whose file part streams. */
function streamingPost(bucket: string, key: string): StreamingRequest {
  const head = `--b\r\nContent-Disposition: form-data; name="key"\r\n\r\n${key}\r\n`
    + '--b\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n';
  return streamingRequest('POST', `/${bucket}`, head, '\r\n--b--\r\n', { 'content-type': 'multipart/form-data; boundary=b' });
}

/** Released files are unlinked asynchronously: wait for the directory to empty. */
async function noSpillFilesLeft(): Promise<void> {
  await until(() => spillFiles().length === 0, 'the spill files to be removed');
}

async function finish(put: StreamingRequest): Promise<{ status: number; text: string }> {
  put.push();
  put.end();
  const res = await put.response;
  return { status: res.status, text: await res.text() };
}

async function createUpload(bucket: string, key: string): Promise<string> {
  await call('PUT', `/${bucket}`);
  const res = await call('POST', `/${bucket}/${key}?uploads`);
  const id = /<UploadId>([^<]+)<\/UploadId>/.exec(await res.text())?.[1];
  if (id === undefined) throw new Error('no UploadId');
  return id;
}

function md5Hex(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

const NO_SUCH_UPLOAD = '<Message>The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.</Message>';

describe('writes racing the bucket or upload they address', () => {
  it('UploadPart answers 404 NoSuchUpload and frees its bytes when the upload is aborted while parts stream', async () => {
    const id = await createUpload('race-abort', 'k');
    const parts = await spilledPuts([1, 2, 3].map((n) => `/race-abort/k?partNumber=${n}&uploadId=${id}`));
    expect((await call('DELETE', `/race-abort/k?uploadId=${id}`)).status).toBe(204);
    for (const part of parts) {
      const res = await finish(part);
      expect(res.status).toBe(404);
      expect(res.text).toContain('<Code>NoSuchUpload</Code>');
      expect(res.text).toContain(NO_SUCH_UPLOAD);
    }
    await noSpillFilesLeft();
  });

  it('UploadPart answers 404 NoSuchUpload and frees its bytes when the upload is completed while it streams', async () => {
    const id = await createUpload('race-complete', 'k');
    expect((await call('PUT', `/race-complete/k?partNumber=1&uploadId=${id}`, { body: 'small' })).status).toBe(200);
    const [late] = await spilledPuts([`/race-complete/k?partNumber=2&uploadId=${id}`]);
    const complete = await call('POST', `/race-complete/k?uploadId=${id}`, {
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"${md5Hex('small')}"</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(complete.status).toBe(200);
    const res = await finish(late!);
    expect(res.status).toBe(404);
    expect(res.text).toContain(NO_SUCH_UPLOAD);
    await noSpillFilesLeft();
    expect(await (await call('GET', '/race-complete/k')).text()).toBe('small');
  });

  it('a part resent while the first copy still streams ends with the bytes of the request that finished last (already right)', async () => {
    // ceph/s3-tests test_multipart_resend_first_finishes_last: the first request, finishing last, wins.
    const id = await createUpload('race-resend', 'k');
    const [first] = await spilledPuts([`/race-resend/k?partNumber=1&uploadId=${id}`]);
    expect((await call('PUT', `/race-resend/k?partNumber=1&uploadId=${id}`, { body: 'second' })).status).toBe(200);
    const res = await finish(first!);
    expect(res.status).toBe(200);
    const listed = await (await call('GET', `/race-resend/k?uploadId=${id}`)).text();
    const partEtag = /<ETag>([^<]+)<\/ETag>/.exec(listed)?.[1] ?? '';
    expect(partEtag).not.toBe(`&quot;${md5Hex('second')}&quot;`);
    const complete = await call('POST', `/race-resend/k?uploadId=${id}`, {
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${partEtag.replaceAll('&quot;', '"')}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(complete.status).toBe(200);
    // The first request pushed two chunks of 7s; the resent one sent 'second'.
    expect((await (await call('GET', '/race-resend/k')).arrayBuffer()).byteLength).toBe(2 * CHUNK);
  });

  it('PutObject answers 404 NoSuchBucket and frees its bytes when the bucket is deleted while the body streams', async () => {
    await call('PUT', '/race-bucket');
    const [put] = await spilledPuts(['/race-bucket/k']);
    expect((await call('DELETE', '/race-bucket')).status).toBe(204);
    const res = await finish(put!);
    expect(res.status).toBe(404);
    expect(res.text).toContain('<Code>NoSuchBucket</Code>');
    expect(res.text).toContain('<Message>The specified bucket does not exist</Message>');
    await noSpillFilesLeft();
  });

  it('PutObject into a bucket deleted and created again while the body streams answers NoSuchBucket', async () => {
    await call('PUT', '/race-recreated');
    const [put] = await spilledPuts(['/race-recreated/k']);
    expect((await call('DELETE', '/race-recreated')).status).toBe(204);
    expect((await call('PUT', '/race-recreated')).status).toBe(200);
    const res = await finish(put!);
    expect(res.status).toBe(404);
    expect(res.text).toContain('<Code>NoSuchBucket</Code>');
    await noSpillFilesLeft();
    expect((await call('GET', '/race-recreated/k')).status).toBe(404);
  });

  it('PostObject answers 404 NoSuchBucket and frees its bytes when the bucket is deleted while the file streams', async () => {
    await call('PUT', '/race-post');
    const [post] = await spilled([streamingPost('race-post', 'k')]);
    expect((await call('DELETE', '/race-post')).status).toBe(204);
    const res = await finish(post!);
    expect(res.status).toBe(404);
    expect(res.text).toContain('<Code>NoSuchBucket</Code>');
    await noSpillFilesLeft();
  });

  it('DeleteBucket frees the parts of the uploads still in progress in it', async () => {
    const id = await createUpload('race-parts', 'k');
    const [part] = await spilledPuts([`/race-parts/k?partNumber=1&uploadId=${id}`]);
    expect((await finish(part!)).status).toBe(200);
    expect(spillFiles()).toHaveLength(1);
    expect((await call('DELETE', '/race-parts')).status).toBe(204);
    await noSpillFilesLeft();
  });
});
