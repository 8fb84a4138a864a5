import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client, type ChecksumAlgorithm as SdkChecksumAlgorithm } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.ts';
import type { RequestBody } from './body.ts';
import { decodeRequestBody, trailerChecksumOf, WHOLE_BODY_BYTES } from './request-body.ts';
import { S3Error } from './s3-error.ts';

const te = new TextEncoder();
const URL_ = 'http://localhost:4566/bucket/key';

function put(headers: Record<string, string>, body?: BodyInit): Request {
  return new Request(URL_, { method: 'PUT', headers, body: body ?? null });
}

async function bytesOf(body: RequestBody): Promise<string> {
  if (body.stream === null) return '';
  return new TextDecoder().decode(await new Response(body.stream).arrayBuffer());
}

const decodeError = (req: Request): S3Error => thrown(S3Error, () => decodeRequestBody(req, req.headers));

describe('decodeRequestBody: plain bodies', () => {
  it('passes a plain body through with its Content-Length and no trailers', async () => {
    const req = put({ 'content-length': '5' }, 'hello');
    const body = decodeRequestBody(req, req.headers);
    expect(body.length).toBe(5);
    expect(body.trailerChecksum).toBeUndefined();
    expect(await bytesOf(body)).toBe('hello');
    expect(await body.trailers()).toEqual({});
  });

  it('reports a request without a body as empty', () => {
    const req = new Request(URL_, { method: 'GET' });
    expect(decodeRequestBody(req, req.headers)).toMatchObject({ stream: null, length: 0 });
  });

  it('leaves the length unknown for a streamed body without Content-Length', () => {
    const req = put({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, new Blob(['abc']).stream());
    expect(decodeRequestBody(req, req.headers).length).toBeUndefined();
  });
});

describe('decodeRequestBody: aws-chunked bodies', () => {
  const chunked = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';

  it('decodes STREAMING-UNSIGNED-PAYLOAD-TRAILER with the decoded length, trailer algorithm and trailers', async () => {
    const req = put({
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '11', 'x-amz-trailer': 'x-amz-checksum-crc32',
    }, chunked);
    const body = decodeRequestBody(req, req.headers);
    expect(body.length).toBe(11);
    expect(body.trailerChecksum).toBe('CRC32');
    expect(await bytesOf(body)).toBe('hello world');
    expect(await body.trailers()).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
  });

  it('decodes a body announced only by Content-Encoding: aws-chunked', async () => {
    const req = put({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-encoding': 'gzip, aws-chunked', 'x-amz-decoded-content-length': '11' }, chunked);
    expect(await bytesOf(decodeRequestBody(req, req.headers))).toBe('hello world');
  });

  it('decodes signed STREAMING-AWS4-HMAC-SHA256-PAYLOAD chunks', async () => {
    const sig = 'a'.repeat(64);
    const req = put({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'x-amz-decoded-content-length': '5' },
      `5;chunk-signature=${sig}\r\nhello\r\n0;chunk-signature=${sig}\r\n\r\n`);
    expect(await bytesOf(decodeRequestBody(req, req.headers))).toBe('hello');
  });

  it('accepts STREAMING-UNSIGNED-PAYLOAD-TRAILER without a decoded length, as LocalStack does', async () => {
    const req = put({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }, chunked);
    const body = decodeRequestBody(req, req.headers);
    expect(body.length).toBeUndefined();
    expect(await bytesOf(body)).toBe('hello world');
  });

  it('surfaces a short body as the stream error IncompleteBody', async () => {
    const req = put({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': '12' }, chunked);
    const body = decodeRequestBody(req, req.headers);
    await expect(bytesOf(body)).rejects.toMatchObject({ code: 'IncompleteBody', fields: { NumberBytesExpected: 12, NumberBytesProvided: 11 } });
  });
});

describe('decodeRequestBody: streaming header errors', () => {
  const signed = { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' };

  it('answers SignatureDoesNotMatch when STREAMING-AWS4-HMAC-SHA256-PAYLOAD has no decoded length', () => {
    expect(decodeError(put(signed, 'test'))).toMatchObject({
      code: 'SignatureDoesNotMatch', status: 403, message: '"X-Amz-Decoded-Content-Length" header is missing',
    });
  });

  it('answers SignatureDoesNotMatch when the decoded length is not an integer', () => {
    expect(decodeError(put({ ...signed, 'x-amz-decoded-content-length': 'test' }, 'test'))).toMatchObject({
      code: 'SignatureDoesNotMatch', status: 403, message: 'Wrong "X-Amz-Decoded-Content-Length" header',
    });
  });

  it('answers MissingContentLength (411) for a non-integer decoded length on the unsigned trailer variant', () => {
    const req = put({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': 'abc' }, 'x');
    expect(decodeError(req)).toMatchObject({ code: 'MissingContentLength', status: 411 });
  });

  it('refuses an x-amz-trailer naming two checksum algorithms', () => {
    expect(() => trailerChecksumOf('x-amz-checksum-crc32,x-amz-checksum-sha1')).toThrow('Multiple checksum Types are not allowed');
    expect(trailerChecksumOf('x-amz-checksum-crc64nvme')).toBe('CRC64NVME');
    expect(trailerChecksumOf('x-amz-checksum-nope')).toBeUndefined();
  });

  it('answers a repeated x-amz-trailer as the first time, and still refuses a bad one after a good one', () => {
    for (let i = 0; i < 2; i++) {
      expect(trailerChecksumOf('x-amz-checksum-crc32')).toBe('CRC32');
      expect(trailerChecksumOf(' X-Amz-Checksum-SHA256 ')).toBe('SHA256');
      expect(trailerChecksumOf('x-amz-checksum-nope')).toBeUndefined();
      expect(() => trailerChecksumOf('x-amz-checksum-crc32,x-amz-checksum-sha1')).toThrow('Multiple checksum Types are not allowed');
    }
  });
});

describe('decodeRequestBody: payload hash check (signature validation on)', () => {
  const helloSha = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

  it('passes a body matching its x-amz-content-sha256', async () => {
    const req = put({ 'x-amz-content-sha256': helloSha }, 'hello');
    expect(await bytesOf(decodeRequestBody(req, req.headers, { verifyPayloadSha256: true }))).toBe('hello');
  });

  it('fails the stream with XAmzContentSHA256Mismatch and both hashes when the body differs', async () => {
    const req = put({ 'x-amz-content-sha256': helloSha }, 'hellO');
    const body = decodeRequestBody(req, req.headers, { verifyPayloadSha256: true });
    await expect(bytesOf(body)).rejects.toMatchObject({
      code: 'XAmzContentSHA256Mismatch', status: 400,
      fields: { ClientComputedContentSHA256: helloSha, S3ComputedContentSHA256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('does not check unless asked, nor UNSIGNED-PAYLOAD bodies', async () => {
    const wrong = put({ 'x-amz-content-sha256': helloSha }, 'other');
    expect(await bytesOf(decodeRequestBody(wrong, wrong.headers))).toBe('other');
    const unsigned = put({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, 'other');
    expect(await bytesOf(decodeRequestBody(unsigned, unsigned.headers, { verifyPayloadSha256: true }))).toBe('other');
  });
});

describe('decodeRequestBody: small bodies are read whole', () => {
  const chunked = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';
  const trailing = {
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '11', 'x-amz-trailer': 'x-amz-checksum-crc32', 'content-length': String(chunked.length),
  };
  const text = async (body: RequestBody): Promise<string> => new TextDecoder().decode(await body.whole?.());

  it('offers whole() for an aws-chunked body with a small Content-Length, trailers included', async () => {
    const req = put(trailing, chunked);
    const body = decodeRequestBody(req, req.headers);
    expect(body.whole).toBeDefined();
    expect(body.readTrailers?.()).toBeUndefined();
    expect(await text(body)).toBe('hello world');
    // Known without a wait once the body is read.
    expect(body.readTrailers?.()).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
    expect(await body.trailers()).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
  });

  it('serves trailers() before whole() too, reading the body once', async () => {
    const req = put(trailing, chunked);
    const body = decodeRequestBody(req, req.headers);
    expect(await body.trailers()).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
    expect(await text(body)).toBe('hello world');
  });

  it('hands bodiless requests one shared empty body', () => {
    const a = new Request('http://localhost/b/k');
    const b = new Request('http://localhost/b/k2', { method: 'DELETE' });
    expect(decodeRequestBody(a, a.headers)).toBe(decodeRequestBody(b, b.headers));
    expect(decodeRequestBody(a, a.headers)).toMatchObject({ stream: null, length: 0, trailerChecksum: undefined });
  });

  it('still serves the same body as a stream to consumers that stream', async () => {
    const req = put(trailing, chunked);
    expect(await bytesOf(decodeRequestBody(req, req.headers))).toBe('hello world');
    const plain = put({ 'content-length': '5' }, 'hello');
    expect(await bytesOf(decodeRequestBody(plain, plain.headers))).toBe('hello');
  });

  it('rejects whole() with IncompleteBody on a short body', async () => {
    const req = put({ ...trailing, 'x-amz-decoded-content-length': '12' }, chunked);
    await expect(decodeRequestBody(req, req.headers).whole?.()).rejects.toMatchObject({ code: 'IncompleteBody' });
  });

  it('rejects whole() with XAmzContentSHA256Mismatch when validating a wrong payload hash', async () => {
    const req = put({ 'x-amz-content-sha256': '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', 'content-length': '5' }, 'hellO');
    await expect(decodeRequestBody(req, req.headers, { verifyPayloadSha256: true }).whole?.()).rejects.toMatchObject({ code: 'XAmzContentSHA256Mismatch' });
  });

  it('streams bodies above the limit, and empty or unsized ones, as before', () => {
    const big = 'x'.repeat(WHOLE_BODY_BYTES + 1);
    const large = put({ 'content-length': String(big.length) }, big);
    expect(decodeRequestBody(large, large.headers).whole).toBeUndefined();
    const empty = put({ 'content-length': '0' });
    expect(decodeRequestBody(empty, empty.headers).whole).toBeUndefined();
  });
});

interface Captured {
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** What @aws-sdk/client-s3 puts on the wire for a PutObject (no network: a capturing request handler). */
async function sdkPut(body: Uint8Array | Readable, algorithm: SdkChecksumAlgorithm, contentLength?: number): Promise<Captured> {
  let captured: Captured | undefined;
  const client = new S3Client({
    region: 'us-east-1', endpoint: 'http://localhost:4566', forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: {
      handle: async (req: { headers: Record<string, string>; body: unknown }) => {
        captured = { headers: req.headers, body: await collect(req.body) };
        return { response: { statusCode: 200, headers: {}, body: Readable.from([]) } };
      },
    },
  });
  await client.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'key', Body: body, ContentLength: contentLength, ChecksumAlgorithm: algorithm }));
  if (captured === undefined) throw new Error('nothing captured');
  return captured;
}

async function collect(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return te.encode(body);
  if (body instanceof Uint8Array) return body;
  const parts: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('decodeRequestBody: bodies framed by @aws-sdk/client-s3', () => {
  const payload = Buffer.alloc(200_000);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) & 0xff;

  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
    it(`decodes a streamed PutObject with a ${algorithm} trailer and yields the SDK's own checksum`, async () => {
      // The SDK sends a checksum header for an in-memory body: the oracle for the trailer value.
      const oracle = (await sdkPut(payload, algorithm)).headers[`x-amz-checksum-${algorithm.toLowerCase()}`];
      const sent = await sdkPut(Readable.from([payload.subarray(0, 70_000), payload.subarray(70_000)]), algorithm, payload.length);
      expect(sent.headers['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      const req = put(sent.headers, new Uint8Array(sent.body));
      const body = decodeRequestBody(req, req.headers);
      expect(body.length).toBe(payload.length);
      expect(body.trailerChecksum).toBe(algorithm);
      const decoded = new Uint8Array(await new Response(body.stream).arrayBuffer());
      expect(Buffer.from(decoded).equals(payload)).toBe(true);
      expect(await body.trailers()).toEqual({ [`x-amz-checksum-${algorithm.toLowerCase()}`]: oracle });
    });
  }

  it('decodes the SDK framing arriving through Bun.serve as Transfer-Encoding: chunked', async () => {
    const sent = await sdkPut(Readable.from([payload]), 'CRC64NVME', payload.length);
    const server = Bun.serve({
      port: 0,
      async fetch(req) {
        const body = decodeRequestBody(req, req.headers);
        const n = (await new Response(body.stream).arrayBuffer()).byteLength;
        return Response.json({ n, trailers: await body.trailers(), te: req.headers.get('transfer-encoding') });
      },
    });
    try {
      const pieces = [sent.body.subarray(0, 3), sent.body.subarray(3, 100_003), sent.body.subarray(100_003)];
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          const p = pieces.shift();
          if (p === undefined) c.close();
          else c.enqueue(p);
        },
      });
      const headers = { ...sent.headers };
      delete headers['transfer-encoding'];
      delete headers.host;
      const res = await fetch(`http://127.0.0.1:${server.port}/bucket/key`, { method: 'PUT', headers, body: stream });
      expect(await res.json()).toEqual({ n: payload.length, trailers: { 'x-amz-checksum-crc64nvme': expect.any(String) }, te: 'chunked' });
    } finally {
      await server.stop(true);
    }
  });
});
