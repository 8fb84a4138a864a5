/** The response headers that describe a stored object (GetObject, HeadObject). */
import type { HeadObjectOutput } from '../../protocol/generated/types.ts';
import type { S3Object } from '../../state/object.ts';
import { formatHttpDate } from '../../protocol/wire-values.ts';
import { encryptionHeaders } from './write-version.ts';

export type ObjectDescription = HeadObjectOutput;

export interface DescribeOptions {
  /** Buckets that ever had versioning configured report x-amz-version-id. */
  readonly versioned: boolean;
  /** ChecksumMode=ENABLED on a whole-object read. */
  readonly checksumMode: boolean;
  /** The part a partNumber read addresses: it reports PartsCount, and a COMPOSITE object the part's checksum. */
  readonly partNumber?: number;
}

export function describeObject(obj: S3Object, opts: DescribeOptions): ObjectDescription {
  const s = obj.system;
  const desc: ObjectDescription = {
    AcceptRanges: 'bytes',
    LastModified: obj.lastModified,
    ContentLength: obj.size,
    ETag: obj.etag,
    ContentType: s.contentType,
    Metadata: obj.metadata,
  };
  if (s.contentEncoding !== undefined) desc.ContentEncoding = s.contentEncoding;
  if (s.contentDisposition !== undefined) desc.ContentDisposition = s.contentDisposition;
  if (s.contentLanguage !== undefined) desc.ContentLanguage = s.contentLanguage;
  if (s.cacheControl !== undefined) desc.CacheControl = s.cacheControl;
  if (s.expires !== undefined) desc.Expires = s.expires;
  if (s.websiteRedirectLocation !== undefined) desc.WebsiteRedirectLocation = s.websiteRedirectLocation;
  if (opts.versioned) desc.VersionId = obj.versionId;
  if (obj.storageClass !== 'STANDARD') desc.StorageClass = obj.storageClass as ObjectDescription['StorageClass'];
  if (obj.restore !== undefined) {
    desc.Restore = obj.restore.ongoing || obj.restore.expiry === undefined
      ? 'ongoing-request="true"'
      : `ongoing-request="false", expiry-date="${formatHttpDate(obj.restore.expiry)}"`;
  }
  if (obj.tags.length > 0) desc.TagCount = obj.tags.length;
  if (obj.replication !== undefined) desc.ReplicationStatus = obj.replication;
  if (opts.partNumber !== undefined && obj.parts !== undefined) desc.PartsCount = obj.parts.length;
  encryptionHeaders(obj, desc);
  if (obj.lock?.mode !== undefined) desc.ObjectLockMode = obj.lock.mode as ObjectDescription['ObjectLockMode'];
  if (obj.lock?.retainUntil !== undefined) desc.ObjectLockRetainUntilDate = obj.lock.retainUntil;
  if (obj.lock?.legalHold !== undefined) desc.ObjectLockLegalHoldStatus = obj.lock.legalHold as ObjectDescription['ObjectLockLegalHoldStatus'];
  if (opts.checksumMode && obj.checksumAlgorithm !== undefined && obj.checksumValue !== undefined) {
    const part = opts.partNumber !== undefined && obj.checksumType === 'COMPOSITE'
      ? obj.parts?.find((p) => p.partNumber === opts.partNumber)?.checksum
      : undefined;
    desc[`Checksum${obj.checksumAlgorithm}`] = part ?? obj.checksumValue;
    desc.ChecksumType = obj.checksumType;
  }
  return desc;
}
