/** Validation of object writes: key length, storage class, user metadata size. */
import { stripAwsChunked } from '../../protocol/aws-chunked.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import type { S3Object, SystemMetadata } from '../../state/object.ts';

const MAX_KEY_BYTES = 1024;
const MAX_USER_METADATA_BYTES = 2048;

/** Storage classes a regular bucket accepts on write. */
export const WRITABLE_STORAGE_CLASSES = new Set([
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER',
  'DEEP_ARCHIVE', 'GLACIER_IR',
]);

/** Archived objects must be restored before GET (https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html). */
export const ARCHIVE_STORAGE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** An archived object's bytes can be read only while a completed restore has not expired. */
export function isArchived(obj: S3Object, now: Date): boolean {
  if (!ARCHIVE_STORAGE_CLASSES.has(obj.storageClass)) return false;
  const r = obj.restore;
  return r === undefined || r.ongoing || (r.expiry !== undefined && r.expiry <= now);
}

export function assertValidKey(key: string): void {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most keys need no count at all.
  if (key.length * 3 <= MAX_KEY_BYTES) return;
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', { fields: { MaxSizeAllowed: MAX_KEY_BYTES, Size: size } });
  }
}

export function assertValidStorageClass(storageClass: string | undefined): void {
  if (storageClass !== undefined && !WRITABLE_STORAGE_CLASSES.has(storageClass)) {
    throw new S3Error('InvalidStorageClass', {
      fields: {
        StorageClassRequested: storageClass,
      },
    });
  }
}

/** User metadata is limited to 2 KB: the UTF-8 bytes of every name and value. */
export function assertMetadataSize(metadata: Record<string, string>): void {
  let size = 0;
  // for-in, not Object.entries: no array per PUT for the usual empty record.
  for (const k in metadata) size += Buffer.byteLength(k) + Buffer.byteLength(metadata[k] ?? '');
  if (size > MAX_USER_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', {
      fields: {
        Size: size,
        MaxSizeAllowed: MAX_USER_METADATA_BYTES,
      },
    });
  }
}

export interface ContentHeaders {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
}

/**
 * Records holding only a Content-Type, shared by every object with that type: most objects carry
 * nothing else, and a few types cover nearly all of them. Bounded, so arbitrary types cannot grow it.
 */
const CONTENT_TYPE_ONLY = new Map<string, SystemMetadata>();
const MAX_SHARED_CONTENT_TYPES = 256;

/**
 * The system metadata a write stores: binary/octet-stream by default, aws-chunked never kept. The
 * record may be shared with other objects (frozen): replace it, never edit it.
 */
export function systemMetadataFrom(input: ContentHeaders): SystemMetadata {
  const system: SystemMetadata = {
    contentType: input.ContentType ?? 'binary/octet-stream',
    contentEncoding: stripAwsChunked(input.ContentEncoding),
    contentDisposition: input.ContentDisposition,
    contentLanguage: input.ContentLanguage,
    cacheControl: input.CacheControl,
    expires: input.Expires,
    websiteRedirectLocation: input.WebsiteRedirectLocation,
  };
  if (system.contentEncoding !== undefined || system.contentDisposition !== undefined || system.contentLanguage !== undefined
    || system.cacheControl !== undefined || system.expires !== undefined || system.websiteRedirectLocation !== undefined) {
    return system;
  }
  const type = system.contentType ?? '';
  const shared = CONTENT_TYPE_ONLY.get(type);
  if (shared !== undefined) return shared;
  if (CONTENT_TYPE_ONLY.size < MAX_SHARED_CONTENT_TYPES) CONTENT_TYPE_ONLY.set(type, Object.freeze(system));
  return system;
}
