/** Object tagging and bucket tagging sub-resources. */
import type { RequestContext } from '../core/context.ts';
import type {
  DeleteBucketTaggingRequest,
  DeleteObjectTaggingOutput,
  DeleteObjectTaggingRequest,
  GetBucketTaggingOutput,
  GetBucketTaggingRequest,
  GetObjectTaggingOutput,
  GetObjectTaggingRequest,
  PutBucketTaggingRequest,
  PutObjectTaggingOutput,
  PutObjectTaggingRequest,
} from '../protocol/generated/types.ts';
import { S3Error, isS3Error } from '../protocol/s3-error.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { findObject, noSuchKey } from './_shared/object-lookup.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { validateTagSet } from './_shared/tags.ts';
import { changeVersion } from './_shared/write-version.ts';

/** The addressed version; tagging answers x-amz-version-id on buckets that were ever versioned. */
function target(ctx: RequestContext, input: { Bucket: string; Key: string; VersionId?: string }, method: string): { bucket: Bucket; obj: S3Object; versionId?: string } {
  const bucket = requireBucket(ctx, input.Bucket);
  let obj: S3Object;
  try {
    obj = findObject(bucket, input.Key, input.VersionId, method, { latestMarker: 'MethodNotAllowed' });
  } catch (e) {
    // AWS's GetObjectTagging names the key as bucket/key in NoSuchKey (Put and Delete don't).
    if (method === 'GET' && isS3Error(e) && e.code === 'NoSuchKey') throw noSuchKey(`${bucket.name}/${input.Key}`);
    throw e;
  }
  return { bucket, obj, ...(bucket.versioning !== undefined ? { versionId: obj.versionId } : {}) };
}

async function getObjectTagging(ctx: RequestContext, input: GetObjectTaggingRequest): Promise<GetObjectTaggingOutput> {
  const { obj, versionId } = target(ctx, input, 'GET');
  return { TagSet: obj.tags.map((t) => ({ ...t })), ...(versionId !== undefined ? { VersionId: versionId } : {}) };
}

async function putObjectTagging(ctx: RequestContext, input: PutObjectTaggingRequest): Promise<PutObjectTaggingOutput> {
  const { bucket, obj, versionId } = target(ctx, input, 'PUT');
  changeVersion(ctx, bucket, obj, { tags: validateTagSet(input.Tagging.TagSet, 'object') });
  return versionId !== undefined ? { VersionId: versionId } : {};
}

async function deleteObjectTagging(ctx: RequestContext, input: DeleteObjectTaggingRequest): Promise<DeleteObjectTaggingOutput> {
  const { bucket, obj, versionId } = target(ctx, input, 'DELETE');
  changeVersion(ctx, bucket, obj, { tags: [] });
  return versionId !== undefined ? { VersionId: versionId } : {};
}

async function putBucketTagging(ctx: RequestContext, input: PutBucketTaggingRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  ctx.state.setConfig(bucket, 'tagging', validateTagSet(input.Tagging.TagSet, 'bucket'));
  return {};
}

async function getBucketTagging(ctx: RequestContext, input: GetBucketTaggingRequest): Promise<GetBucketTaggingOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const tags = bucket.configs.tagging;
  if (tags === undefined || tags.length === 0) {
    throw new S3Error('NoSuchTagSet', { fields: { BucketName: bucket.name } });
  }
  return { TagSet: tags.map((t) => ({ ...t })) };
}

async function deleteBucketTagging(ctx: RequestContext, input: DeleteBucketTaggingRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  ctx.state.setConfig(bucket, 'tagging', undefined);
  return {};
}

export const TAGGING_OPERATIONS: OperationHandlers = {
  GetObjectTagging: getObjectTagging,
  PutObjectTagging: putObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  PutBucketTagging: putBucketTagging,
  GetBucketTagging: getBucketTagging,
  DeleteBucketTagging: deleteBucketTagging,
};
