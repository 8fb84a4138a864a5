/**
 * Malformed and hostile requests, generated from a fixed seed and sent over raw sockets: each one gets
 * an answer (a status line, never a hang or a dropped connection) and none gets a 5xx other than
 * 501 NotImplemented; the server still answers health afterwards.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useE2e } from '../helpers/e2e.ts';

const e2e = useE2e();

/** mulberry32: a small seeded generator, so a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'get', 'Put', 'XYZZY', 'M'.repeat(300), 'TRACE', 'CONNECT'];
const SEGMENTS = ['fuzz-bucket', 'k', '..', '.', '%2e%2e', '%2E', '', '%', '%ZZ', '%00', 'a%2Fb', '\u00e9', '~', '*', '[x]', 'x'.repeat(1100), '%C0%AF'];
const QUERIES = ['acl', 'tagging', 'uploads', 'uploadId=x', 'delete', 'versioning', 'cors', 'lifecycle', 'policy', 'website', 'versions',
  'list-type=2', 'list-type=2&max-keys=-1', 'max-keys=abc', 'partNumber=0&uploadId=y', 'response-content-disposition=a%0D%0Ab',
  'response-content-type=%00', 'X-Amz-Expires=999999999', 'X-Amz-Algorithm=AWS4-HMAC-SHA256', 'Signature=x&Expires=1&AWSAccessKeyId=y',
  'encoding-type=bogus', 'continuation-token=%FF', 'restore', 'select&select-type=2', 'attributes', 'legal-hold', 'retention'];
const HEADERS: Array<() => string> = [
  () => 'Content-Length: 5', () => 'Content-Length: -1', () => 'Content-Length: 99999999999999999999', () => 'Content-Length: 1, 2',
  () => 'Transfer-Encoding: chunked', () => 'Transfer-Encoding: gzip', () => 'Host: a b', () => 'Host: [::1', () => 'Host: x.s3.localhost.localstack.cloud',
  () => 'Host: fuzz-bucket.s3-website.localhost.localstack.cloud', () => 'x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  () => 'x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER', () => 'x-amz-decoded-content-length: 3', () => 'x-amz-trailer: x-amz-checksum-crc32',
  () => 'Content-MD5: !!!', () => 'x-amz-copy-source: /%', () => 'x-amz-copy-source: fuzz-bucket/../k', () => 'Range: bytes=9-1', () => 'Range: bytes=-',
  () => 'x-amz-meta-a: \u00ff\u00fe', () => 'x-amz-meta-\u00e9: v', () => 'If-Match: *', () => 'If-Modified-Since: yesterday',
  () => 'Authorization: AWS4-HMAC-SHA256 Credential=/', () => 'Authorization: AWS x', () => 'Expect: 100-continue', () => 'x-amz-tagging: a=b&a=c',
  () => 'x-amz-acl: bogus', () => 'x-amz-checksum-crc32: zz', () => 'x-amz-sdk-checksum-algorithm: MD4', () => 'Origin: http://evil.example',
  () => 'Access-Control-Request-Method: GET', () => 'x-amz-object-lock-mode: WHATEVER', () => 'x-amz-server-side-encryption-customer-key: a',
  () => 'x-amz-website-redirect-location: \u0080', () => 'Connection: close', () => 'Content-Type: multipart/form-data; boundary=',
  () => `x-long: ${'v'.repeat(9000)}`, () => 'no-colon-here', () => ' folded: yes', () => 'x: a\nb',
];
const BODIES = ['', 'hello', '<?xml version="1.0"?><Delete><Object><Key>k</Key></Object></Delete>', '<Tagging><TagSet>', '0\r\n\r\n',
  '5\r\nhello\r\n0\r\n\r\n', 'z\r\n', '{"Version":', '\u0000\u0001\u0002', '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x>'];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

function fuzzRequest(rnd: () => number, port: number): string {
  const path = `/${Array.from({ length: Math.floor(rnd() * 4) }, () => pick(rnd, SEGMENTS)).join('/')}`;
  const query = rnd() < 0.5 ? `?${pick(rnd, QUERIES)}` : '';
  const lines = [`${pick(rnd, METHODS)} ${path}${query} HTTP/1.1`];
  if (rnd() < 0.9) lines.push(`Host: 127.0.0.1:${port}`);
  for (let i = Math.floor(rnd() * 4); i > 0; i--) lines.push(pick(rnd, HEADERS)());
  const body = pick(rnd, BODIES);
  if (rnd() < 0.5 && !lines.some((l) => /^(content-length|transfer-encoding):/i.test(l))) lines.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Sends `bytes` and half-closes; resolves with the first status seen (0: none), or 'timeout'. */
function statusOf(bytes: string, port: number): Promise<number | 'timeout'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('timeout');
    }, 15_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      // A final status (1xx are interim answers to Expect: 100-continue).
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1])).filter((s) => s >= 200);
      resolve(statuses[0] ?? 0);
    });
    socket.end(Buffer.from(bytes, 'latin1'));
  });
}

describe('fuzzed requests', () => {
  it('each get an S3 answer below 500 (or 501), and the server stays healthy', async () => {
    await statusOf(`PUT /fuzz-bucket HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`, e2e.port);
    const rnd = random(27);
    const cases = Array.from({ length: 1200 }, () => fuzzRequest(rnd, e2e.port));
    const bad: Array<{ request: string; status: number | 'timeout' }> = [];
    for (let i = 0; i < cases.length; i += 16) {
      const batch = cases.slice(i, i + 16);
      const statuses = await Promise.all(batch.map((c) => statusOf(c, e2e.port)));
      statuses.forEach((status, j) => {
        if (status === 'timeout' || status === 0 || (status >= 500 && status !== 501)) bad.push({ request: (batch[j] ?? '').slice(0, 300), status });
      });
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(await statusOf('GET /_localstack/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', e2e.port)).toBe(200);
  });
});
