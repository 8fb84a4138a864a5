/**
 * Everything a client can see of some buckets, as one comparable value: configurations, every
 * version with its metadata, checksum, sub-resources and hashed bytes, uploads in progress with
 * their parts. Errors are part of the picture (a missing configuration answers one).
 */
import {
  GetBucketAclCommand, GetBucketCorsCommand, GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketTaggingCommand,
  GetBucketVersioningCommand, GetBucketWebsiteCommand, GetObjectAclCommand, GetObjectCommand, GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand, GetObjectRetentionCommand, GetObjectTaggingCommand, GetPublicAccessBlockCommand,
  HeadObjectCommand, ListBucketMetricsConfigurationsCommand, ListBucketsCommand, ListMultipartUploadsCommand,
  ListObjectVersionsCommand, ListPartsCommand, S3ServiceException, type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';

/** The response without its request-specific metadata, or the error code. */
async function view(call: Promise<object>): Promise<unknown> {
  try {
    const { $metadata: _ignored, ...rest } = (await call) as { $metadata: unknown } & Record<string, unknown>;
    return rest;
  } catch (e) {
    if (e instanceof S3ServiceException) return { error: e.name };
    throw e;
  }
}

async function objectView(s3: S3Client, Bucket: string, Key: string, VersionId: string): Promise<unknown> {
  const head = await view(s3.send(new HeadObjectCommand({ Bucket, Key, VersionId, ChecksumMode: 'ENABLED' })));
  let sha256: string | undefined;
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }));
    sha256 = createHash('sha256').update(await got.Body?.transformToByteArray() ?? new Uint8Array(0)).digest('hex');
  } catch (e) {
    if (!(e instanceof S3ServiceException)) throw e;
    sha256 = e.name;
  }
  return {
    head, sha256,
    tagging: await view(s3.send(new GetObjectTaggingCommand({ Bucket, Key, VersionId }))),
    acl: await view(s3.send(new GetObjectAclCommand({ Bucket, Key, VersionId }))),
    retention: await view(s3.send(new GetObjectRetentionCommand({ Bucket, Key, VersionId }))),
    legalHold: await view(s3.send(new GetObjectLegalHoldCommand({ Bucket, Key, VersionId }))),
  };
}

async function bucketView(s3: S3Client, Bucket: string): Promise<unknown> {
  const b = { Bucket };
  const versions = (await s3.send(new ListObjectVersionsCommand(b)));
  const objects: Record<string, unknown> = {};
  for (const v of versions.Versions ?? []) {
    if (v.Key !== undefined && v.VersionId !== undefined) objects[`${v.Key}@${v.VersionId}`] = await objectView(s3, Bucket, v.Key, v.VersionId);
  }
  const uploads = await s3.send(new ListMultipartUploadsCommand(b));
  const parts: Record<string, unknown> = {};
  for (const u of uploads.Uploads ?? []) {
    parts[u.UploadId ?? ''] = await view(s3.send(new ListPartsCommand({ Bucket, Key: u.Key, UploadId: u.UploadId })));
  }
  return {
    versioning: await view(s3.send(new GetBucketVersioningCommand(b))),
    location: await view(s3.send(new GetBucketLocationCommand(b))),
    acl: await view(s3.send(new GetBucketAclCommand(b))),
    policy: await view(s3.send(new GetBucketPolicyCommand(b))),
    tagging: await view(s3.send(new GetBucketTaggingCommand(b))),
    cors: await view(s3.send(new GetBucketCorsCommand(b))),
    lifecycle: await view(s3.send(new GetBucketLifecycleConfigurationCommand(b))),
    encryption: await view(s3.send(new GetBucketEncryptionCommand(b))),
    website: await view(s3.send(new GetBucketWebsiteCommand(b))),
    ownership: await view(s3.send(new GetBucketOwnershipControlsCommand(b))),
    publicAccessBlock: await view(s3.send(new GetPublicAccessBlockCommand(b))),
    objectLock: await view(s3.send(new GetObjectLockConfigurationCommand(b))),
    metrics: await view(s3.send(new ListBucketMetricsConfigurationsCommand(b))),
    versions: { Versions: versions.Versions, DeleteMarkers: versions.DeleteMarkers },
    objects,
    uploads: uploads.Uploads,
    parts,
  };
}

export async function stateSnapshot(s3: S3Client): Promise<unknown> {
  const buckets = await s3.send(new ListBucketsCommand({}));
  const out: Record<string, unknown> = { buckets: buckets.Buckets };
  for (const b of buckets.Buckets ?? []) if (b.Name !== undefined) out[b.Name] = await bucketView(s3, b.Name);
  return out;
}
