/** Bucket versioning state and ListObjectVersions. */
import type { RequestContext } from '../core/context.ts';
import type {
  DeleteMarkerEntry,
  GetBucketVersioningOutput,
  GetBucketVersioningRequest,
  ListObjectVersionsOutput,
  ListObjectVersionsRequest,
  ObjectVersion,
  PutBucketVersioningRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { walkVersions } from '../state/list-walk.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { assertEncodingType, pageSize, urlEncodeKey } from './_shared/list-params.ts';
import { assertValidVersionId, isOlderVersion } from './_shared/object-lookup.ts';
import { ownerOf } from './_shared/owner.ts';
import type { OperationHandlers } from './operation-handler.ts';

async function putBucketVersioning(ctx: RequestContext, input: PutBucketVersioningRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  const status = input.VersioningConfiguration.Status;
  if (status === undefined) {
    throw new S3Error('IllegalVersioningConfigurationException');
  }
  if (status !== 'Enabled' && status !== 'Suspended') throw new S3Error('MalformedXML');
  if (bucket.objectLockEnabled && status === 'Suspended') {
    throw new S3Error('InvalidBucketState', { message: 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.' });
  }
  // AWS's answer, as reported by Terraform users (nozaq/terraform-aws-remote-state-s3-backend#59).
  if (bucket.configs.replication !== undefined && status === 'Suspended') {
    throw new S3Error('InvalidBucketState', { message: 'A replication configuration is present on this bucket, so you cannot change the versioning state. To change the versioning state, first delete the replication configuration.' });
  }
  const mfa = input.VersioningConfiguration.MFADelete;
  ctx.state.updateBucket(bucket, mfa !== undefined ? { versioning: status, mfaDelete: mfa } : { versioning: status });
  return {};
}

async function getBucketVersioning(ctx: RequestContext, input: GetBucketVersioningRequest): Promise<GetBucketVersioningOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  // A never-versioned bucket answers an empty VersioningConfiguration.
  if (bucket.versioning === undefined) return {};
  return {
    Status: bucket.versioning,
    ...(bucket.mfaDelete !== undefined ? { MFADelete: bucket.mfaDelete } : {}),
  };
}

async function listObjectVersions(ctx: RequestContext, input: ListObjectVersionsRequest): Promise<ListObjectVersionsOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  assertEncodingType(input.EncodingType);
  const maxKeys = pageSize(input.MaxKeys);
  if (input.VersionIdMarker !== undefined && input.VersionIdMarker !== '') {
    if (!input.KeyMarker) {
      throw new S3Error('InvalidArgument', {
        message: 'A version-id marker cannot be specified without a key marker.',
        fields: {
          ArgumentName: 'version-id-marker',
          ArgumentValue: input.VersionIdMarker,
        },
      });
    }
    assertValidVersionId(input.VersionIdMarker);
  }
  const prefix = input.Prefix ?? '';
  const page = walkVersions(bucket.objects, {
    prefix,
    delimiter: input.Delimiter || undefined,
    keyMarker: input.KeyMarker || undefined,
    versionIdMarker: input.VersionIdMarker || undefined,
    maxKeys,
    isOlderThanMarker: (v) => isOlderVersion(v.versionId, input.VersionIdMarker ?? ''),
  });
  const encode = input.EncodingType === 'url' ? urlEncodeKey : (s: string): string => s;
  const versions: ObjectVersion[] = [];
  const markers: DeleteMarkerEntry[] = [];
  for (const { key, value: v, isLatest } of page.entries) {
    if (v.isDeleteMarker) {
      markers.push({ Owner: ownerOf(v.ownerAccountId), Key: encode(key), VersionId: v.versionId, IsLatest: isLatest, LastModified: v.lastModified });
      continue;
    }
    const entry: ObjectVersion = {
      ETag: v.etag, Size: v.size, StorageClass: v.storageClass as ObjectVersion['StorageClass'], Key: encode(key),
      VersionId: v.versionId, IsLatest: isLatest, LastModified: v.lastModified, Owner: ownerOf(v.ownerAccountId),
    };
    if (v.checksumAlgorithm !== undefined) {
      entry.ChecksumAlgorithm = [v.checksumAlgorithm];
      entry.ChecksumType = v.checksumType;
    }
    versions.push(entry);
  }
  const out: ListObjectVersionsOutput = {
    IsTruncated: page.isTruncated,
    KeyMarker: encode(input.KeyMarker ?? ''),
    VersionIdMarker: input.VersionIdMarker ?? '',
    Name: bucket.name,
    Prefix: encode(prefix),
    MaxKeys: maxKeys,
  };
  if (versions.length > 0) out.Versions = versions;
  if (markers.length > 0) out.DeleteMarkers = markers;
  if (input.Delimiter) out.Delimiter = encode(input.Delimiter);
  if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: encode(p) }));
  if (page.isTruncated) {
    if (page.nextKeyMarker !== undefined) out.NextKeyMarker = encode(page.nextKeyMarker);
    if (page.nextVersionIdMarker !== undefined) out.NextVersionIdMarker = page.nextVersionIdMarker;
  }
  if (input.EncodingType !== undefined) out.EncodingType = 'url';
  return out;
}

export const VERSIONING_OPERATIONS: OperationHandlers = {
  PutBucketVersioning: putBucketVersioning,
  GetBucketVersioning: getBucketVersioning,
  ListObjectVersions: listObjectVersions,
};
