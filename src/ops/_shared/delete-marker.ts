import type { Bucket } from '../../state/bucket.ts';
import { NO_METADATA, NO_SYSTEM, NO_TAGS, type S3Object } from '../../state/object.ts';
import { versionIdForWrite } from './object-lookup.ts';

/** A delete marker for `key`, with the id the bucket's versioning state gives (also made by lifecycle). */
export function deleteMarker(bucket: Bucket, key: string, ownerAccountId: string, lastModified: Date): S3Object {
  return {
    key,
    versionId: versionIdForWrite(bucket),
    isDeleteMarker: true,
    lastModified,
    ownerAccountId,
    size: 0,
    etag: '',
    system: NO_SYSTEM,
    metadata: NO_METADATA,
    storageClass: 'STANDARD',
    tags: NO_TAGS,
  };
}
