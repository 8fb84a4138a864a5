/**
 * What a record needs of the object an operation touched, read from the state right after the
 * operation: the one place events read object metadata.
 */
import type { Bucket } from '../state/bucket.ts';
import { NULL_VERSION_ID, type S3Object } from '../state/object.ts';

export interface ObjectFacts {
  readonly size: number;
  readonly eTag: string;
  /** Absent for the null version. */
  readonly versionId: string | undefined;
  readonly storageClass: string;
  readonly restoreExpiry: Date | undefined;
}

export function recordVersionId(versionId: string | undefined): string | undefined {
  return versionId === undefined || versionId === NULL_VERSION_ID ? undefined : versionId;
}

/** Stored ETags are quoted; records carry them bare. */
function unquoted(etag: string): string {
  return etag.length >= 2 && etag.startsWith('"') && etag.indexOf('"', 1) === etag.length - 1 ? etag.slice(1, -1) : etag.replace(/"/g, '');
}

export function factsOf(obj: S3Object): ObjectFacts {
  return {
    size: obj.size,
    eTag: unquoted(obj.etag),
    versionId: recordVersionId(obj.versionId),
    storageClass: obj.storageClass,
    restoreExpiry: obj.restore?.expiry,
  };
}

/** The version an output names, else the key's latest. */
export function objectFacts(bucket: Bucket, key: string, versionId: string | undefined): ObjectFacts | undefined {
  const obj = versionId !== undefined ? bucket.objects.getVersion(key, versionId) : bucket.objects.getLatest(key);
  return obj === undefined ? undefined : factsOf(obj);
}
