/** A state holding every kind the persistent store keeps, built through the API. */
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand,
  CreateMultipartUploadCommand, DeleteBucketPolicyCommand, DeleteObjectCommand, DeleteObjectsCommand,
  PutBucketAclCommand, PutBucketCorsCommand, PutBucketLifecycleConfigurationCommand,
  PutBucketEncryptionCommand, PutBucketMetricsConfigurationCommand, PutBucketPolicyCommand, PutBucketTaggingCommand,
  PutBucketVersioningCommand, PutBucketWebsiteCommand, PutObjectAclCommand, PutObjectCommand, PutObjectLegalHoldCommand,
  PutObjectRetentionCommand, PutObjectTaggingCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';

export const MIB = 1024 * 1024;

export function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** Buckets, objects, versions, markers, configurations, sub-resources and uploads of every kind. */
export async function buildState(s3: S3Client, other: S3Client): Promise<{ uploadId: string }> {
  await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'small', Body: 'hello', Metadata: { colour: 'blue' }, ContentType: 'text/plain', CacheControl: 'no-cache' }));
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'large', Body: bytes(300 * 1024, 1), ChecksumAlgorithm: 'SHA256' }));
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'empty', Body: new Uint8Array(0) }));
  await s3.send(new CopyObjectCommand({ Bucket: 'plain', Key: 'large-copy', CopySource: 'plain/large' }));
  await s3.send(new CopyObjectCommand({ Bucket: 'plain', Key: 'small-copy', CopySource: 'plain/small', MetadataDirective: 'REPLACE', Metadata: { a: 'b' } }));
  await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'gone', Body: 'x' }));
  await s3.send(new DeleteObjectCommand({ Bucket: 'plain', Key: 'gone' }));
  await s3.send(new PutObjectTaggingCommand({ Bucket: 'plain', Key: 'small', Tagging: { TagSet: [{ Key: 't', Value: 'v' }] } }));
  await s3.send(new PutObjectAclCommand({ Bucket: 'plain', Key: 'small', ACL: 'public-read' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'plain', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
  await s3.send(new PutBucketTaggingCommand({ Bucket: 'plain', Tagging: { TagSet: [{ Key: 'team', Value: 'x' }] } }));
  await s3.send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } }));
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'plain', LifecycleConfiguration: { Rules: [
    { ID: 'r', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Date: new Date('2030-01-01T00:00:00Z') } },
  ] } }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: 'plain', ServerSideEncryptionConfiguration: { Rules: [
    { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-1' } },
  ] } }));
  await s3.send(new PutBucketWebsiteCommand({ Bucket: 'plain', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
  await s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: 'plain', Id: 'm1', MetricsConfiguration: { Id: 'm1' } }));
  await s3.send(new PutBucketAclCommand({ Bucket: 'plain', ACL: 'public-read' }));

  await s3.send(new CreateBucketCommand({ Bucket: 'versioned', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
  for (let i = 0; i < 3; i++) await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: `v${i}` }));
  await s3.send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k' }));
  await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'd', Body: 'd' }));
  await s3.send(new DeleteObjectsCommand({ Bucket: 'versioned', Delete: { Objects: [{ Key: 'd' }, { Key: 'never' }] } }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Suspended' } }));
  await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'null-1' }));
  await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'null-2' }));
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'versioned' }));

  await s3.send(new CreateBucketCommand({ Bucket: 'locked', ObjectLockEnabledForBucket: true }));
  await s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'held', Body: 'h', ChecksumAlgorithm: 'CRC32' }));
  await s3.send(new PutObjectLegalHoldCommand({ Bucket: 'locked', Key: 'held', LegalHold: { Status: 'ON' } }));
  await s3.send(new PutObjectRetentionCommand({ Bucket: 'locked', Key: 'held', Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.now() + 86_400_000) } }));

  // Completed multipart uploads: two parts joined into one file, and one part whose file is the object's.
  await s3.send(new CreateBucketCommand({ Bucket: 'multi' }));
  for (const [key, sizes] of [['mp-joined', [5 * MIB, 1000]], ['mp-single', [300 * 1024]]] as const) {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multi', Key: key, ChecksumAlgorithm: 'CRC32' }));
    const parts = [];
    for (const [i, size] of sizes.entries()) {
      const p = await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: key, UploadId, PartNumber: i + 1, Body: bytes(size, i), ChecksumAlgorithm: 'CRC32' }));
      parts.push({ PartNumber: i + 1, ETag: p.ETag, ChecksumCRC32: p.ChecksumCRC32 });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'multi', Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  }
  const aborted = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multi', Key: 'aborted' }));
  await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: 'aborted', UploadId: aborted.UploadId, PartNumber: 1, Body: 'p' }));
  await s3.send(new AbortMultipartUploadCommand({ Bucket: 'multi', Key: 'aborted', UploadId: aborted.UploadId }));
  const open = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'multi', Key: 'open', Metadata: { m: '1' }, Tagging: 'a=b' }));
  await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: 'open', UploadId: open.UploadId, PartNumber: 1, Body: bytes(5 * MIB, 4), ChecksumAlgorithm: 'CRC32' }));
  await s3.send(new UploadPartCommand({ Bucket: 'multi', Key: 'open', UploadId: open.UploadId, PartNumber: 2, Body: 'tail' }));

  // Another account's bucket.
  await other.send(new CreateBucketCommand({ Bucket: 'others' }));
  await other.send(new PutObjectCommand({ Bucket: 'others', Key: 'o', Body: 'theirs' }));
  return { uploadId: open.UploadId ?? '' };
}

