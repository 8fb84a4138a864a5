/**
 * Storage's own errors as the S3 errors a client sees: src/storage/ knows nothing of the wire, so
 * the pipeline translates what escapes an operation here.
 */
import { noSuchBucket } from '../ops/_shared/bucket-rules.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { BlobStoreClearedError, BlobTooLargeError } from '../storage/types.ts';

/** `e` as S3 answers it when it is a storage error; anything else is returned as it is. */
export function fromStorageError(e: unknown, bucket: string | undefined): unknown {
  // A reset while the request was storing bytes took its bucket away: answer as after the reset.
  if (e instanceof BlobStoreClearedError && bucket !== undefined) return noSuchBucket(bucket);
  if (e instanceof BlobTooLargeError) {
    return new S3Error('EntityTooLarge', { fields: { ProposedSize: e.proposedSize, MaxSizeAllowed: e.maxSize } });
  }
  return e;
}
