/** The source of CopyObject / UploadPartCopy: x-amz-copy-source parsing, lookup and its preconditions. */
import type { RequestContext } from '../../core/context.ts';
import { S3Error, isS3Error } from '../../protocol/s3-error.ts';
import type { Bucket } from '../../state/bucket.ts';
import type { S3Object } from '../../state/object.ts';
import { requireBucket } from './bucket-rules.ts';
import { findObject } from './object-lookup.ts';
import { isArchived } from './object-rules.ts';
import { etagMatches } from './preconditions.ts';
import { assertSseCustomerRead, copySourceSseCustomerOf } from './sse-c.ts';

export const MAX_COPY_SOURCE_SIZE = 5 * 1024 ** 3;

export interface CopySourceConditions {
  CopySourceIfMatch?: string;
  CopySourceIfNoneMatch?: string;
  CopySourceIfModifiedSince?: Date;
  CopySourceIfUnmodifiedSince?: Date;
  CopySourceSSECustomerAlgorithm?: string;
  CopySourceSSECustomerKey?: string;
  CopySourceSSECustomerKeyMD5?: string;
}

export interface CopySource {
  readonly bucket: Bucket;
  readonly object: S3Object;
}

/**
 * `bucket/key[?versionId=v]`, URL-encoded, with or without a leading slash; a full path-style URL
 * (`http://host/bucket/key`) counts by its path, as S3 reads it.
 */
export function parseCopySource(source: string): { bucket: string; key: string; versionId?: string } {
  const raw = source.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const versionId = q >= 0 ? new URLSearchParams(raw.slice(q + 1)).get('versionId') ?? undefined : undefined;
  let decoded: string;
  try {
    // Some SDKs encode spaces as '+': treat it as a space, as S3 does.
    decoded = decodeURIComponent(path.replace(/\+/g, ' ')).replace(/^\//, '');
  } catch {
    decoded = '';
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new S3Error('InvalidArgument', {
      message: 'Invalid copy source object key',
      fields: {
        ArgumentName: 'x-amz-copy-source',
        ArgumentValue: 'x-amz-copy-source',
      },
    });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), ...(versionId !== undefined ? { versionId } : {}) };
}

function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

/**
 * AWS's precedence (API_CopyObject): if-match true + if-unmodified-since false copies;
 * if-none-match false + if-modified-since true fails.
 */
export function failedCopyCondition(c: CopySourceConditions, etag: string, lastModified: Date, now: Date): string | undefined {
  if (c.CopySourceIfMatch !== undefined) {
    if (!etagMatches(c.CopySourceIfMatch, etag)) return 'x-amz-copy-source-If-Match';
  } else if (c.CopySourceIfUnmodifiedSince !== undefined && seconds(lastModified) > seconds(c.CopySourceIfUnmodifiedSince)) {
    return 'x-amz-copy-source-If-Unmodified-Since';
  }
  if (c.CopySourceIfNoneMatch !== undefined) {
    if (etagMatches(c.CopySourceIfNoneMatch, etag)) return 'x-amz-copy-source-If-None-Match';
  } else if (c.CopySourceIfModifiedSince !== undefined && c.CopySourceIfModifiedSince <= now
    && seconds(lastModified) <= seconds(c.CopySourceIfModifiedSince)) {
    return 'x-amz-copy-source-If-Modified-Since';
  }
  return undefined;
}

/** Resolves and checks the copy source: existence, delete markers, archive state, SSE-C key, preconditions. */
export function resolveCopySource(ctx: RequestContext, raw: string, conditions: CopySourceConditions): CopySource {
  const { bucket: name, key, versionId } = parseCopySource(raw);
  const bucket = requireBucket(ctx, name);
  let object: S3Object;
  try {
    object = findObject(bucket, key, versionId, 'GET');
  } catch (e) {
    if (isS3Error(e) && e.code === 'MethodNotAllowed') {
      throw new S3Error('InvalidRequest', { message: 'The source of a copy request may not specifically refer to a delete marker by version id.' });
    }
    throw e;
  }
  if (isArchived(object, ctx.now)) {
    throw new S3Error('InvalidObjectState', {
      message: "Operation is not valid for the source object's storage class",
      fields: {
        StorageClass: object.storageClass,
      },
    });
  }
  // Reading an SSE-C source takes its key, as a GET would.
  assertSseCustomerRead(object, copySourceSseCustomerOf(conditions));
  const failed = failedCopyCondition(conditions, object.etag, object.lastModified, ctx.now);
  if (failed !== undefined) {
    throw new S3Error('PreconditionFailed', { fields: { Condition: failed } });
  }
  return { bucket, object };
}

/** x-amz-copy-source-version-id is reported for versioned sources only. */
export function copySourceVersionId(source: CopySource): string | undefined {
  return source.bucket.versioning !== undefined && source.object.versionId !== 'null' ? source.object.versionId : undefined;
}

export function assertCopySize(size: number): void {
  if (size > MAX_COPY_SOURCE_SIZE) {
    throw new S3Error('InvalidRequest', { message: `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SOURCE_SIZE}` });
  }
}
