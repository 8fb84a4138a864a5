import { Readable } from 'node:stream';
import {
  GetBucketAclCommand, GetBucketLocationCommand, GetObjectCommand, ListBucketsCommand,
  ListObjectsV2Command, S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { ListObjectsV2Output } from './generated/types.ts';
import { S3Error } from './s3-error.ts';
import { serializeError, serializeOutput } from './serialize.ts';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const WHEN = new Date(Date.UTC(2009, 9, 12, 17, 50, 30));

/** Parses our Response with @aws-sdk/client-s3's own deserializer: the client is the oracle. */
function sdkClientAnswering(res: Response): S3Client {
  return new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: {
      handle: async () => {
        const bytes = Buffer.from(await res.clone().arrayBuffer());
        return { response: { statusCode: res.status, headers: Object.fromEntries(res.headers), body: Readable.from([bytes]) } };
      },
    },
  });
}

function listing(n: number): ListObjectsV2Output {
  return {
    Name: 'bucket', Prefix: '', MaxKeys: 1000, KeyCount: n, IsTruncated: false, EncodingType: undefined,
    Contents: Array.from({ length: n }, (_, i) => ({
      Key: `key-${i} & <${i}>`, LastModified: WHEN, ETag: '"abc"', Size: i, StorageClass: 'STANDARD' as const,
      ChecksumAlgorithm: ['CRC64NVME' as const], ChecksumType: 'FULL_OBJECT' as const,
    })),
    CommonPrefixes: [{ Prefix: 'dir/' }],
    BucketRegion: 'eu-west-1',
  };
}

describe('serializeOutput: XML documents', () => {
  it('writes ListObjectsV2 as ListBucketResult with flattened Contents and ISO timestamps', async () => {
    const res = serializeOutput('ListObjectsV2', listing(1), 'REQ1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(res.headers.get('x-amz-bucket-region')).toBe('eu-west-1');
    // The bucket is named before the entries, as AWS writes it (the Java SDK v1 relies on that).
    expect(await res.text()).toBe(`${DECL}<ListBucketResult ${NS}><Name>bucket</Name><Prefix></Prefix><KeyCount>1</KeyCount>`
      + '<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>'
      + '<Contents><Key>key-0 &amp; &lt;0&gt;</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>'
      + '<ETag>&quot;abc&quot;</ETag><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>'
      + '<Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>'
      + '<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes></ListBucketResult>');
  });

  it('is read back by the AWS SDK as the same listing', async () => {
    const out = await sdkClientAnswering(serializeOutput('ListObjectsV2', listing(2), 'REQ')).send(new ListObjectsV2Command({ Bucket: 'bucket' }));
    expect(out.Contents?.map((c) => [c.Key, c.Size, c.ETag, c.LastModified?.toISOString()])).toEqual([
      ['key-0 & <0>', 0, '"abc"', WHEN.toISOString()],
      ['key-1 & <1>', 1, '"abc"', WHEN.toISOString()],
    ]);
    expect(out.CommonPrefixes).toEqual([{ Prefix: 'dir/' }]);
    expect(out.KeyCount).toBe(2);
    expect(out.IsTruncated).toBe(false);
  });

  it('writes a page of 1000 keys whole (its speed is in scripts/bench-micro.ts)', async () => {
    const text = await serializeOutput('ListObjectsV2', listing(1000), 'R').text();
    expect(text.match(/<Contents>/g)?.length).toBe(1000);
    expect(text).toContain('<Key>key-999 &amp; &lt;999&gt;</Key>');
  });

  it('writes ListBuckets as ListAllMyBucketsResult with Owner before the wrapped Buckets', async () => {
    const res = serializeOutput('ListBuckets', {
      Buckets: [{ Name: 'a', CreationDate: WHEN, BucketRegion: 'us-east-1' }],
      Owner: { ID: 'owner-id', DisplayName: 'webfile' },
    }, 'R');
    const text = await res.text();
    // Owner first, as AWS writes it (the Java SDK depends on the order): overrides.json memberOrder.
    expect(text).toBe(`${DECL}<ListAllMyBucketsResult ${NS}><Owner><DisplayName>webfile</DisplayName><ID>owner-id</ID></Owner>`
      + '<Buckets><Bucket><Name>a</Name><CreationDate>2009-10-12T17:50:30.000Z</CreationDate>'
      + '<BucketRegion>us-east-1</BucketRegion></Bucket></Buckets></ListAllMyBucketsResult>');
    const out = await sdkClientAnswering(serializeOutput('ListBuckets', { Buckets: [{ Name: 'a', CreationDate: WHEN }] }, 'R'))
      .send(new ListBucketsCommand({}));
    expect(out.Buckets).toEqual([{ Name: 'a', CreationDate: WHEN }]);
  });

  it('writes an empty wrapped list as an empty element', async () => {
    const res = serializeOutput('GetObjectTagging', { TagSet: [] }, 'R');
    expect(await res.text()).toBe(`${DECL}<Tagging ${NS}><TagSet></TagSet></Tagging>`);
  });

  it('always writes the root of a document output, even with no members set', async () => {
    const res = serializeOutput('GetBucketVersioning', {}, 'R');
    expect(await res.text()).toBe(`${DECL}<VersioningConfiguration ${NS}></VersioningConfiguration>`);
  });

  it('writes GetBucketLocation as text of the LocationConstraint root', async () => {
    expect(await serializeOutput('GetBucketLocation', {}, 'R').text()).toBe(`${DECL}<LocationConstraint ${NS}/>`);
    const res = serializeOutput('GetBucketLocation', { LocationConstraint: 'eu-west-1' }, 'R');
    expect(await res.clone().text()).toBe(`${DECL}<LocationConstraint ${NS}>eu-west-1</LocationConstraint>`);
    const out = await sdkClientAnswering(res).send(new GetBucketLocationCommand({ Bucket: 'b' }));
    expect(out.LocationConstraint).toBe('eu-west-1');
  });

  it('writes a structure payload under its own name (CopyObjectResult)', async () => {
    const res = serializeOutput('CopyObject', { CopyObjectResult: { ETag: '"e"', LastModified: WHEN }, VersionId: 'v1' }, 'R');
    expect(res.headers.get('x-amz-version-id')).toBe('v1');
    expect(await res.text()).toBe(`${DECL}<CopyObjectResult ${NS}><ETag>&quot;e&quot;</ETag>`
      + '<LastModified>2009-10-12T17:50:30.000Z</LastModified></CopyObjectResult>');
  });

  it("writes Grantee's xsi:type attribute with its namespace declaration", async () => {
    const res = serializeOutput('GetBucketAcl', {
      Owner: { ID: 'o' },
      Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'o' }, Permission: 'FULL_CONTROL' }],
    }, 'R');
    expect(await res.clone().text()).toBe(`${DECL}<AccessControlPolicy ${NS}><Owner><ID>o</ID></Owner><AccessControlList>`
      + '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>o</ID></Grantee>'
      + '<Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>');
    const out = await sdkClientAnswering(res).send(new GetBucketAclCommand({ Bucket: 'b' }));
    expect(out.Grants?.[0]?.Grantee).toEqual({ Type: 'CanonicalUser', ID: 'o' });
  });

  it('sends a string payload as the body (GetBucketPolicy)', async () => {
    const res = serializeOutput('GetBucketPolicy', { Policy: '{"Version":"2012-10-17"}' }, 'R');
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('{"Version":"2012-10-17"}');
  });
});

describe('serializeOutput: headers and status', () => {
  it('writes GetObject headers: RFC 7231 dates, metadata, booleans and the body as is', async () => {
    const res = serializeOutput('GetObject', {
      Body: new Uint8Array([104, 105]), ContentLength: 2, ContentType: 'text/plain', ETag: '"e"', LastModified: WHEN,
      Metadata: { color: 'blue', 'non-ascii': 'ÄMÄZÕÑ S3', bin: '\u0000\u0001' }, BucketKeyEnabled: false,
      ObjectLockRetainUntilDate: WHEN, AcceptRanges: 'bytes', Expires: 'Thu, 01 Dec 1994 16:00:00 GMT',
    }, 'R');
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-length': '2', 'content-type': 'text/plain', etag: '"e"', 'last-modified': 'Mon, 12 Oct 2009 17:50:30 GMT',
      'x-amz-meta-color': 'blue', 'x-amz-meta-non-ascii': '=?UTF-8?Q?=C3=84M=C3=84Z=C3=95=C3=91_S3?=',
      'x-amz-meta-bin': '=?UTF-8?B?AAE=?=', 'x-amz-server-side-encryption-bucket-key-enabled': 'false',
      'x-amz-object-lock-retain-until-date': '2009-10-12T17:50:30.000Z', expires: 'Thu, 01 Dec 1994 16:00:00 GMT',
    });
    expect(await res.text()).toBe('hi');
  });

  it('answers 206 when a ranged read sets ContentRange', async () => {
    const res = serializeOutput('GetObject', { Body: 'abc', ContentRange: 'bytes 0-2/10', ContentLength: 3 }, 'R');
    expect(res.status).toBe(206);
    const out = await sdkClientAnswering(res).send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));
    expect(out.ContentRange).toBe('bytes 0-2/10');
    expect(await out.Body?.transformToString()).toBe('abc');
  });

  it('lets a StatusCode member pick the status', () => {
    expect(serializeOutput('RestoreObject', { StatusCode: 202 }, 'R').status).toBe(202);
  });

  it('answers DeleteObject with 204, no body and no Content-Type', async () => {
    const res = serializeOutput('DeleteObject', { DeleteMarker: true, VersionId: 'v' }, 'R');
    expect(res.status).toBe(204);
    expect(res.headers.get('content-type')).toBeNull();
    expect(res.headers.get('x-amz-delete-marker')).toBe('true');
    expect(res.body).toBeNull();
  });

  it('answers PutBucketTagging with 204 (AWS does, the model does not say)', () => {
    expect(serializeOutput('PutBucketTagging', {}, 'R').status).toBe(204);
  });

  it('answers PutObject with 200 and no body or Content-Type', () => {
    const res = serializeOutput('PutObject', { ETag: '"e"', ChecksumCRC64NVME: 'AAAAAAAAAAA=' }, 'R');
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    expect(res.headers.get('content-type')).toBeNull();
    expect(res.headers.get('x-amz-checksum-crc64nvme')).toBe('AAAAAAAAAAA=');
  });

  it('keeps an empty GetObject body with Content-Length: 0', () => {
    const res = serializeOutput('GetObject', { Body: new Uint8Array(0), ContentLength: 0 }, 'R');
    expect(res.headers.get('content-length')).toBe('0');
  });

  it('stamps every response with x-amz-request-id and x-amz-id-2', () => {
    const res = serializeOutput('HeadBucket', {}, 'REQ42', 'host-id');
    expect(res.headers.get('x-amz-request-id')).toBe('REQ42');
    expect(res.headers.get('x-amz-id-2')).toBe('host-id');
    expect(res.headers.get('connection')).toBeNull();
  });

  it('sends header values beyond Latin-1 as their UTF-8 bytes', () => {
    const res = serializeOutput('HeadObject', { ContentDisposition: 'attachment; filename="—.pdf"' }, 'R');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="\u00e2\u0080\u0094.pdf"');
  });
});

describe('serializeError', () => {
  it('writes the S3 error document with fields, RequestId and HostId', async () => {
    const res = serializeError(new S3Error('NoSuchKey', { fields: { Key: 'a&b' } }), 'REQ', { hostId: 'HOST' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(res.headers.get('x-amz-request-id')).toBe('REQ');
    expect(await res.text()).toBe(`${DECL}<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>`
      + '<Key>a&amp;b</Key><RequestId>REQ</RequestId><HostId>HOST</HostId></Error>');
  });

  it('is parsed by the AWS SDK into the named exception', async () => {
    const client = sdkClientAnswering(serializeError(new S3Error('NoSuchBucket', { fields: { BucketName: 'nb' } }), 'REQ'));
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'nb' }))).rejects.toMatchObject({
      name: 'NoSuchBucket', message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404, requestId: 'REQ' },
    });
  });

  it('gives HEAD requests the status and headers only', () => {
    const res = serializeError(new S3Error('NoSuchKey', { headers: { 'x-amz-delete-marker': 'true' } }), 'R', { head: true });
    expect(res.status).toBe(404);
    expect(res.body).toBeNull();
    expect(res.headers.get('x-amz-delete-marker')).toBe('true');
  });

  it('answers 304 Not Modified without a body', () => {
    const res = serializeError(new S3Error('NotModified', { headers: { ETag: '"e"' } }), 'R');
    expect(res.status).toBe(304);
    expect(res.body).toBeNull();
    expect(res.headers.get('etag')).toBe('"e"');
  });

  it('skips undefined fields', async () => {
    const res = serializeError(new S3Error('InvalidArgument', { message: 'bad', fields: { ArgumentName: 'x', ArgumentValue: undefined } }), 'R');
    expect(await res.text()).toContain('<Message>bad</Message><ArgumentName>x</ArgumentName><RequestId>');
  });
});
