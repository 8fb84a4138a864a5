/** Version records for the lifecycle tests: a 10-byte STANDARD null version unless told otherwise. */
import { NO_METADATA, NO_TAGS, type S3Object } from '../state/object.ts';

export function version(over: Partial<S3Object> & { key: string }): S3Object {
  return {
    versionId: 'null', isDeleteMarker: false, lastModified: new Date('2026-01-15T10:30:00Z'), ownerAccountId: '000000000000',
    size: 10, etag: '"e"', system: {}, metadata: NO_METADATA, storageClass: 'STANDARD', tags: NO_TAGS, ...over,
  };
}
