/**
 * @aws-sdk/client-s3 against a server validating signatures with a credentials list: what a real
 * SDK signs (streaming bodies, trailers, copies, multipart, configurations) is never refused.
 */
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectsCommand,
  GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutBucketVersioningCommand, PutObjectCommand, PutObjectTaggingCommand,
  PutPublicAccessBlockCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { bodyText, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';
import { useE2e } from '../helpers/e2e.ts';

const e2e = useE2e({ env: { S3_SKIP_SIGNATURE_VALIDATION: '0', S3_CREDENTIALS: 'AKIAE2E:e2e/secret+1:123456789012' } });

const client = (secretAccessKey = 'e2e/secret+1', accessKeyId = 'AKIAE2E') => e2e.client({ credentials: { accessKeyId, secretAccessKey } });

describe('signature validation with S3_CREDENTIALS, driven by @aws-sdk/client-s3', () => {
  it('accepts what the SDK signs: headers, metadata, tagging, streams, copies, multipart, configurations', async () => {
    const s3 = client();
    const Bucket = uniqueBucket('sig');
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutObjectCommand({
      Bucket, Key: 'a b+c.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { who: 'me' }, Tagging: 'k=v', ACL: 'private',
      ChecksumAlgorithm: 'SHA256',
    }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'stream', Body: Readable.from([Buffer.alloc(70_000, 1)]), ContentLength: 70_000 }));
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/a%20b%2Bc.txt`, MetadataDirective: 'REPLACE', Metadata: { x: 'y' } }));
    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'copy', Tagging: { TagSet: [{ Key: 't', Value: '1' }] } }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mp' }));
    const part = await s3.send(new UploadPartCommand({ Bucket, Key: 'mp', UploadId, PartNumber: 1, Body: 'part' }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket, Key: 'copy', Range: 'bytes=1-3' }))).Body)).toBe('ell');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'a b' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['a b+c.txt']);
    await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'stream' }, { Key: 'mp' }] } }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.some((b) => b.Name === Bucket)).toBe(true);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unlisted key with InvalidAccessKeyId', async () => {
    expect((await s3ErrorOf(client('test').send(new ListBucketsCommand({})))).name).toBe('SignatureDoesNotMatch');
    const unknown = await s3ErrorOf(client('test', 'test').send(new ListBucketsCommand({})));
    expect([unknown.name, unknown.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
  });
});
