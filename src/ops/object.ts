/** Object reads and writes: PutObject, GetObject, HeadObject. */
import type { RequestContext } from '../core/context.ts';
import type {
  GetObjectOutput,
  GetObjectRequest,
  HeadObjectOutput,
  HeadObjectRequest,
  PutObjectOutput,
  PutObjectRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { assertHeaderValue } from '../protocol/wire-values.ts';
import { checksumMember } from '../checksum/types.ts';
import type { Bucket } from '../state/bucket.ts';
import { NO_METADATA, NO_TAGS, type S3Object } from '../state/object.ts';
import type { Mutable } from '../state/mutable.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { answeredVersionId, encryptionHeaders, writeVersion } from './_shared/write-version.ts';
import { storeRequestBody } from './_shared/body-store.ts';
import { assertWriteConditionForm, assertWriteConditions } from './_shared/write-conditions.ts';
import { findObject } from './_shared/object-lookup.ts';
import { describeObject, type ObjectDescription } from './_shared/object-describe.ts';
import {
  isArchived,
  assertMetadataSize,
  assertValidKey,
  assertValidStorageClass,
  systemMetadataFrom,
} from './_shared/object-rules.ts';
import { parseTaggingHeader } from './_shared/tags.ts';
import { checkReadPreconditions } from './_shared/preconditions.ts';
import { contentRange, parseRange, partRange } from './_shared/range.ts';
import type { ByteRange } from '../storage/types.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { encryptionFor } from './_shared/encryption.ts';
import { aclForNewResource } from './_shared/acl-policy.ts';
import { lockForWrite } from './_shared/object-lock-rules.ts';
import { assertSseCustomerRead, sseCustomerForWrite, sseCustomerOf } from './_shared/sse-c.ts';
import { expirationHeader } from './_shared/lifecycle-rules.ts';

async function putObject(ctx: RequestContext, input: PutObjectRequest): Promise<PutObjectOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const key = input.Key;
  assertValidKey(key);
  assertValidStorageClass(input.StorageClass);
  const metadata = input.Metadata ?? NO_METADATA;
  assertMetadataSize(metadata);
  const tags = input.Tagging !== undefined ? parseTaggingHeader(input.Tagging) : NO_TAGS;
  const sseCustomer = sseCustomerForWrite(sseCustomerOf(input), input.ServerSideEncryption);
  const sse = encryptionFor(ctx, bucket, input);
  const ownerAccountId = ctx.access?.objectOwner ?? ctx.accountId;
  const acl = aclForNewResource(input, { owner: ownerAccountId, bucketOwner: bucket.ownerAccountId });
  const lock = lockForWrite(bucket, input, ctx.now);
  assertWriteConditionForm(input.IfMatch, input.IfNoneMatch);
  // Evaluate up front (fail fast), and remember what we saw to detect a race at commit time.
  assertWriteConditions(bucket, key, input.IfMatch, input.IfNoneMatch);
  const latestAtStart = bucket.objects.getLatest(key) ?? null;
  // AWS computes a CRC64NVME for every object uploaded without a checksum (since 2025).
  const stored = await storeRequestBody(ctx, input, { defaultAlgorithm: 'CRC64NVME' });
  const checksumAlgorithm = stored.checksumAlgorithm ?? 'CRC64NVME';
  const checksumValue = stored.checksumValue ?? '';
  const draft: Mutable<S3Object> = {
    key,
    versionId: '',
    isDeleteMarker: false,
    lastModified: ctx.now,
    ownerAccountId,
    blob: stored.written.ref,
    size: stored.written.ref.size,
    etag: stored.etag,
    system: systemMetadataFrom(input),
    metadata,
    storageClass: input.StorageClass ?? 'STANDARD',
    checksumAlgorithm,
    checksumValue,
    checksumType: 'FULL_OBJECT',
    tags,
    sse,
    acl,
  };
  // Assigned rather than spread: each spread copies the object again on this per-request path.
  if (lock !== undefined) draft.lock = lock;
  if (sseCustomer !== undefined) draft.sseCustomer = sseCustomer;
  // Concurrent conditional creates of one key cannot both pass: the check is part of the commit.
  const obj = writeVersion(ctx, { bucket, draft, ifMatch: input.IfMatch, ifNoneMatch: input.IfNoneMatch, latestAtStart });
  const out: PutObjectOutput = { ETag: obj.etag, ChecksumType: 'FULL_OBJECT' };
  out[checksumMember(checksumAlgorithm)] = checksumValue;
  const versionId = answeredVersionId(bucket, obj, 'when-enabled');
  if (versionId !== undefined) out.VersionId = versionId;
  encryptionHeaders(obj, out);
  const expiration = expirationOf(bucket, obj);
  if (expiration !== undefined) out.Expiration = expiration;
  return out;
}

function expirationOf(bucket: Bucket, obj: S3Object): string | undefined {
  return expirationHeader(bucket.configs.lifecycle?.rules, obj);
}

/** The range a read asks for: a Range header or a partNumber (not both). */
function requestedRange(input: GetObjectRequest | HeadObjectRequest, obj: S3Object): ByteRange | undefined {
  if (input.PartNumber === undefined) return parseRange(input.Range, obj.size);
  if (input.Range !== undefined) {
    throw new S3Error('InvalidRequest', { message: 'Cannot specify both Range header and partNumber query parameter' });
  }
  if (obj.size === 0 && obj.parts === undefined) return undefined;
  return partRange(obj, input.PartNumber);
}

interface ObjectRead {
  readonly obj: S3Object;
  readonly desc: ObjectDescription;
  readonly range: ByteRange | undefined;
}

/** response-* overrides become response headers, so they must be values a header can hold. */
function assertOverrides(input: GetObjectRequest | HeadObjectRequest): void {
  // Separate calls rather than a table of pairs: GET and HEAD would build six arrays each.
  assertHeaderValue('response-cache-control', input.ResponseCacheControl);
  assertHeaderValue('response-content-disposition', input.ResponseContentDisposition);
  assertHeaderValue('response-content-encoding', input.ResponseContentEncoding);
  assertHeaderValue('response-content-language', input.ResponseContentLanguage);
  assertHeaderValue('response-content-type', input.ResponseContentType);
}

/** What GET and HEAD share: the version, preconditions, range, headers and response-* overrides. */
function readObject(ctx: RequestContext, input: GetObjectRequest | HeadObjectRequest, method: string): ObjectRead {
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, method);
  assertSseCustomerRead(obj, sseCustomerOf(input));
  checkReadPreconditions(input, obj.etag, obj.lastModified);
  const range = requestedRange(input, obj);
  // A part of a COMPOSITE object carries its own checksum; otherwise only whole-object reads do.
  const whole = range === undefined || (range.start === 0 && range.end === obj.size - 1)
    || (input.PartNumber !== undefined && obj.checksumType === 'COMPOSITE');
  const desc = describeObject(obj, {
    versioned: bucket.versioning !== undefined,
    // AWS returns the checksum only when the bytes served are the whole object.
    checksumMode: input.ChecksumMode?.toUpperCase() === 'ENABLED' && whole,
    ...(input.PartNumber !== undefined ? { partNumber: input.PartNumber } : {}),
  });
  assertOverrides(input);
  if (input.ResponseContentType !== undefined) desc.ContentType = input.ResponseContentType;
  if (input.ResponseContentLanguage !== undefined) desc.ContentLanguage = input.ResponseContentLanguage;
  if (input.ResponseContentDisposition !== undefined) desc.ContentDisposition = input.ResponseContentDisposition;
  if (input.ResponseContentEncoding !== undefined) desc.ContentEncoding = input.ResponseContentEncoding;
  if (input.ResponseCacheControl !== undefined) desc.CacheControl = input.ResponseCacheControl;
  if (input.ResponseExpires !== undefined) desc.Expires = input.ResponseExpires.toUTCString();
  // The header is about the current version read as such: AWS sends none for a noncurrent version,
  // nor for any read naming a versionId.
  const expiration = input.VersionId === undefined ? expirationOf(bucket, obj) : undefined;
  if (expiration !== undefined) desc.Expiration = expiration;
  if (range !== undefined) {
    desc.ContentLength = range.end - range.start + 1;
    desc.ContentRange = contentRange(range, obj.size);
  }
  return { obj, desc, range };
}

async function getObject(ctx: RequestContext, input: GetObjectRequest): Promise<GetObjectOutput> {
  const { obj, desc, range } = readObject(ctx, input, 'GET');
  if (isArchived(obj, ctx.now)) {
    throw new S3Error('InvalidObjectState', {
      fields: {
        StorageClass: obj.storageClass,
      },
    });
  }
  // desc is this request's own object: the body is added to it rather than to a copy.
  const out: GetObjectOutput = desc;
  out.Body = obj.blob === undefined ? new Uint8Array(0) : await ctx.blobs.readBody(obj.blob, range);
  return out;
}

async function headObject(ctx: RequestContext, input: HeadObjectRequest): Promise<HeadObjectOutput> {
  return readObject(ctx, input, 'HEAD').desc;
}

export const OBJECT_OPERATIONS: OperationHandlers = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
};
