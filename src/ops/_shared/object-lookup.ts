/** Finding the addressed object version, with S3's errors for missing keys, versions and delete markers. */
import { S3Error } from '../../protocol/s3-error.ts';
import type { Bucket } from '../../state/bucket.ts';
import { NULL_VERSION_ID, type S3Object } from '../../state/object.ts';
import { issuedAt, newVersionId } from './version-id.ts';

/** Version ids embed their creation time; one from before this or far in the future we never issued. */
const EARLIEST_VERSION_MS = Date.UTC(2020, 0, 1);
const CLOCK_SLACK_MS = 24 * 3600 * 1000;

/** True when `versionId` was created before `marker` (the null version has no place in time). */
export function isOlderVersion(versionId: string, marker: string): boolean {
  return versionId !== NULL_VERSION_ID && marker !== NULL_VERSION_ID && versionId < marker;
}

/** True when this server could have issued `versionId` (AWS likewise rejects ids it never made). */
export function isIssuableVersionId(versionId: string): boolean {
  const issued = issuedAt(versionId);
  return issued >= EARLIEST_VERSION_MS && issued <= Date.now() + CLOCK_SLACK_MS;
}

/** `null` is always a valid id; any other is invalid on a never-versioned bucket or when we never issued it. */
export function assertValidVersionId(versionId: string, bucket?: Bucket): void {
  if (versionId === NULL_VERSION_ID) return;
  if ((bucket !== undefined && bucket.versioning === undefined) || !isIssuableVersionId(versionId)) {
    throw new S3Error('InvalidArgument', {
      message: 'Invalid version id specified',
      fields: {
        ArgumentName: 'versionId',
        ArgumentValue: versionId,
      },
    });
  }
}

export function noSuchKey(key: string, headers: Record<string, string> = {}): S3Error {
  return new S3Error('NoSuchKey', { fields: { Key: key }, headers });
}

function deleteMarkerNotAllowed(method: string, versionId: string): S3Error {
  return new S3Error('MethodNotAllowed', {
    fields: {
      Method: method,
      ResourceType: 'DeleteMarker',
    },
    headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionId, Allow: 'DELETE' },
  });
}

export interface FindOptions {
  /**
   * Object reads answer NoSuchKey when the latest version is a delete marker; sub-resources
   * (tagging, ACL, retention...) answer 405 MethodNotAllowed, as AWS does.
   */
  readonly latestMarker?: 'NoSuchKey' | 'MethodNotAllowed';
}

/**
 * The version a request addresses. Without versionId: the latest, NoSuchKey when absent, and for a
 * delete marker NoSuchKey (reads) or 405 (sub-resources), with x-amz-delete-marker. With versionId:
 * that version, NoSuchVersion when absent, 405 MethodNotAllowed when it is a delete marker.
 */
export function findObject(bucket: Bucket, key: string, versionId: string | undefined, method: string, opts: FindOptions = {}): S3Object {
  if (versionId === undefined) {
    const latest = bucket.objects.getLatest(key);
    if (latest === undefined) throw noSuchKey(key);
    if (latest.isDeleteMarker) {
      if (opts.latestMarker === 'MethodNotAllowed') throw deleteMarkerNotAllowed(method, latest.versionId);
      throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.versionId });
    }
    return latest;
  }
  assertValidVersionId(versionId, bucket);
  const version = bucket.objects.getVersion(key, versionId);
  if (version === undefined) {
    throw new S3Error('NoSuchVersion', { fields: { Key: key, VersionId: versionId } });
  }
  if (version.isDeleteMarker) throw deleteMarkerNotAllowed(method, versionId);
  return version;
}

/** What a write will be stored as: a fresh id on Enabled buckets, else the null version. */
export function versionIdForWrite(bucket: Bucket): string {
  return bucket.versioning === 'Enabled' ? newVersionId() : NULL_VERSION_ID;
}
