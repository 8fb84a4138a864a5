/**
 * Requests signed by real clients verify: @aws-sdk/client-s3 (captured on the wire), @smithy/signature-v4's
 * presigner, and botocore (fixtures generated once with botocore 1.44 at a fixed clock: SigV2 has no JS signer).
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { NodeSha256 } from '../../test/helpers/sigv4-sign.ts';
import { thrown } from '../../test/helpers/thrown.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { parseAuth } from './parse.ts';
import { canonicalRequest, EMPTY_SHA256, hmacHex, sha256Hex, signingKey, stringToSign } from './sigv4.ts';
import { DEFAULT_SECRET, verifySignature, type VerifyOptions } from './verify.ts';

function verify(url: string, method: string, headers: Record<string, string>, now: Date, options?: VerifyOptions): void {
  const request = new Request(url, { method, headers });
  verifySignature(request, parseAuth(method, new URL(url), request.headers), DEFAULT_SECRET, now, options);
}

interface Wire {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
}

interface SdkRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

function urlOf(req: SdkRequest): string {
  const query = Object.entries(req.query).flatMap(([k, v]) => {
    const values = v === null ? [null] : Array.isArray(v) ? v : [v];
    return values.map((x) => (x === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(x)}`));
  }).join('&');
  return `${req.protocol}//${req.hostname}${req.port !== undefined ? `:${req.port}` : ''}${req.path}${query === '' ? '' : `?${query}`}`;
}

/** Sends one command through @aws-sdk/client-s3 and returns the signed request as it would hit the wire. */
async function sdkWire(send: (client: S3Client) => Promise<unknown>, forcePathStyle = true): Promise<Wire> {
  let wire: Wire | undefined;
  const client = new S3Client({
    region: 'eu-west-1', endpoint: forcePathStyle ? 'http://localhost:4566' : 'http://s3.localhost.localstack.cloud:4566', forcePathStyle,
    credentials: { accessKeyId: 'AKIDSDK', secretAccessKey: 'test' },
    requestHandler: {
      handle: async (req: SdkRequest) => {
        wire = { url: urlOf(req), method: req.method, headers: req.headers };
        const body = req.method === 'GET' && req.query['list-type'] !== undefined
          ? '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListBucketResult>' : '';
        return { response: { statusCode: 200, headers: {}, body: Readable.from([Buffer.from(body)]) } };
      },
    },
  });
  await send(client).catch(() => undefined);
  if (wire === undefined) throw new Error('nothing captured');
  return wire;
}

function signedAt(wire: Wire): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(wire.headers['x-amz-date'] ?? '');
  if (m === null) throw new Error('no x-amz-date');
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

const ODD_KEYS = ['plain.txt', 'with space/and+plus', 'unicode/é中文🙂', "sub-delims!$&'()*+,;=:@", 'tilde~percent%25/quote"', 'a//double//slash/', '#hash?query'];

describe('verifySignature: requests signed by @aws-sdk/client-s3', () => {
  for (const key of ODD_KEYS) {
    it(`accepts a PutObject of key ${JSON.stringify(key)}`, async () => {
      const wire = await sdkWire((c) => c.send(new PutObjectCommand({ Bucket: 'bucket', Key: key, Body: 'hello', Metadata: { 'x-y': ' spaced  value ' } })));
      verify(wire.url, wire.method, wire.headers, signedAt(wire));
    });
  }

  it('accepts a ListObjectsV2 with query parameters needing encoding', async () => {
    const wire = await sdkWire((c) => c.send(new ListObjectsV2Command({ Bucket: 'bucket', Prefix: 'a b/é+', Delimiter: '/', StartAfter: '~x*' })));
    verify(wire.url, wire.method, wire.headers, signedAt(wire));
  });

  it('accepts a virtual-hosted GetObject with a Range', async () => {
    const wire = await sdkWire((c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k', Range: 'bytes=0-9' })), false);
    expect(new URL(wire.url).host).toBe('bucket.s3.localhost.localstack.cloud:4566');
    verify(wire.url, wire.method, wire.headers, signedAt(wire));
  });

  it('accepts a request whose Host lost the port a proxy or default port took away', async () => {
    const wire = await sdkWire((c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })));
    verify(wire.url.replace(':4566', ''), wire.method, { ...wire.headers, host: 'localhost' }, signedAt(wire));
  });

  it('refuses a tampered header with SignatureDoesNotMatch', async () => {
    const wire = await sdkWire((c) => c.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'x', ContentType: 'text/plain' })));
    const err = thrown(S3Error, () => verify(wire.url, wire.method, { ...wire.headers, 'content-type': 'text/html' }, signedAt(wire)));
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.fields.CanonicalRequest).toContain('content-type:text/html\n');
    expect(err.fields.CanonicalRequestBytes).toMatch(/^50 55 54 0a/);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId', async () => {
    const wire = await sdkWire((c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })));
    const request = new Request(wire.url, { method: wire.method, headers: wire.headers });
    const auth = parseAuth(wire.method, new URL(wire.url), request.headers);
    expect(thrown(S3Error, () => verifySignature(request, auth, () => 'other', signedAt(wire))).code).toBe('SignatureDoesNotMatch');
    expect(thrown(S3Error, () => verifySignature(request, auth, () => undefined, signedAt(wire)))).toMatchObject({
      code: 'InvalidAccessKeyId', status: 403, fields: { AWSAccessKeyId: 'AKIDSDK' },
    });
  });

  it('answers RequestTimeTooSkewed 15 minutes away from the signing time', async () => {
    const wire = await sdkWire((c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })));
    const late = new Date(signedAt(wire).getTime() + 15 * 60_000 + 1000);
    expect(thrown(S3Error, () => verify(wire.url, wire.method, wire.headers, late))).toMatchObject({
      code: 'RequestTimeTooSkewed', status: 403, fields: { RequestTime: wire.headers['x-amz-date'], MaxAllowedSkewMilliseconds: 900000 },
    });
  });
});

describe('verifySignature: URLs presigned by @smithy/signature-v4', () => {
  const signer = new SignatureV4({
    service: 's3', region: 'us-west-2', sha256: NodeSha256, uriEscapePath: false, applyChecksum: false,
    credentials: { accessKeyId: 'AKIDPRESIGN', secretAccessKey: 'test' },
  });
  const signingDate = new Date('2025-03-04T05:06:07Z');

  async function presign(path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}, expiresIn = 600): Promise<string> {
    const signed = await signer.presign({
      method: 'PUT', protocol: 'http:', hostname: 'localhost', port: 4566, path, query,
      headers: { host: 'localhost:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
    }, { signingDate, expiresIn });
    return urlOf({ ...signed, query: signed.query ?? {}, headers: signed.headers });
  }

  const encodedKey = `/bucket/${'dir/ké y+(1)'.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/')}`;

  it('accepts a presigned PutObject of an odd key, hoisted x-amz-* parameters included', async () => {
    const url = await presign(encodedKey, { 'x-id': 'PutObject' }, { 'x-amz-meta-color': 'blue', 'x-amz-acl': 'private' });
    expect(url).toContain('x-amz-meta-color=blue');
    verify(url, 'PUT', { host: 'localhost:4566' }, new Date(signingDate.getTime() + 599_000));
  });

  it('answers AccessDenied "Request has expired" with X-Amz-Expires, Expires and ServerTime', async () => {
    const url = await presign('/bucket/k', {}, {}, 2);
    const err = thrown(S3Error, () => verify(url, 'PUT', { host: 'localhost:4566' }, new Date('2025-03-04T05:06:10Z')));
    expect(err).toMatchObject({ code: 'AccessDenied', message: 'Request has expired' });
    expect(err.fields).toEqual({ 'X-Amz-Expires': '2', Expires: '2025-03-04T05:06:09Z', ServerTime: '2025-03-04T05:06:10Z' });
  });

  it('refuses x-amz-* headers the URL did not sign with AccessDenied and HeadersNotSigned', async () => {
    const url = await presign('/bucket/k');
    const err = thrown(S3Error, () => verify(url, 'PUT', {
      host: 'localhost:4566', 'x-amz-date': '20211122T191045Z', 'x-amz-decoded-content-length': 'test', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    }, signingDate));
    expect(err).toMatchObject({
      code: 'AccessDenied', message: 'There were headers present in the request which were not signed',
      fields: { HeadersNotSigned: 'x-amz-date, x-amz-decoded-content-length' },
    });
  });

  it('refuses a presigned URL used with another method', async () => {
    const url = await presign('/bucket/k');
    expect(thrown(S3Error, () => verify(url, 'GET', { host: 'localhost:4566' }, signingDate)).code).toBe('SignatureDoesNotMatch');
  });

  it('checks X-Amz-Expires bounds and the X-Amz-Algorithm', async () => {
    const url = await presign('/bucket/k');
    const errorFor = (from: string, to: string) => thrown(S3Error, () => verify(url.replace(from, to), 'PUT', { host: 'localhost:4566' }, signingDate));
    expect(errorFor('X-Amz-Expires=600', 'X-Amz-Expires=604801')).toMatchObject({
      code: 'AuthorizationQueryParametersError', message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    });
    expect(errorFor('X-Amz-Expires=600', 'X-Amz-Expires=-1').message).toBe('X-Amz-Expires must be non-negative');
    expect(errorFor('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA1').message).toBe('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  });
});

/** Generated by botocore 1.44.5 with the clock fixed at 2025-01-02T03:04:05Z (secret `test`). */
const BOTOCORE: Record<string, Wire> = {
  'v2-header-path': {
    method: 'PUT', url: 'http://localhost:4566/bucket/my%20key%2B%21~.txt?acl&prefix=x',
    headers: {
      'Content-Type': 'text/plain', 'x-amz-meta-Foo': '  bar  ', 'Content-MD5': '1B2M2Y8AsgTpgAmY7PhCfg==',
      Date: 'Thu, 02 Jan 2025 03:04:05 GMT', Authorization: 'AWS AKIDEXAMPLE:o37o6jTlp7e60XIerMxajGVGVNM=',
    },
  },
  'v2-header-vhost': {
    method: 'GET', url: 'http://bucket.s3.localhost.localstack.cloud:4566/dir/k%C3%A9y?versionId=abc%2B1',
    headers: { Date: 'Thu, 02 Jan 2025 03:04:05 GMT', Authorization: 'AWS AKIDEXAMPLE:li1dDYmxo9hzVqzDbQrr/f12X/A=' },
  },
  // CreateBucket, path-style: botocore signs the bucket as `/bucket/` though it sends `/bucket`.
  'v2-header-bucket': {
    method: 'PUT', url: 'http://localhost:4566/bucket',
    headers: { Date: 'Thu, 02 Jan 2025 03:04:05 GMT', Authorization: 'AWS AKIDEXAMPLE:/wMuwzA1F7DHA+gmPPw0OFnkw/Y=' },
  },
  'v2-query': {
    method: 'PUT',
    url: 'http://localhost:4566/bucket/some/key.txt?AWSAccessKeyId=AKIDEXAMPLE&Signature=yExZjw3T%2FAIESx%2FJmrQWjrxeeQ4%3D&content-type=application%2Foctet-stream&x-amz-meta-a=b&Expires=1735787045',
    headers: { 'Content-Type': 'application/octet-stream', 'x-amz-meta-a': 'b' },
  },
  'v4-query': {
    method: 'GET',
    url: 'http://localhost:4566/bucket/a%20b%2Bc?response-content-type=text%2Fplain&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20250102%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20250102T030405Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=b47b97628363e51b30601bf9b8287b65f01948e5dc87eb1bf2a214d54475ae79',
    headers: {},
  },
  'v4-header': {
    method: 'PUT', url: 'http://localhost:4566/bucket/k%28%29%2A%21',
    headers: {
      'Content-Type': 'a  b   c', 'X-Amz-Date': '20250102T030405Z', 'X-Amz-Content-SHA256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-west-2/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=da9d3b2e4cde486cd0a884518a0b457818ce09142afcba6da1d0af0e1bca469c',
    },
  },
};
const BOTO_NOW = new Date('2025-01-02T03:04:05Z');

describe('verifySignature: requests signed by botocore', () => {
  for (const [name, wire] of Object.entries(BOTOCORE)) {
    const options = name.endsWith('vhost') ? { virtualHostBucket: 'bucket' } : {};
    it(`accepts the ${name} request`, () => {
      verify(wire.url, wire.method, wire.headers, BOTO_NOW, options);
    });
  }

  it('refuses a SigV2 request with a changed sub-resource, with the SigV2 error fields', () => {
    const wire = BOTOCORE['v2-header-path'];
    if (wire === undefined) throw new Error('fixture');
    const err = thrown(S3Error, () => verify(wire.url.replace('?acl', '?policy'), wire.method, wire.headers, BOTO_NOW));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(err.fields).toEqual({
      AWSAccessKeyId: 'AKIDEXAMPLE', SignatureProvided: 'o37o6jTlp7e60XIerMxajGVGVNM=',
      StringToSign: 'PUT\n1B2M2Y8AsgTpgAmY7PhCfg==\ntext/plain\nThu, 02 Jan 2025 03:04:05 GMT\nx-amz-meta-foo:bar\n/bucket/my%20key%2B%21~.txt?policy',
      StringToSignBytes: expect.stringMatching(/^50 55 54 0a 31 42/),
    });
  });

  it('refuses a signed SigV2 PUT /bucket replayed against any sub-resource the model knows', () => {
    const wire = BOTOCORE['v2-header-bucket'];
    if (wire === undefined) throw new Error('fixture');
    for (const sub of ['publicAccessBlock', 'ownershipControls', 'encryption', 'intelligent-tiering', 'object-lock', 'policyStatus']) {
      expect(thrown(S3Error, () => verify(`${wire.url}?${sub}`, wire.method, wire.headers, BOTO_NOW)).code, sub).toBe('SignatureDoesNotMatch');
    }
  });

  it('refuses a presigned SigV2 URL sent with another Content-Type', () => {
    const wire = BOTOCORE['v2-query'];
    if (wire === undefined) throw new Error('fixture');
    expect(thrown(S3Error, () => verify(wire.url, wire.method, { ...wire.headers, 'Content-Type': 'text/plain' }, BOTO_NOW)).code).toBe('SignatureDoesNotMatch');
  });

  it('answers AccessDenied "Request has expired" for a presigned SigV2 URL past Expires', () => {
    const wire = BOTOCORE['v2-query'];
    if (wire === undefined) throw new Error('fixture');
    const err = thrown(S3Error, () => verify(wire.url, wire.method, wire.headers, new Date('2025-01-02T04:04:06Z')));
    expect(err).toMatchObject({ code: 'AccessDenied', message: 'Request has expired' });
    expect(err.fields).toEqual({ Expires: '2025-01-02T03:04:05Z', ServerTime: '2025-01-02T04:04:06Z' });
  });
});

describe('verifySignature: requests without usable credentials', () => {
  const now = new Date();

  it('lets anonymous requests through', () => {
    verify('http://localhost:4566/bucket/k', 'GET', {}, now);
  });

  it('answers AuthorizationHeaderMalformed for a SigV4 header missing components', () => {
    expect(thrown(S3Error, () => verify('http://localhost:4566/b', 'GET', { authorization: 'AWS4-HMAC-SHA256 Credential=a/b' }, now))).toMatchObject({
      code: 'AuthorizationHeaderMalformed', status: 400,
    });
  });

  it('answers InvalidArgument for an unknown Authorization scheme', () => {
    expect(thrown(S3Error, () => verify('http://localhost:4566/b', 'GET', { authorization: 'Bearer x' }, now))).toMatchObject({
      code: 'InvalidArgument', message: 'Unsupported Authorization Type', fields: { ArgumentName: 'Authorization', ArgumentValue: 'Bearer x' },
    });
  });

  it('answers AccessDenied for a header-signed request without any date', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=k/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00';
    expect(thrown(S3Error, () => verify('http://localhost:4566/b', 'GET', { authorization: auth, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, now))).toMatchObject({
      code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header',
    });
  });
});

/** A SigV4 Authorization built by hand, for requests no SDK would send (scope and signed headers chosen). */
function handSigned(url: string, method: string, headers: Record<string, string>, signed: readonly string[], scope: string, amzDate: string): Record<string, string> {
  const all = new Headers({ ...headers, 'x-amz-date': amzDate });
  const canonical = canonicalRequest({
    method, path: new URL(url).pathname, search: new URL(url).search, headers: all, host: new URL(url).host, signedHeaders: signed,
    payloadHash: all.get('x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD',
  });
  const signature = hmacHex(signingKey('test', scope), stringToSign('AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)));
  return {
    ...headers, 'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDHAND/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
  };
}

describe('verifySignature: what a SigV4 signature must cover', () => {
  const now = new Date('2025-01-02T03:04:05Z');
  const amzDate = '20250102T030405Z';
  const scope = '20250102/us-east-1/s3/aws4_request';
  const sha = { 'x-amz-content-sha256': EMPTY_SHA256 };
  const url = 'http://localhost:4566/bucket/k';

  it('accepts the hand-signed baseline', () => {
    verify(url, 'PUT', handSigned(url, 'PUT', sha, ['host', 'x-amz-content-sha256', 'x-amz-date'], scope, amzDate), now);
  });

  it('refuses x-amz-* headers added to a header-signed request, listing them in HeadersNotSigned', async () => {
    // Not '': the SDK takes an empty body's length for unknown and warns on the console.
    const wire = await sdkWire((c) => c.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'x' })));
    const added = { 'x-amz-copy-source': '/other/secret', 'x-amz-acl': 'public-read-write', 'x-amz-meta-a': 'b', 'x-amz-website-redirect-location': '/x' };
    expect(thrown(S3Error, () => verify(wire.url, wire.method, { ...wire.headers, ...added }, signedAt(wire)))).toMatchObject({
      code: 'AccessDenied', status: 403, message: 'There were headers present in the request which were not signed',
      fields: { HeadersNotSigned: 'x-amz-acl, x-amz-copy-source, x-amz-meta-a, x-amz-website-redirect-location' },
    });
  });

  it('refuses a request whose signature leaves out the Host, header-signed or presigned', () => {
    const headers = handSigned(url, 'PUT', sha, ['x-amz-content-sha256', 'x-amz-date'], scope, amzDate);
    expect(thrown(S3Error, () => verify(url, 'PUT', headers, now))).toMatchObject({ code: 'AccessDenied', fields: { HeadersNotSigned: 'host' } });
    const presigned = `${url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDHAND%2F${encodeURIComponent(scope)}&X-Amz-Date=${amzDate}&X-Amz-Expires=60&X-Amz-SignedHeaders=&X-Amz-Signature=00`;
    expect(thrown(S3Error, () => verify(presigned, 'GET', {}, now))).toMatchObject({ code: 'AccessDenied', fields: { HeadersNotSigned: 'host' } });
  });

  it('answers 400 InvalidRequest to a header-signed request without x-amz-content-sha256', () => {
    expect(thrown(S3Error, () => verify(url, 'GET', handSigned(url, 'GET', {}, ['host', 'x-amz-date'], scope, amzDate), now))).toMatchObject({
      code: 'InvalidRequest', status: 400, message: 'Missing required header for this request: x-amz-content-sha256',
    });
  });

  it('refuses a credential scope dated another day than x-amz-date', () => {
    const headers = handSigned(url, 'PUT', sha, ['host', 'x-amz-content-sha256', 'x-amz-date'], '20250101/us-east-1/s3/aws4_request', amzDate);
    expect(thrown(S3Error, () => verify(url, 'PUT', headers, now))).toMatchObject({
      code: 'AuthorizationHeaderMalformed', status: 400,
      message: 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.',
    });
    const presigned = `${url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDHAND%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${amzDate}&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00`;
    expect(thrown(S3Error, () => verify(presigned, 'GET', {}, now))).toMatchObject({
      code: 'AuthorizationQueryParametersError', message: 'Invalid credential date "20250101". This date is not the same as X-Amz-Date: "20250102".',
    });
  });

  it("refuses a scope for another region than the regional endpoint's, naming the expected one", () => {
    const regional = 'http://bucket.s3.eu-west-1.amazonaws.com/k';
    const headers = handSigned(regional, 'PUT', sha, ['host', 'x-amz-content-sha256', 'x-amz-date'], scope, amzDate);
    expect(thrown(S3Error, () => verify(regional, 'PUT', headers, now, { virtualHostBucket: 'bucket' }))).toMatchObject({
      code: 'AuthorizationHeaderMalformed', status: 400, message: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      fields: { Region: 'eu-west-1' },
    });
    const own = handSigned(regional, 'PUT', sha, ['host', 'x-amz-content-sha256', 'x-amz-date'], '20250102/eu-west-1/s3/aws4_request', amzDate);
    verify(regional, 'PUT', own, now, { virtualHostBucket: 'bucket' });
  });
});
