/**
 * CompleteMultipartUpload: validates the part list, derives the ETag and checksum from the parts'
 * digests (never re-reading bytes), and commits an object that references the parts' bytes.
 */
import { combineCrc, compositeChecksum, multipartEtag } from '../checksum/index.ts';
import { CHECKSUM_ALGORITHMS, checksumMember, type ChecksumAlgorithm } from '../checksum/types.ts';
import type { RequestContext } from '../core/context.ts';
import type {
  CompletedPart,
  CompleteMultipartUploadOutput,
  CompleteMultipartUploadRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { MultipartUpload, UploadedPart } from '../state/multipart.ts';
import type { Bucket } from '../state/bucket.ts';
import { NULL_VERSION_ID, type ChecksumType, type ObjectPart, type S3Object } from '../state/object.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { objectLocation } from './_shared/location.ts';
import { assertUploadLive, requireUpload } from './_shared/multipart-rules.ts';
import { completedBy } from './_shared/multipart-replay.ts';
import { encryptionHeaders, writeVersion } from './_shared/write-version.ts';
import type { Mutable } from '../state/mutable.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { assertWriteConditionForm, assertWriteConditions } from './_shared/write-conditions.ts';

const MIN_PART_SIZE = 5 * 1024 * 1024;
/** An object has at most 10,000 parts; only a list repeating part numbers can name more. */
const MAX_PARTS = 10_000;

function invalidPart(upload: MultipartUpload, part: CompletedPart): S3Error {
  return new S3Error('InvalidPart', {
    fields: {
      UploadId: upload.uploadId,
      PartNumber: part.PartNumber,
      ETag: (part.ETag ?? '').replace(/"/g, ''),
    },
  });
}

/** The checksums a CompletedPart entry carries. */
function sentChecksums(part: CompletedPart): ChecksumAlgorithm[] {
  return CHECKSUM_ALGORITHMS.filter((alg) => part[checksumMember(alg)] !== undefined);
}

/** Matches each listed part to an uploaded one, checking order, ETags, checksums and sizes. */
function resolveParts(upload: MultipartUpload, listed: readonly CompletedPart[]): UploadedPart[] {
  if (listed.length === 0) throw new S3Error('InvalidRequest', { message: 'You must specify at least one part' });
  if (listed.length > MAX_PARTS) throw new S3Error('TooManyParts');
  // Order is checked for the whole list before any part is looked at, as AWS does.
  if (listed.some((part, i) => i > 0 && (part.PartNumber ?? 0) < (listed[i - 1]?.PartNumber ?? 0))) {
    throw new S3Error('InvalidPartOrder', { fields: { UploadId: upload.uploadId } });
  }
  const resolved: UploadedPart[] = [];
  for (const [index, part] of listed.entries()) {
    const number = part.PartNumber ?? 0;
    const stored = upload.parts.get(number);
    if (stored === undefined || (part.ETag ?? '').replace(/"/g, '') !== stored.md5Hex) throw invalidPart(upload, part);
    checkPartChecksum(upload, part, stored);
    if (index < listed.length - 1 && stored.size < MIN_PART_SIZE) {
      throw new S3Error('EntityTooSmall', {
        fields: {
          ETag: stored.md5Hex, PartNumber: number, MinSizeAllowed: MIN_PART_SIZE, ProposedSize: stored.size,
        },
      });
    }
    resolved.push(stored);
  }
  return resolved;
}

function checkPartChecksum(upload: MultipartUpload, part: CompletedPart, stored: UploadedPart): void {
  const algorithm = upload.checksumAlgorithm;
  const sent = sentChecksums(part);
  if (algorithm === undefined) {
    if (sent.length > 0) throw invalidPart(upload, part);
    return;
  }
  const value = part[checksumMember(algorithm)];
  if (value === undefined) {
    if (upload.checksumType !== 'COMPOSITE') return;
    const other = sent[0];
    if (other !== undefined) {
      throw new S3Error('BadDigest', { message: `The ${other.toLowerCase()} you specified for part ${part.PartNumber} did not match what we received.` });
    }
    throw new S3Error('InvalidRequest', { message: `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${part.PartNumber} in the request.` });
  }
  if (value !== stored.checksumValue) throw invalidPart(upload, part);
}

/** The object's checksum: composite of part digests, or the CRC combined over the whole object. */
async function objectChecksum(upload: MultipartUpload, parts: readonly UploadedPart[]): Promise<{ algorithm: ChecksumAlgorithm; value: string; type: ChecksumType }> {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === undefined) {
    // No algorithm asked for: like AWS, a FULL_OBJECT CRC64NVME, combined from the parts' CRC64s.
    return { algorithm: 'CRC64NVME', type: 'FULL_OBJECT', value: combineCrc('CRC64NVME', parts.map((p) => ({ checksumB64: p.crc64nvme, size: p.size }))) };
  }
  const values = parts.map((p) => p.checksumValue ?? '');
  if (upload.checksumType === 'COMPOSITE') return { algorithm, type: 'COMPOSITE', value: await compositeChecksum(algorithm, values) };
  return { algorithm, type: 'FULL_OBJECT', value: combineCrc(algorithm, parts.map((p) => ({ checksumB64: p.checksumValue ?? '', size: p.size }))) };
}

/** The checksum mode named on Complete must be the upload's (checked before any part, as AWS does). */
function assertSameChecksumType(input: CompleteMultipartUploadRequest, upload: MultipartUpload): void {
  if (input.ChecksumType !== undefined && input.ChecksumType !== upload.checksumType) {
    throw new S3Error('InvalidRequest', { message: `The upload was created using the ${upload.checksumType ?? 'null'} checksum mode. The complete request must use the same checksum mode.` });
  }
}

/** Checksums sent on the Complete request itself (FULL_OBJECT validation). */
function assertCompleteChecksums(input: CompleteMultipartUploadRequest, upload: MultipartUpload, checksum: { algorithm: ChecksumAlgorithm; value: string; type: ChecksumType }): void {
  for (const alg of CHECKSUM_ALGORITHMS) {
    const sent = input[checksumMember(alg)];
    if (sent === undefined || upload.checksumAlgorithm === undefined) continue;
    const wrongAlgorithm = alg !== upload.checksumAlgorithm;
    const wrongValue = checksum.type === 'FULL_OBJECT' && sent !== checksum.value;
    if (wrongAlgorithm || wrongValue || (checksum.type === 'FULL_OBJECT' && input.ChecksumType === undefined)) {
      throw new S3Error('BadDigest', { message: `The ${upload.checksumAlgorithm.toLowerCase()} you specified did not match the calculated checksum.` });
    }
  }
}

/** An SSE-C upload without a checksum algorithm gets no default CRC64NVME (AWS reports none). */
function keepsChecksum(upload: MultipartUpload): boolean {
  return upload.sseCustomer === undefined || upload.checksumAlgorithm !== undefined;
}

function objectFromUpload(ctx: RequestContext, upload: MultipartUpload, parts: readonly UploadedPart[], blob: S3Object['blob'], checksum: { algorithm: ChecksumAlgorithm; value: string; type: ChecksumType }): Mutable<S3Object> {
  const objectParts: ObjectPart[] = parts.map((p) => ({
    partNumber: p.partNumber, size: p.size, etag: p.md5Hex,
    ...(checksum.type === 'COMPOSITE' && p.checksumValue !== undefined ? { checksum: p.checksumValue } : {}),
  }));
  return {
    key: upload.key, versionId: '', isDeleteMarker: false, lastModified: ctx.now, ownerAccountId: upload.ownerAccountId,
    blob, size: parts.reduce((n, p) => n + p.size, 0),
    etag: `"${multipartEtag(parts.map((p) => p.md5Hex))}"`,
    system: upload.system, metadata: upload.metadata, storageClass: upload.storageClass,
    ...(keepsChecksum(upload) ? { checksumAlgorithm: checksum.algorithm, checksumValue: checksum.value, checksumType: checksum.type } : {}),
    tags: upload.tags, sse: upload.sse, sseCustomer: upload.sseCustomer, parts: objectParts, uploadId: upload.uploadId,
    lock: upload.lock, acl: upload.acl,
  };
}

/** A conditional Complete whose key changed after the upload began conflicts, even if the condition holds now. */
function assertNoConflict(upload: MultipartUpload, input: CompleteMultipartUploadRequest): void {
  const condition = input.IfMatch !== undefined ? 'If-Match' : input.IfNoneMatch !== undefined ? 'If-None-Match' : undefined;
  if (condition === undefined || !upload.keyChangedSinceInitiation) return;
  throw new S3Error('ConditionalRequestConflict', {
    fields: {
      Condition: condition,
      Key: upload.key,
    },
  });
}

/** The answer to a Complete, from the object it made (a retry answers the same from the same object). */
function completeOutput(ctx: RequestContext, bucket: Bucket, obj: S3Object): CompleteMultipartUploadOutput {
  const out: CompleteMultipartUploadOutput = {
    Location: objectLocation(ctx, bucket.name, obj.key),
    Bucket: bucket.name, Key: obj.key, ETag: obj.etag,
    ...(obj.versionId !== NULL_VERSION_ID ? { VersionId: obj.versionId } : {}),
    ...encryptionHeaders(obj),
  };
  // AWS returns no checksum fields for KMS-encrypted objects (it still stores them).
  if (obj.sse?.kmsKeyId === undefined && obj.checksumAlgorithm !== undefined && obj.checksumValue !== undefined) {
    out[`Checksum${obj.checksumAlgorithm}`] = obj.checksumValue;
    if (obj.checksumType !== undefined) out.ChecksumType = obj.checksumType;
  }
  return out;
}

async function completeMultipartUpload(ctx: RequestContext, input: CompleteMultipartUploadRequest): Promise<CompleteMultipartUploadOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const listed = input.MultipartUpload?.Parts ?? [];
  if (!bucket.uploads.has(input.UploadId)) {
    const made = completedBy(bucket, input.Key, input.UploadId, listed);
    if (made !== undefined) return completeOutput(ctx, bucket, made);
  }
  const upload = requireUpload(bucket, input.Key, input.UploadId);
  assertWriteConditionForm(input.IfMatch, input.IfNoneMatch);
  assertSameChecksumType(input, upload);
  const parts = resolveParts(upload, listed);
  const size = parts.reduce((n, p) => n + p.size, 0);
  if (input.MpuObjectSize !== undefined && input.MpuObjectSize !== size) {
    throw new S3Error('InvalidRequest', { message: `The provided 'x-amz-mp-object-size' header value ${input.MpuObjectSize} does not match what was computed: ${size}` });
  }
  const checksum = await objectChecksum(upload, parts);
  assertCompleteChecksums(input, upload, checksum);
  const blob = await ctx.blobs.concat(parts.map((p) => p.blob));
  let obj: S3Object;
  try {
    obj = writeVersion(ctx, {
      bucket, draft: objectFromUpload(ctx, upload, parts, blob, checksum), completes: upload,
      // A concurrent Complete or Abort of the same upload may have won meanwhile.
      check: () => {
        assertUploadLive(ctx, bucket, upload);
        assertWriteConditions(bucket, upload.key, input.IfMatch, input.IfNoneMatch);
        assertNoConflict(upload, input);
      },
    });
  } catch (e) {
    // A concurrent Complete of this upload with the same parts won: this one answers as its retry.
    const made = bucket.uploads.has(upload.uploadId) ? undefined : completedBy(bucket, upload.key, upload.uploadId, listed);
    if (made !== undefined) return completeOutput(ctx, bucket, made);
    throw e;
  }
  return completeOutput(ctx, bucket, obj);
}

export const COMPLETE_OPERATIONS: OperationHandlers = {
  CompleteMultipartUpload: completeMultipartUpload,
};
