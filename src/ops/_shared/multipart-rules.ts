/** What the multipart operations (and UploadPartCopy) share: finding an upload, and committing a part. */
import type { RequestContext } from '../../core/context.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import type { Bucket } from '../../state/bucket.ts';
import type { MultipartUpload, UploadedPart } from '../../state/multipart.ts';
import { assertBucketLive } from './bucket-rules.ts';

export const MAX_PART_NUMBER = 10_000;
export const MAX_PART_SIZE = 5 * 1024 ** 3;

export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error('NoSuchUpload', {
    fields: {
      UploadId: uploadId,
    },
  });
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
  let previous: UploadedPart | undefined;
  try {
    previous = ctx.state.putPart(bucket, upload, part);
  } catch (e) {
    ctx.blobs.release(part.blob);
    throw e;
  }
  if (previous !== undefined) ctx.blobs.release(previous.blob);
}

export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive',
      fields: {
        ArgumentName: 'partNumber',
        ArgumentValue: partNumber,
      },
    });
  }
}

/** Every part of an SSE-C upload carries the key it was created with (and none otherwise). */
export function assertSameSseCustomer(upload: MultipartUpload, keyMd5: string | undefined): void {
  const expected = upload.sseCustomer?.keyMd5;
  if ((expected === undefined) !== (keyMd5 === undefined)) {
    throw new S3Error('InvalidRequest', { message: 'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.' });
  }
  if (expected !== undefined && expected !== keyMd5) {
    throw new S3Error('InvalidRequest', { message: 'The provided encryption parameters did not match the ones used originally.' });
  }
}

/** Frees the bytes of parts whose upload is gone. */
export function releaseParts(ctx: RequestContext, parts: Iterable<UploadedPart>): void {
  for (const part of parts) ctx.blobs.release(part.blob);
}
