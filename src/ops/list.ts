/** ListObjects (v1) and ListObjectsV2 over the bucket's sorted index: O(log n + page) per call. */
import type { RequestContext } from '../core/context.ts';
import type {
  ListObjectsOutput,
  ListObjectsRequest,
  ListObjectsV2Output,
  ListObjectsV2Request,
  Object as ListedObject,
} from '../protocol/generated/types.ts';
import type { S3Object } from '../state/object.ts';
import { walkObjects } from '../state/list-walk.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { ownerOf } from './_shared/owner.ts';
import { decodeToken, encodeToken } from './_shared/tokens.ts';
import { assertEncodingType, pageSize, urlEncodeKey } from './_shared/list-params.ts';
import type { OperationHandlers } from './operation-handler.ts';

function toListed(obj: S3Object, encode: (s: string) => string, owner: boolean): ListedObject {
  const entry: ListedObject = {
    Key: encode(obj.key),
    LastModified: obj.lastModified,
    ETag: obj.etag,
    Size: obj.size,
    StorageClass: obj.storageClass as ListedObject['StorageClass'],
  };
  // Each object's own owner: under ObjectWriter another account's uploads are theirs.
  if (owner) entry.Owner = ownerOf(obj.ownerAccountId);
  if (obj.checksumAlgorithm !== undefined) {
    entry.ChecksumAlgorithm = [obj.checksumAlgorithm];
    entry.ChecksumType = obj.checksumType;
  }
  return entry;
}

const identity = (s: string): string => s;

async function listObjectsV2(ctx: RequestContext, input: ListObjectsV2Request): Promise<ListObjectsV2Output> {
  const bucket = requireBucket(ctx, input.Bucket);
  assertEncodingType(input.EncodingType);
  const maxKeys = pageSize(input.MaxKeys);
  if (input.ContinuationToken === '') decodeToken('', 'continuation-token');
  const after = input.ContinuationToken !== undefined
    ? decodeToken(input.ContinuationToken, 'continuation-token')
    : input.StartAfter;
  const prefix = input.Prefix ?? '';
  const page = walkObjects(bucket.objects, { prefix, delimiter: input.Delimiter || undefined, startAfter: after, maxKeys });
  const encode = input.EncodingType === 'url' ? urlEncodeKey : identity;
  const out: ListObjectsV2Output = {
    IsTruncated: page.isTruncated,
    Name: bucket.name,
    Prefix: encode(prefix),
    MaxKeys: maxKeys,
    KeyCount: page.contents.length + page.commonPrefixes.length,
  };
  if (page.contents.length > 0) out.Contents = page.contents.map((e) => toListed(e.value, encode, input.FetchOwner === true));
  if (input.Delimiter) out.Delimiter = encode(input.Delimiter);
  if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: encode(p) }));
  if (input.EncodingType !== undefined) out.EncodingType = 'url';
  if (page.isTruncated && page.nextMarker !== undefined) out.NextContinuationToken = encodeToken(page.nextMarker);
  if (input.ContinuationToken !== undefined) out.ContinuationToken = input.ContinuationToken;
  else if (input.StartAfter) out.StartAfter = encode(input.StartAfter);
  // Listings name a bucket's region in x-amz-bucket-region outside us-east-1.
  if (bucket.region !== 'us-east-1') out.BucketRegion = bucket.region;
  return out;
}

async function listObjects(ctx: RequestContext, input: ListObjectsRequest): Promise<ListObjectsOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  assertEncodingType(input.EncodingType);
  const maxKeys = pageSize(input.MaxKeys);
  const prefix = input.Prefix ?? '';
  const delimiter = input.Delimiter || undefined;
  const page = walkObjects(bucket.objects, { prefix, delimiter, startAfter: input.Marker || undefined, maxKeys });
  const encode = input.EncodingType === 'url' ? urlEncodeKey : identity;
  const out: ListObjectsOutput = {
    IsTruncated: page.isTruncated,
    Marker: encode(input.Marker ?? ''),
    Name: bucket.name,
    Prefix: encode(prefix),
    MaxKeys: maxKeys,
  };
  if (page.contents.length > 0) out.Contents = page.contents.map((e) => toListed(e.value, encode, true));
  if (delimiter !== undefined) out.Delimiter = encode(delimiter);
  if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: encode(p) }));
  // v1 returns NextMarker only when a delimiter is given; clients use the last key otherwise.
  if (page.isTruncated && delimiter !== undefined && page.nextMarker !== undefined) out.NextMarker = encode(page.nextMarker);
  if (input.EncodingType !== undefined) out.EncodingType = 'url';
  if (bucket.region !== 'us-east-1') out.BucketRegion = bucket.region;
  return out;
}

export const LIST_OPERATIONS: OperationHandlers = {
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
};
