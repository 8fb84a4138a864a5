/**
 * Content-Encoding with aws-chunked, and user metadata sent as raw UTF-8 header bytes. Raw sockets,
 * so the bytes on the wire are exactly the test's (fetch refuses non-ASCII header values).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';
import { exchange, parseAnswer, type RawAnswer } from '../helpers/raw-http.ts';
import { uniqueBucket } from '../helpers/s3-client.ts';

const bucket = uniqueBucket('enc');

const e2e = useE2e();
beforeAll(async () => {
  expect((await send('PUT', `/${bucket}`, [])).status).toBe(200);
});

/** One request on its own connection; header lines are written as UTF-8 bytes. */
async function send(method: string, target: string, headerLines: string[], body: Buffer = Buffer.alloc(0)): Promise<RawAnswer> {
  const head = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${e2e.port}`, `Content-Length: ${body.length}`, 'Connection: close', ...headerLines].join('\r\n');
  return parseAnswer(await exchange(e2e.port, Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'utf8'), body])));
}

/** An unsigned aws-chunked body: one chunk, the final chunk, no trailers. */
function awsChunked(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]);
}

async function putChunked(key: string, encoding: string, payload: Buffer): Promise<void> {
  const put = await send('PUT', `/${bucket}/${key}`, [
    `Content-Encoding: ${encoding}`, 'x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER', `x-amz-decoded-content-length: ${payload.length}`,
  ], awsChunked(payload));
  expect(put.status).toBe(200);
}

describe('Content-Encoding with aws-chunked', () => {
  // AWS removes aws-chunked from the stored Content-Encoding (an AWS engineer in
  // aws/aws-sdk-java-v2#5769; LocalStack's test_put_object_chunked_content_encoding).
  const gz = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);

  it.each(['gzip, aws-chunked', 'aws-chunked,gzip', 'gzip,aws-chunked'])('decodes the body and stores gzip for %s', async (encoding) => {
    const key = `k-${encoding.replace(/\W/g, '')}`;
    await putChunked(key, encoding, gz);
    const get = await send('GET', `/${bucket}/${key}`, []);
    expect(get.headers.get('content-encoding')).toBe('gzip');
    expect(get.body.equals(gz)).toBe(true);
  });

  it('drops Content-Encoding when aws-chunked was its only value', async () => {
    await putChunked('only-chunked', 'aws-chunked', gz);
    expect((await send('HEAD', `/${bucket}/only-chunked`, [])).headers.has('content-encoding')).toBe(false);
  });

  it('stores and echoes gzip alone, leaving the body as sent', async () => {
    expect((await send('PUT', `/${bucket}/plain-gzip`, ['Content-Encoding: gzip'], gz)).status).toBe(200);
    const get = await send('GET', `/${bucket}/plain-gzip`, []);
    expect(get.headers.get('content-encoding')).toBe('gzip');
    expect(get.body.equals(gz)).toBe(true);
  });
});

describe('user metadata sent as raw UTF-8', () => {
  it('comes back RFC 2047-encoded from the UTF-8 bytes, encoded once', async () => {
    // AWS's recording of test_put_unicode_metadata_with_sig_s3: `—_é_` -> =E2=80=94=5F=C3=A9=5F.
    expect((await send('PUT', `/${bucket}/meta`, ['x-amz-meta-name: caf\u00e9 \u2014 ok'], Buffer.from('x'))).status).toBe(200);
    const head = await send('HEAD', `/${bucket}/meta`, []);
    expect(head.headers.get('x-amz-meta-name')).toBe('=?UTF-8?Q?caf=C3=A9_=E2=80=94_ok?=');
  });

  it('keeps ASCII metadata and RFC 2047 words sent by clients as before', async () => {
    expect((await send('PUT', `/${bucket}/meta2`, ['x-amz-meta-a: plain', 'x-amz-meta-b: =?UTF-8?B?w6k=?='], Buffer.from('x'))).status).toBe(200);
    const head = await send('HEAD', `/${bucket}/meta2`, []);
    expect(head.headers.get('x-amz-meta-a')).toBe('plain');
    expect(head.headers.get('x-amz-meta-b')).toBe('=?UTF-8?Q?=C3=A9?=');
  });
});
