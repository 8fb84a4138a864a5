/**
 * A retried CompleteMultipartUpload. AWS answers a Complete that already succeeded with 200 and the
 * same result (SDKs retry Complete after a timeout): reported against AWS in adobe/S3Mock#2586 and
 * minio/minio#13318, checked by ceph/s3-tests test_multipart_reupload_checksum_and_etag.
 */
import type { CompletedPart } from '../../protocol/generated/types.ts';
import type { Bucket } from '../../state/bucket.ts';
import type { S3Object } from '../../state/object.ts';

function unquoted(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '');
}

/** The retry names the parts the object was made of, in the same order, with the same ETags. */
function sameParts(obj: S3Object, listed: readonly CompletedPart[]): boolean {
  const parts = obj.parts ?? [];
  return parts.length === listed.length && parts.every((p, i) => {
    const sent = listed[i];
    return sent !== undefined && sent.PartNumber === p.partNumber && unquoted(sent.ETag) === p.etag;
  });
}

/**
 * The object a completed upload made, when it is still the key's current version and the retry
 * lists the same parts. Once the key is overwritten or deleted, or with another part list, the
 * upload is gone and the answer is NoSuchUpload (no AWS recording of these cases was found).
 */
export function completedBy(bucket: Bucket, key: string, uploadId: string, listed: readonly CompletedPart[]): S3Object | undefined {
  const latest = bucket.objects.getLatest(key);
  if (latest === undefined || latest.isDeleteMarker || latest.uploadId !== uploadId) return undefined;
  return sameParts(latest, listed) ? latest : undefined;
}
