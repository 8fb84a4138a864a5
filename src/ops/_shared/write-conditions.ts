/**
 * Conditional writes (PutObject, CompleteMultipartUpload): If-None-Match: * creates only, If-Match:
 * <etag> replaces only that version. https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
import { S3Error } from '../../protocol/s3-error.ts';
import type { Bucket } from '../../state/bucket.ts';
import type { S3Object } from '../../state/object.ts';
import { noSuchKey } from './object-lookup.ts';
import { etagMatches } from './preconditions.ts';

function notImplemented(header: string, additionalMessage: string): S3Error {
  return new S3Error('NotImplemented', {
    fields: {
      Header: header,
      additionalMessage,
    },
  });
}

function failed(condition: string): S3Error {
  return new S3Error('PreconditionFailed', {
    fields: {
      Condition: condition,
    },
  });
}

/** Validates the headers' form; call before reading the body so bad requests fail fast. */
export function assertWriteConditionForm(ifMatch: string | undefined, ifNoneMatch: string | undefined): void {
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw notImplemented('If-Match,If-None-Match', 'Multiple conditional request headers present in the request');
  }
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
    throw notImplemented('If-None-Match', "We don't accept the provided value of If-None-Match header for this API");
  }
  if (ifMatch === '*') {
    throw notImplemented('If-Match', "We don't accept the provided value of If-Match header for this API");
  }
}

/**
 * Evaluated at commit time, synchronously with the commit, so the check and the write are atomic.
 * `latestAtStart` is the key's latest version when the request began: if another write won the
 * race meanwhile, the answer is 409 ConditionalRequestConflict, as AWS gives concurrent writers.
 */
export function assertWriteConditions(bucket: Bucket, key: string, ifMatch: string | undefined, ifNoneMatch: string | undefined, latestAtStart?: S3Object | null): void {
  assertWriteConditionForm(ifMatch, ifNoneMatch);
  if (ifMatch === undefined && ifNoneMatch === undefined) return;
  const latest = bucket.objects.getLatest(key);
  if (latestAtStart !== undefined && latest !== (latestAtStart ?? undefined)) {
    throw new S3Error('ConditionalRequestConflict', {
      fields: {
        Condition: ifMatch !== undefined ? 'If-Match' : 'If-None-Match',
        Key: key,
      },
    });
  }
  const exists = latest !== undefined && !latest.isDeleteMarker;
  if (ifNoneMatch !== undefined && exists) throw failed('If-None-Match');
  if (ifMatch !== undefined) {
    if (!exists) throw noSuchKey(key);
    if (!etagMatches(ifMatch, latest.etag)) throw failed('If-Match');
  }
}
