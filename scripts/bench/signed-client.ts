/**
 * A light S3 client for the small-object workloads: requests signed and framed exactly as
 * @aws-sdk/client-s3 sends them over http (SigV4 header auth; PutObject as aws-chunked
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer), but without the SDK's middleware
 * stack, which caps one Bun process near 2.6k requests/s even against a bare server, and without
 * fetch (see http1.ts). The signing key is derived once per day; each request costs one canonical
 * request, one HMAC and one write to a kept-alive socket.
 */
import { hmacHex, sha256Hex, signingKey, EMPTY_SHA256, formatAmzDate } from '../../src/auth/sigv4.ts';
import * as zlib from 'node:zlib';
import { Http1Pool, type HttpResponse } from '../../src/net/http1-pool.ts';

const REGION = 'us-east-1';
const ACCESS_KEY = 'test';
const SECRET = 'test';

function crc32Base64(body: Uint8Array): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(body) >>> 0);
  return out.toString('base64');
}

/** Path segments encoded as the SDK encodes an object key. */
function encodePath(path: string): string {
  return path.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}

const ok = (res: HttpResponse): boolean => res.status >= 200 && res.status < 300;

export class SignedClient {
  private readonly host: string;
  private readonly pool: Http1Pool;
  private day = '';
  private key: Buffer = Buffer.alloc(0);

  constructor(endpoint: string) {
    const url = new URL(endpoint);
    this.host = url.host;
    this.pool = new Http1Pool(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80));
  }

  /** Closes the idle connections. */
  close(): void {
    this.pool.close();
  }

  private scope(now: Date): { amzDate: string; scope: string; key: Buffer } {
    const amzDate = formatAmzDate(now);
    const day = amzDate.slice(0, 8);
    if (day !== this.day) {
      this.day = day;
      this.key = signingKey(SECRET, `${day}/${REGION}/s3/aws4_request`);
    }
    return { amzDate, scope: `${day}/${REGION}/s3/aws4_request`, key: this.key };
  }

  /** Sends one signed request; `headers` are extra signed headers (lower-case names); `query` is canonical already. */
  private send(method: string, path: string, payloadHash: string, headers: Record<string, string>, body?: Uint8Array, query = ''): Promise<HttpResponse> {
    const { amzDate, scope, key } = this.scope(new Date());
    const all: Record<string, string> = { host: this.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate, ...headers };
    const names = Object.keys(all).sort();
    const canonical = [method, path, query, names.map((n) => `${n}:${all[n]}\n`).join(''), names.join(';'), payloadHash].join('\n');
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const authorization = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${scope}, SignedHeaders=${names.join(';')}, Signature=${hmacHex(key, toSign)}`;
    let head = `${method} ${path}${query === '' ? '' : `?${query}`} HTTP/1.1\r\n`;
    for (const n of names) head += `${n}: ${all[n]}\r\n`;
    head += `authorization: ${authorization}\r\nuser-agent: ruststack-s3-bench\r\n`;
    return this.pool.request(head, body, method === 'HEAD');
  }

  async createBucket(bucket: string): Promise<void> {
    const res = await this.send('PUT', `/${bucket}`, EMPTY_SHA256, {});
    if (!ok(res)) throw new Error(`CreateBucket ${res.status}`);
  }

  /** PutBucketNotificationConfiguration with the given XML. */
  async putBucketNotification(bucket: string, xml: string): Promise<void> {
    const body = Buffer.from(xml);
    const res = await this.send('PUT', `/${bucket}`, sha256Hex(body), { 'content-type': 'application/xml' }, body, 'notification=');
    if (!ok(res)) throw new Error(`PutBucketNotificationConfiguration ${res.status}: ${Buffer.from(res.body).toString('utf8')}`);
  }

  /**
   * PutObject framed as the SDK frames it: aws-chunked, one chunk, CRC32 trailer. An empty body is
   * the final zero-length chunk alone.
   */
  async put(bucket: string, key: string, body: Uint8Array): Promise<void> {
    const trailer = Buffer.from(`0\r\nx-amz-checksum-crc32:${crc32Base64(body)}\r\n\r\n`);
    const frame: Uint8Array = body.byteLength === 0 ? trailer
      : Buffer.concat([Buffer.from(`${body.byteLength.toString(16)}\r\n`), body, Buffer.from('\r\n'), trailer]);
    const res = await this.send('PUT', `/${bucket}/${encodePath(key)}`, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', {
      'content-encoding': 'aws-chunked', 'content-type': 'application/octet-stream',
      'x-amz-decoded-content-length': String(body.byteLength), 'x-amz-sdk-checksum-algorithm': 'CRC32',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    }, frame);
    if (!ok(res)) throw new Error(`PutObject ${res.status}`);
  }

  async get(bucket: string, key: string): Promise<Uint8Array> {
    const res = await this.send('GET', `/${bucket}/${encodePath(key)}`, EMPTY_SHA256, {});
    if (!ok(res)) throw new Error(`GetObject ${res.status}`);
    return res.body;
  }

  async head(bucket: string, key: string): Promise<void> {
    const res = await this.send('HEAD', `/${bucket}/${encodePath(key)}`, EMPTY_SHA256, {});
    if (!ok(res)) throw new Error(`HeadObject ${res.status}`);
  }

  /** One ListObjectsV2 page, returned as the raw XML (the server's work, not the client's parsing, is measured). */
  async list(bucket: string, startAfter: string, maxKeys: number): Promise<string> {
    // Canonical query: names sorted, values URI-encoded.
    const query = `list-type=2&max-keys=${maxKeys}&start-after=${encodeURIComponent(startAfter)}`;
    const res = await this.send('GET', `/${bucket}`, EMPTY_SHA256, {}, undefined, query);
    if (!ok(res)) throw new Error(`ListObjectsV2 ${res.status}`);
    return Buffer.from(res.body).toString('utf8');
  }

  async delete(bucket: string, key: string): Promise<void> {
    const res = await this.send('DELETE', `/${bucket}/${encodePath(key)}`, EMPTY_SHA256, {});
    if (!ok(res)) throw new Error(`DeleteObject ${res.status}`);
  }
}
