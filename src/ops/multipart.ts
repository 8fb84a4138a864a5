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
import type { MultipartUpload } from '../state/multipart.ts';
import { NO_TAGS, type ChecksumType } from '../state/object.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { assertPartNumber, assertSameSseCustomer, commitPart, MAX_PART_SIZE, releaseParts, requireUpload } from './_shared/multipart-rules.ts';
import { storeRequestBody } from './_shared/body-store.ts';
import { aclForNewResource } from './_shared/acl-policy.ts';
import { lockForWrite } from './_shared/object-lock-rules.ts';
import { encryptionFor } from './_shared/encryption.ts';
import { assertMetadataSize, assertValidKey, assertValidStorageClass, systemMetadataFrom } from './_shared/object-rules.ts';
import { parseTaggingHeader } from './_shared/tags.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { sseCustomerForWrite, sseCustomerOf } from './_shared/sse-c.ts';

/** AWS's allowed (algorithm, type) pairs: https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html */
function uploadChecksum(algorithmRaw: string | undefined, typeRaw: string | undefined): { algorithm?: ChecksumAlgorithm; type?: ChecksumType } {
  const algorithm = algorithmRaw?.toUpperCase();
  if (algorithm !== undefined && (!isChecksumAlgorithm(algorithm) || !['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'].includes(algorithm))) {
    throw new S3Error('InvalidRequest', { message: 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]' });
  }
  if (typeRaw !== undefined && algorithm === undefined) {
    throw new S3Error('InvalidRequest', { message: 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.' });
  }
  if (algorithm === undefined) return {};
  const type: ChecksumType = typeRaw === undefined ? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE') : (typeRaw as ChecksumType);
  if (type !== 'FULL_OBJECT' && type !== 'COMPOSITE') {
    throw new S3Error('InvalidRequest', { message: `Value for x-amz-checksum-type header is invalid.` });
  }
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw new S3Error('InvalidRequest', { message: 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.' });
  }
  if (type === 'FULL_OBJECT' && algorithm.startsWith('SHA')) {
    throw new S3Error('InvalidRequest', { message: `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.` });
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
  const ownerAccountId = ctx.access?.objectOwner ?? ctx.accountId;
  const upload: MultipartUpload = {
    uploadId: randomBytes(48).toString('base64url'),
    key: input.Key,
    initiated: ctx.now,
    ownerAccountId,
    storageClass: input.StorageClass ?? 'STANDARD',
    system: systemMetadataFrom(input),
    metadata,
    tags: input.Tagging !== undefined ? parseTaggingHeader(input.Tagging) : NO_TAGS,
    sse,
    sseCustomer,
    lock: lockForWrite(bucket, input, ctx.now),
    acl: aclForNewResource(input, { owner: ownerAccountId, bucketOwner: bucket.ownerAccountId }),
    checksumAlgorithm: algorithm,
    checksumType: type,
    parts: new Map(),
    keyChangedSinceInitiation: false,
  };
  ctx.state.createUpload(bucket, upload);
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
    throw new S3Error('InvalidRequest', { message: `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${sent?.toLowerCase() ?? 'null'}` });
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

async function abortMultipartUpload(ctx: RequestContext, input: AbortMultipartUploadRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  const upload = requireUpload(bucket, input.Key, input.UploadId);
  if (input.IfMatchInitiatedTime !== undefined
    && Math.floor(input.IfMatchInitiatedTime.getTime() / 1000) !== Math.floor(upload.initiated.getTime() / 1000)) {
    throw new S3Error('PreconditionFailed', {
      fields: {
        Condition: 'x-amz-if-match-initiated-time',
      },
    });
  }
  releaseParts(ctx, ctx.state.deleteUpload(bucket, upload));
  return {};
}

export const MULTIPART_OPERATIONS: OperationHandlers = {
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  AbortMultipartUpload: abortMultipartUpload,
};
