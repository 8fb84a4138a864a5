/**
 * CopyObject and UploadPartCopy. Blobs are immutable, so a plain copy shares the source's bytes
 * (BlobStore.concat of one ref); bytes are re-streamed only when the copy needs new digests (a
 * multipart source, a new checksum algorithm, or a byte range).
 */
import { isChecksumAlgorithm, type ChecksumAlgorithm } from '../checksum/types.ts';
import type { RequestContext } from '../core/context.ts';
import type {
  CopyObjectOutput,
  CopyObjectRequest,
  CopyObjectResult,
  UploadPartCopyOutput,
  UploadPartCopyRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { S3Object } from '../state/object.ts';
import type { Mutable } from '../state/mutable.ts';
import type { ByteRange, WrittenBlob } from '../storage/types.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { assertCopySize, copySourceVersionId, resolveCopySource, type CopySource } from './_shared/copy-source.ts';
import { aclForNewResource } from './_shared/acl-policy.ts';
import { lockForWrite } from './_shared/object-lock-rules.ts';
import { encryptionFor } from './_shared/encryption.ts';
import { assertPartNumber, assertSameSseCustomer, commitPart, requireUpload } from './_shared/multipart-rules.ts';
import { answeredVersionId, encryptionHeaders, writeVersion } from './_shared/write-version.ts';
import { assertMetadataSize, assertValidKey, assertValidStorageClass, systemMetadataFrom } from './_shared/object-rules.ts';
import { parseTaggingHeader } from './_shared/tags.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { assertWriteConditionForm } from './_shared/write-conditions.ts';
import { sseCustomerForWrite, sseCustomerOf } from './_shared/sse-c.ts';

const SELF_COPY_MESSAGE = "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";
const COPY_RANGE_MESSAGE = 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

function directive(value: string | undefined, name: 'metadata' | 'tagging'): 'COPY' | 'REPLACE' {
  if (value === undefined || value === 'COPY') return 'COPY';
  if (value === 'REPLACE') return 'REPLACE';
  throw new S3Error('InvalidArgument', { message: `Unknown ${name} directive.`, fields: { ArgumentName: `x-amz-${name}-directive`, ArgumentValue: value } });
}

function assertNotSelfCopy(input: CopyObjectRequest, source: CopySource, metadataDirective: string): void {
  const sameObject = source.bucket.name === input.Bucket && source.object.key === input.Key;
  const changes = input.StorageClass !== undefined || input.ServerSideEncryption !== undefined
    || input.SSECustomerKeyMD5 !== undefined || metadataDirective === 'REPLACE'
    || input.WebsiteRedirectLocation !== undefined || source.bucket.configs.encryption !== undefined
    || source.object.restore !== undefined;
  if (sameObject && !changes) throw new S3Error('InvalidRequest', { message: SELF_COPY_MESSAGE });
}

/** New bytes with fresh digests, streamed from a range of the source. */
async function rewrite(ctx: RequestContext, obj: S3Object, checksums: readonly ChecksumAlgorithm[], range?: ByteRange): Promise<WrittenBlob> {
  if (obj.blob === undefined) return ctx.blobs.write(new Uint8Array(0), { checksums });
  return ctx.blobs.write(ctx.blobs.read(obj.blob, range), { checksums });
}

/** The copy's bytes and digests: shared when the source's digests still hold. */
async function copyBytes(ctx: RequestContext, src: S3Object, algorithm: ChecksumAlgorithm): Promise<Pick<S3Object, 'blob' | 'size' | 'etag' | 'checksumValue'>> {
  const reusable = src.parts === undefined && src.checksumAlgorithm === algorithm && src.checksumType === 'FULL_OBJECT';
  if (reusable) {
    const blob = src.blob !== undefined ? await ctx.blobs.concat([src.blob]) : undefined;
    return { blob, size: src.size, etag: src.etag, checksumValue: src.checksumValue };
  }
  const written = await rewrite(ctx, src, [algorithm]);
  return { blob: written.ref, size: written.ref.size, etag: `"${written.md5Hex}"`, checksumValue: written.checksums[algorithm] };
}

function checksumAlgorithmFor(input: CopyObjectRequest, src: S3Object): ChecksumAlgorithm {
  const requested = input.ChecksumAlgorithm?.toUpperCase();
  if (requested !== undefined) {
    if (!isChecksumAlgorithm(requested)) throw new S3Error('InvalidRequest', { message: 'Checksum algorithm provided is unsupported.' });
    return requested;
  }
  return src.checksumAlgorithm ?? 'CRC64NVME';
}

async function copyObject(ctx: RequestContext, input: CopyObjectRequest): Promise<CopyObjectOutput> {
  assertWriteConditionForm(input.IfMatch, input.IfNoneMatch);
  assertValidKey(input.Key);
  const dest = requireBucket(ctx, input.Bucket);
  const sseCustomer = sseCustomerForWrite(sseCustomerOf(input), input.ServerSideEncryption);
  const source = resolveCopySource(ctx, input.CopySource, input);
  const src = source.object;
  assertCopySize(src.size);
  const metadataDirective = directive(input.MetadataDirective, 'metadata');
  const taggingDirective = directive(input.TaggingDirective, 'tagging');
  assertNotSelfCopy(input, source, metadataDirective);
  assertValidStorageClass(input.StorageClass);
  const replace = metadataDirective === 'REPLACE';
  const metadata = replace ? input.Metadata ?? {} : src.metadata;
  assertMetadataSize(metadata);
  const tags = taggingDirective === 'REPLACE' ? (input.Tagging !== undefined ? parseTaggingHeader(input.Tagging) : []) : src.tags;
  const sse = encryptionFor(ctx, dest, input);
  const algorithm = checksumAlgorithmFor(input, src);
  const bytes = await copyBytes(ctx, src, algorithm);
  const ownerAccountId = ctx.access?.objectOwner ?? ctx.accountId;
  const draft: Mutable<S3Object> = {
    ...bytes,
    key: input.Key, versionId: '', isDeleteMarker: false, lastModified: ctx.now,
    ownerAccountId,
    system: replace ? systemMetadataFrom(input) : { ...src.system, websiteRedirectLocation: input.WebsiteRedirectLocation },
    metadata, storageClass: input.StorageClass ?? 'STANDARD', checksumAlgorithm: algorithm, checksumType: 'FULL_OBJECT',
    tags, sse, acl: aclForNewResource(input, { owner: ownerAccountId, bucketOwner: dest.ownerAccountId }), lock: lockForWrite(dest, input, ctx.now),
    ...(sseCustomer !== undefined ? { sseCustomer } : {}),
  };
  const obj = writeVersion(ctx, { bucket: dest, draft, ifMatch: input.IfMatch, ifNoneMatch: input.IfNoneMatch });
  const versionId = answeredVersionId(dest, obj, 'when-ever-versioned');
  const result: CopyObjectResult = { ETag: obj.etag, LastModified: obj.lastModified, ChecksumType: 'FULL_OBJECT' };
  if (obj.checksumValue !== undefined) result[`Checksum${algorithm}`] = obj.checksumValue;
  const sourceVersion = copySourceVersionId(source);
  return {
    CopyObjectResult: result,
    ...(versionId !== undefined ? { VersionId: versionId } : {}),
    ...(sourceVersion !== undefined ? { CopySourceVersionId: sourceVersion } : {}),
    ...encryptionHeaders(obj),
  };
}

/** x-amz-copy-source-range: `bytes=first-last`, both required, within the source. */
function parseCopyRange(header: string, size: number): ByteRange {
  const invalid = (): S3Error => new S3Error('InvalidArgument', { message: COPY_RANGE_MESSAGE, fields: { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header } });
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (m === null) throw invalid();
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > end) throw invalid();
  if (start > size - 1) throw new S3Error('InvalidRequest', { message: 'The specified copy range is invalid for the source object size' });
  if (end > size - 1) {
    throw new S3Error('InvalidArgument', {
      message: `Range specified is not valid for source object of size: ${size}`,
      fields: {
        ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header,
      },
    });
  }
  return { start, end };
}

async function uploadPartCopy(ctx: RequestContext, input: UploadPartCopyRequest): Promise<UploadPartCopyOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const source = resolveCopySource(ctx, input.CopySource, input);
  const upload = requireUpload(bucket, input.Key, input.UploadId);
  assertPartNumber(input.PartNumber);
  assertSameSseCustomer(upload, input.SSECustomerKeyMD5);
  const src = source.object;
  const range = input.CopySourceRange !== undefined ? parseCopyRange(input.CopySourceRange, src.size) : undefined;
  if (range === undefined) assertCopySize(src.size);
  const algorithm = upload.checksumAlgorithm;
  const written = await rewrite(ctx, src, algorithm !== undefined ? [algorithm, 'CRC64NVME'] : ['CRC64NVME'], range);
  const checksumValue = algorithm !== undefined ? written.checksums[algorithm] : undefined;
  commitPart(ctx, bucket, upload, {
    partNumber: input.PartNumber, blob: written.ref, size: written.ref.size, md5Hex: written.md5Hex,
    lastModified: ctx.now, crc64nvme: written.checksums.CRC64NVME ?? '',
    ...(algorithm !== undefined ? { checksumAlgorithm: algorithm, checksumValue } : {}),
  });
  const sourceVersion = copySourceVersionId(source);
  return {
    CopyPartResult: {
      ETag: `"${written.md5Hex}"`, LastModified: ctx.now,
      ...(algorithm !== undefined && checksumValue !== undefined ? { [`Checksum${algorithm}`]: checksumValue } : {}),
    },
    ...(sourceVersion !== undefined ? { CopySourceVersionId: sourceVersion } : {}),
    ...(upload.sse !== undefined ? { ServerSideEncryption: upload.sse.algorithm as UploadPartCopyOutput['ServerSideEncryption'] } : {}),
  };
}

export const COPY_OPERATIONS: OperationHandlers = {
  CopyObject: copyObject,
  UploadPartCopy: uploadPartCopy,
};
