/** Multipart uploads: Create, UploadPart, Abort, ListParts, ListMultipartUploads (Complete in its own file). */
import { randomBytes } from '../checksum/digest.ts';
import { isChecksumAlgorithm, type ChecksumAlgorithm } from '../checksum/types.ts';
import type { RequestContext } from '../core/context.ts';
import type {
  AbortMultipartUploadRequest,
  CreateMultipartUploadOutput,
  CreateMultipartUploadRequest,
  UploadPartOutput,
  UploadPartRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { Bucket } from '../state/bucket.ts';
import type { MultipartUpload, UploadedPart } from '../state/multipart.ts';
import { NO_TAGS, type ChecksumType } from '../state/object.ts';
import { assertBucketLive, requireBucket } from './bucket-rules.ts';
import { storeRequestBody } from './body-store.ts';
import { aclForNewResource } from './acl-policy.ts';
import { lockForWrite } from './object-lock.ts';
import { encryptionFor } from './encryption.ts';
import { assertMetadataSize, assertValidKey, assertValidStorageClass, systemMetadataFrom } from './object-rules.ts';
import { parseTaggingHeader } from './tags.ts';
import type { OperationHandlers } from './registry.ts';
import { sseCustomerForWrite, sseCustomerOf } from './sse-c.ts';

export const MAX_PART_NUMBER = 10_000;
export const MAX_PART_SIZE = 5 * 1024 ** 3;

export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId,
  }, 404);
}

/** The upload addressed by (bucket, key, uploadId): the key must match too. */
export function requireUpload(bucket: Bucket, key: string, uploadId: string): MultipartUpload {
  const upload = bucket.uploads.get(uploadId);
  if (upload === undefined || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

/**
 * The upload a part or Complete began with is still in progress, in a bucket still there: it may
 * have been aborted or completed, or its bucket deleted, while bytes streamed in or parts were joined.
 */
export function assertUploadLive(ctx: RequestContext, bucket: Bucket, upload: MultipartUpload): void {
  assertBucketLive(ctx, bucket);
  if (bucket.uploads.get(upload.uploadId) !== upload) throw noSuchUpload(upload.uploadId);
}

/**
 * Adds a stored part to its upload, releasing the part of that number it replaces. Called after the
 * part's last await: if the upload is gone by then, nobody could reach the bytes, so they are freed.
 */
export function commitPart(ctx: RequestContext, bucket: Bucket, upload: MultipartUpload, part: UploadedPart): void {
  try {
    assertUploadLive(ctx, bucket, upload);
  } catch (e) {
    ctx.blobs.release(part.blob);
    throw e;
  }
  const previous = upload.parts.get(part.partNumber);
  upload.parts.set(part.partNumber, part);
  if (previous !== undefined) ctx.blobs.release(previous.blob);
}

export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: partNumber,
    });
  }
}

/** AWS's allowed (algorithm, type) pairs: https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html */
function uploadChecksum(algorithmRaw: string | undefined, typeRaw: string | undefined): { algorithm?: ChecksumAlgorithm; type?: ChecksumType } {
  const algorithm = algorithmRaw?.toUpperCase();
  if (algorithm !== undefined && (!isChecksumAlgorithm(algorithm) || !['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'].includes(algorithm))) {
    throw new S3Error('InvalidRequest', 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  }
  if (typeRaw !== undefined && algorithm === undefined) {
    throw new S3Error('InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  }
  if (algorithm === undefined) return {};
  const type: ChecksumType = typeRaw === undefined ? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE') : (typeRaw as ChecksumType);
  if (type !== 'FULL_OBJECT' && type !== 'COMPOSITE') {
    throw new S3Error('InvalidRequest', `Value for x-amz-checksum-type header is invalid.`);
  }
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw new S3Error('InvalidRequest', 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  }
  if (type === 'FULL_OBJECT' && algorithm.startsWith('SHA')) {
    throw new S3Error('InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  return { algorithm, type };
}

async function createMultipartUpload(ctx: RequestContext, input: CreateMultipartUploadRequest): Promise<CreateMultipartUploadOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  assertValidKey(input.Key);
  assertValidStorageClass(input.StorageClass);
  const metadata = input.Metadata ?? {};
  assertMetadataSize(metadata);
  const { algorithm, type } = uploadChecksum(input.ChecksumAlgorithm, input.ChecksumType);
  const sseCustomer = sseCustomerForWrite(sseCustomerOf(input), input.ServerSideEncryption);
  const sse = encryptionFor(ctx, bucket, input);
  const upload: MultipartUpload = {
    uploadId: randomBytes(48).toString('base64url'),
    key: input.Key,
    initiated: ctx.now,
    ownerAccountId: ctx.access?.objectOwner ?? ctx.accountId,
    storageClass: input.StorageClass ?? 'STANDARD',
    system: systemMetadataFrom(input),
    metadata,
    tags: input.Tagging !== undefined ? parseTaggingHeader(input.Tagging) : NO_TAGS,
    sse,
    sseCustomer,
    lock: lockForWrite(bucket, input, ctx.now),
    acl: aclForNewResource(input),
    checksumAlgorithm: algorithm,
    checksumType: type,
    parts: new Map(),
    keyChangedSinceInitiation: false,
  };
  bucket.uploads.set(upload.uploadId, upload);
  const out: CreateMultipartUploadOutput = { Bucket: bucket.name, Key: upload.key, UploadId: upload.uploadId };
  if (algorithm !== undefined) {
    out.ChecksumAlgorithm = algorithm as CreateMultipartUploadOutput['ChecksumAlgorithm'];
    out.ChecksumType = type;
  }
  if (upload.sseCustomer !== undefined) {
    out.SSECustomerAlgorithm = upload.sseCustomer.algorithm;
    out.SSECustomerKeyMD5 = upload.sseCustomer.keyMd5;
  } else if (sse !== undefined) {
    out.ServerSideEncryption = sse.algorithm as CreateMultipartUploadOutput['ServerSideEncryption'];
    if (sse.kmsKeyId !== undefined) out.SSEKMSKeyId = sse.kmsKeyId;
  }
  return out;
}

/** Every part of an SSE-C upload carries the key it was created with (and none otherwise). */
export function assertSameSseCustomer(upload: MultipartUpload, keyMd5: string | undefined): void {
  const expected = upload.sseCustomer?.keyMd5;
  if ((expected === undefined) !== (keyMd5 === undefined)) {
    throw new S3Error('InvalidRequest', 'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.');
  }
  if (expected !== undefined && expected !== keyMd5) {
    throw new S3Error('InvalidRequest', 'The provided encryption parameters did not match the ones used originally.');
  }
}

async function uploadPart(ctx: RequestContext, input: UploadPartRequest): Promise<UploadPartOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const upload = requireUpload(bucket, input.Key, input.UploadId);
  assertPartNumber(input.PartNumber);
  assertSameSseCustomer(upload, input.SSECustomerKeyMD5);
  const stored = await storeRequestBody(ctx, input, {
    maxSize: MAX_PART_SIZE,
    defaultAlgorithm: upload.checksumAlgorithm,
    alsoCompute: ['CRC64NVME'],
    md5DigestForm: 'base64',
  });
  const sent = stored.checksumAlgorithm;
  if (upload.checksumAlgorithm !== undefined && sent !== upload.checksumAlgorithm) {
    ctx.blobs.release(stored.written.ref);
    throw new S3Error('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${sent?.toLowerCase() ?? 'null'}`);
  }
  commitPart(ctx, bucket, upload, {
    partNumber: input.PartNumber,
    blob: stored.written.ref,
    size: stored.written.ref.size,
    md5Hex: stored.written.md5Hex,
    lastModified: ctx.now,
    ...(sent !== undefined ? { checksumAlgorithm: sent, checksumValue: stored.checksumValue } : {}),
    crc64nvme: stored.written.checksums.CRC64NVME ?? '',
  });
  const out: UploadPartOutput = { ETag: stored.etag };
  if (sent !== undefined && stored.checksumValue !== undefined) out[`Checksum${sent}`] = stored.checksumValue;
  if (upload.sseCustomer !== undefined) {
    out.SSECustomerAlgorithm = upload.sseCustomer.algorithm;
    out.SSECustomerKeyMD5 = upload.sseCustomer.keyMd5;
  } else if (upload.sse !== undefined) {
    out.ServerSideEncryption = upload.sse.algorithm as UploadPartOutput['ServerSideEncryption'];
  }
  return out;
}

/** Frees every part's bytes. */
export function releaseUpload(ctx: RequestContext, upload: MultipartUpload): void {
  for (const part of upload.parts.values()) ctx.blobs.release(part.blob);
  upload.parts.clear();
}

async function abortMultipartUpload(ctx: RequestContext, input: AbortMultipartUploadRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  const upload = requireUpload(bucket, input.Key, input.UploadId);
  if (input.IfMatchInitiatedTime !== undefined
    && Math.floor(input.IfMatchInitiatedTime.getTime() / 1000) !== Math.floor(upload.initiated.getTime() / 1000)) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
      Condition: 'x-amz-if-match-initiated-time',
    }, 412);
  }
  bucket.uploads.delete(upload.uploadId);
  releaseUpload(ctx, upload);
  return {};
}

export const MULTIPART_OPERATIONS: OperationHandlers = {
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  AbortMultipartUpload: abortMultipartUpload,
};
