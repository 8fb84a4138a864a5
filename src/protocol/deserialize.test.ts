import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rejected } from '../../test/helpers/thrown.ts';
import { EMPTY_BODY, type RequestBody } from './body.ts';
import { deserializeInput } from './deserialize.ts';
import type { OperationName } from './generated/types.ts';
import { S3Error } from './s3-error.ts';

function body(text: string): RequestBody {
  const bytes = new TextEncoder().encode(text);
  return {
    stream: new ReadableStream({ start(c) { c.enqueue(bytes); c.close(); } }),
    length: bytes.length,
    trailerChecksum: undefined,
    trailers: () => Promise.resolve({}),
  };
}

interface Req {
  bucket?: string;
  key?: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string | RequestBody;
}

/** Async, so a synchronous throw reads as a rejection, as the handler sees it. */
async function input(op: OperationName, r: Req): Promise<unknown> {
  return deserializeInput(op, {
    bucket: r.bucket ?? 'b',
    key: r.key,
    query: new URLSearchParams(r.query ?? ''),
    headers: new Headers(r.headers ?? {}),
    body: typeof r.body === 'string' ? body(r.body) : (r.body ?? EMPTY_BODY),
  });
}

describe('deserializeInput: labels, headers and query', () => {
  it('reads PutObject labels, typed headers, metadata and the body stream itself', async () => {
    const b = body('hello');
    const out = await input('PutObject', {
      key: 'dir/k', body: b,
      headers: {
        'Content-Type': 'text/plain', 'Content-Length': '5', 'x-amz-meta-Color': 'Blue', 'x-amz-meta-a_b': 'x',
        'x-amz-checksum-crc64nvme': 'AAAAAAAAAAA=', 'x-amz-acl': 'private', 'x-amz-unknown': 'ignored',
        'x-amz-server-side-encryption-bucket-key-enabled': 'TRUE', Expires: 'Thu, 01 Dec 1994 16:00:00 GMT',
      },
    });
    expect(out).toEqual({
      Bucket: 'b', Key: 'dir/k', Body: b, ContentType: 'text/plain', ContentLength: 5,
      Metadata: { color: 'Blue', a_b: 'x' }, ChecksumCRC64NVME: 'AAAAAAAAAAA=', ACL: 'private',
      BucketKeyEnabled: true, Expires: 'Thu, 01 Dec 1994 16:00:00 GMT',
    });
  });

  it('reads GetObject query members and header dates, dropping an unreadable date', async () => {
    const out = await input('GetObject', {
      key: 'k', query: 'versionId=v1&partNumber=2&response-expires=Thu%2C%2001%20Dec%201994%2016%3A00%3A00%20GMT&x-id=GetObject',
      headers: { 'If-Modified-Since': 'Tue, 15 Nov 1994 08:12:31 GMT', 'If-Unmodified-Since': 'not a date', Range: 'bytes=0-1' },
    });
    expect(out).toEqual({
      Bucket: 'b', Key: 'k', VersionId: 'v1', PartNumber: 2, Range: 'bytes=0-1',
      ResponseExpires: new Date('1994-12-01T16:00:00Z'), IfModifiedSince: new Date('1994-11-15T08:12:31Z'),
    });
  });

  it('accepts ISO 8601 dates in headers', async () => {
    const out = await input('HeadObject', { key: 'k', headers: { 'If-Modified-Since': '2020-01-02T03:04:05.000Z' } });
    expect(out).toMatchObject({ IfModifiedSince: new Date('2020-01-02T03:04:05Z') });
  });

  it('reads ListObjectsV2 booleans and integers', async () => {
    const out = await input('ListObjectsV2', { query: 'list-type=2&fetch-owner=true&max-keys=10&encoding-type=url&prefix=a%2Bb+c' });
    expect(out).toEqual({ Bucket: 'b', FetchOwner: true, MaxKeys: 10, EncodingType: 'url', Prefix: 'a+b c' });
  });

  it('answers InvalidArgument for a non-integer query value', async () => {
    const e = await rejected(S3Error, input('ListObjectsV2', { query: 'list-type=2&max-keys=abc' }));
    expect([e.code, e.status, e.message, e.fields]).toEqual([
      'InvalidArgument', 400, 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: 'abc' },
    ]);
  });

  it('answers with the part-number message for a bad partNumber', async () => {
    const e = await rejected(S3Error, input('UploadPart', { key: 'k', query: 'partNumber=x&uploadId=u' }));
    expect(e.message).toBe('Part number must be an integer between 1 and 10000, inclusive');
  });

  it('splits a list-typed header on commas', async () => {
    const out = await input('GetObjectAttributes', { key: 'k', headers: { 'x-amz-object-attributes': 'ETag, ObjectSize,Checksum' } });
    expect(out).toMatchObject({ ObjectAttributes: ['ETag', 'ObjectSize', 'Checksum'] });
  });

  it('reports a required header the route did not demand', async () => {
    const e = await rejected(S3Error, input('GetObjectAttributes', { key: 'k' }));
    expect([e.code, e.message]).toEqual(['InvalidRequest', 'Missing required header for this request: x-amz-object-attributes']);
  });

  it('reads a copy source header for CopyObject', async () => {
    const out = await input('CopyObject', { key: 'k', headers: { 'x-amz-copy-source': '/src/a%20b', 'x-amz-metadata-directive': 'REPLACE' } });
    expect(out).toEqual({ Bucket: 'b', Key: 'k', CopySource: '/src/a%20b', MetadataDirective: 'REPLACE' });
  });
});

describe('deserializeInput: XML payloads', () => {
  const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  const xml = (op: OperationName, r: Req): Promise<unknown> => input(op, r);

  it('verifies Content-MD5 and x-amz-checksum-* against an XML payload, and needs neither (as AWS now)', async () => {
    const body = '<Delete><Object><Key>k</Key></Object></Delete>';
    const parsed = { Delete: { Objects: [{ Key: 'k' }] } };
    expect(await input('DeleteObjects', { body })).toMatchObject(parsed);
    const md5 = createHash('md5').update(body).digest('base64');
    expect(await input('DeleteObjects', { body, headers: { 'Content-MD5': md5 } })).toMatchObject(parsed);
    const crc32 = createHash('md5').update('').digest('base64').slice(0, 6) + '==';
    const cases: [Record<string, string>, string][] = [
      [{ 'Content-MD5': createHash('md5').update('x').digest('base64') }, 'BadDigest'],
      [{ 'Content-MD5': 'x' }, 'InvalidDigest'],
      [{ 'x-amz-checksum-crc32': crc32 }, 'BadDigest'],
      [{ 'x-amz-checksum-crc32': 'nope' }, 'InvalidRequest'],
    ];
    for (const [headers, code] of cases) expect((await rejected(S3Error, input('DeleteObjects', { body, headers }))).code).toBe(code);
  });

  it("reads DeleteObjects' Delete with a flattened Object list, keeping key whitespace and entities", async () => {
    const out = await xml('DeleteObjects', {
      query: 'delete',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Delete ${NS}>\n  <Object><Key> a&amp;b&#13; </Key></Object>\n`
        + '  <Object><Key>c</Key><VersionId>v2</VersionId></Object>\n  <Quiet>true</Quiet>\n</Delete>',
    });
    expect(out).toEqual({ Bucket: 'b', Delete: { Objects: [{ Key: ' a&b\r ' }, { Key: 'c', VersionId: 'v2' }], Quiet: true } });
  });

  it('reads a single-element flattened list as a list', async () => {
    const out = await xml('DeleteObjects', { body: '<Delete><Object><Key>only</Key></Object></Delete>' });
    expect(out).toEqual({ Bucket: 'b', Delete: { Objects: [{ Key: 'only' }] } });
  });

  it('answers MalformedXML for a missing required member, an empty required payload, or bad XML', async () => {
    for (const b of ['<Delete><Object><VersionId>v</VersionId></Object></Delete>', '', '<Delete><Object>', 'not xml', '<Other/>']) {
      const e = await rejected(S3Error, xml('DeleteObjects', { body: b }));
      expect([e.code, e.status, e.message], b).toEqual(['MalformedXML', 400,
        'The XML you provided was not well-formed or did not validate against our published schema']);
    }
  });

  it('reads CreateBucketConfiguration, and no payload from an empty body', async () => {
    const out = await xml('CreateBucket', {
      body: `<CreateBucketConfiguration ${NS}><LocationConstraint>eu-west-1</LocationConstraint>`
        + '<Tags><Tag><Key>k</Key><Value>v</Value></Tag></Tags></CreateBucketConfiguration>',
      headers: { 'x-amz-bucket-object-lock-enabled': 'true' },
    });
    expect(out).toEqual({
      Bucket: 'b', ObjectLockEnabledForBucket: true,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1', Tags: [{ Key: 'k', Value: 'v' }] },
    });
    expect(await xml('CreateBucket', { body: '' })).toEqual({ Bucket: 'b' });
    expect(await xml('CreateBucket', { body: '\n  ' })).toEqual({ Bucket: 'b' });
    expect(await xml('CreateBucket', { body: '<CreateBucketConfiguration/>' })).toEqual({ Bucket: 'b', CreateBucketConfiguration: {} });
  });

  it('reads Tagging with a wrapped TagSet, empty values and an empty TagSet', async () => {
    const out = await xml('PutBucketTagging', { body: '<Tagging><TagSet><Tag><Key>a</Key><Value></Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></TagSet></Tagging>' });
    expect(out).toEqual({ Bucket: 'b', Tagging: { TagSet: [{ Key: 'a', Value: '' }, { Key: 'b', Value: '2' }] } });
    expect(await xml('PutObjectTagging', { key: 'k', body: '<Tagging><TagSet/></Tagging>' }))
      .toEqual({ Bucket: 'b', Key: 'k', Tagging: { TagSet: [] } });
  });

  it('reads CompleteMultipartUpload parts with integers and checksums', async () => {
    const out = await xml('CompleteMultipartUpload', {
      key: 'k', query: 'uploadId=u1',
      body: '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"e1"</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>'
        + '<Part><PartNumber>2</PartNumber><ETag>&quot;e2&quot;</ETag></Part></CompleteMultipartUpload>',
    });
    expect(out).toEqual({
      Bucket: 'b', Key: 'k', UploadId: 'u1',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"e1"', ChecksumCRC32: 'AAAAAA==' }, { PartNumber: 2, ETag: '"e2"' }] },
    });
    const e = await rejected(S3Error, xml('CompleteMultipartUpload', { key: 'k', query: 'uploadId=u', body: '<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>' }));
    expect(e.code).toBe('MalformedXML');
  });

  it("leaves CompleteMultipartUpload's x-amz-checksum-* to the operation: it is the object's checksum, not the body's", async () => {
    const out = await xml('CompleteMultipartUpload', {
      key: 'k', query: 'uploadId=u1',
      headers: { 'x-amz-checksum-crc32c': 'AAAAAA==-2', 'x-amz-checksum-type': 'FULL_OBJECT' },
      body: '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"e1"</ETag></Part></CompleteMultipartUpload>',
    });
    expect(out).toMatchObject({ ChecksumCRC32C: 'AAAAAA==-2', ChecksumType: 'FULL_OBJECT' });
  });

  it("reads an ACL grantee's xsi:type attribute", async () => {
    const out = await xml('PutBucketAcl', {
      body: '<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList><Grant>'
        + '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>'
        + '<Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>',
    });
    expect(out).toEqual({ Bucket: 'b', AccessControlPolicy: { Owner: { ID: 'o' }, Grants: [
      { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
    ] } });
  });

  it('reads lifecycle rules: flattened Rule list, nested And with flattened Tags, dates and integers', async () => {
    const out = await xml('PutBucketLifecycleConfiguration', {
      body: '<LifecycleConfiguration><Rule><ID>r1</ID><Status>Enabled</Status><Filter><And><Prefix>p/</Prefix>'
        + '<Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></And></Filter>'
        + '<Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration></Rule>'
        + '<Rule><Status>Disabled</Status><Filter><Prefix></Prefix></Filter><Expiration><Days>3</Days></Expiration></Rule></LifecycleConfiguration>',
    });
    expect(out).toEqual({ Bucket: 'b', LifecycleConfiguration: { Rules: [
      { ID: 'r1', Status: 'Enabled', Filter: { And: { Prefix: 'p/', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } },
        Expiration: { Date: new Date('2030-01-01T00:00:00Z') } },
      { Status: 'Disabled', Filter: { Prefix: '' }, Expiration: { Days: 3 } },
    ] } });
  });

  it('reads VersioningConfiguration', async () => {
    const out = await xml('PutBucketVersioning', { body: `<VersioningConfiguration ${NS}><Status>Enabled</Status></VersioningConfiguration>` });
    expect(out).toEqual({ Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } });
  });

  it('gives a string payload as text (PutBucketPolicy), even empty', async () => {
    expect(await xml('PutBucketPolicy', { body: '{"Version":"2012-10-17"}' })).toEqual({ Bucket: 'b', Policy: '{"Version":"2012-10-17"}' });
    expect(await xml('PutBucketPolicy', {})).toEqual({ Bucket: 'b', Policy: '' });
  });

  it('rejects a document type declaration', async () => {
    const e = await rejected(S3Error, xml('PutBucketVersioning', { body: '<!DOCTYPE x [<!ENTITY a "b">]><VersioningConfiguration><Status>&a;</Status></VersioningConfiguration>' }));
    expect(e.code).toBe('MalformedXML');
  });

  it('rejects text where elements belong and repeated single elements', async () => {
    for (const b of [
      '<VersioningConfiguration><Status><X>1</X></Status></VersioningConfiguration>',
      '<VersioningConfiguration><Status>Enabled</Status><Status>Suspended</Status></VersioningConfiguration>',
      '<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>',
    ]) {
      const op: OperationName = b.startsWith('<Public') ? 'PutPublicAccessBlock' : 'PutBucketVersioning';
      expect((await rejected(S3Error, xml(op, { body: b }))).code, b).toBe('MalformedXML');
    }
  });
});

describe('deserializeInput: RFC 2047 user metadata', () => {
  it('stores encoded-word metadata decoded and leaves other values as sent', async () => {
    const out = await input('PutObject', { key: 'k', headers: {
      'x-amz-meta-fake': '=?UTF-8?Q?actually-ascii?=',
      'x-amz-meta-b64': '=?UTF-8?B?YWJj?=',
      'x-amz-meta-umlaut': '=?UTF-8?Q?=C3=84M=C3=84Z=C3=95=C3=91_S3?=',
      'x-amz-meta-plain': 'a =? b',
    } });
    expect((out as { Metadata?: Record<string, string> }).Metadata).toEqual({
      fake: 'actually-ascii', b64: 'abc', umlaut: 'ÄMÄZÕÑ S3', plain: 'a =? b',
    });
  });
});
