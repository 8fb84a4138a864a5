/**
 * Read preconditions (GetObject/HeadObject) per RFC 9110 section 13.2.2 with S3's precedence: If-Match
 * beats If-Unmodified-Since, If-None-Match beats If-Modified-Since.
 */
import { S3Error } from '../../protocol/s3-error.ts';

export interface ReadConditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

/** S3 compares at second precision (Last-Modified has no milliseconds on the wire). */
function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

function unquote(etag: string): string {
  const t = etag.trim();
  return t.startsWith('W/') ? unquote(t.slice(2)) : t.replace(/^"(.*)"$/, '$1');
}

export function etagMatches(header: string, etag: string): boolean {
  const bare = unquote(etag);
  return header.split(',').some((candidate) => candidate.trim() === '*' || unquote(candidate) === bare);
}

function failed(condition: string): S3Error {
  return new S3Error('PreconditionFailed', {
    fields: {
      Condition: condition,
    },
  });
}

function notModified(etag: string, lastModified: Date): S3Error {
  return new S3Error('NotModified', {
    headers: {
      ETag: etag,
      'Last-Modified': lastModified.toUTCString(),
    },
  });
}

export function checkReadPreconditions(c: ReadConditions, etag: string, lastModified: Date): void {
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, etag)) throw failed('If-Match');
  } else if (c.IfUnmodifiedSince !== undefined && seconds(lastModified) > seconds(c.IfUnmodifiedSince)) {
    throw failed('If-Unmodified-Since');
  }
  if (c.IfNoneMatch !== undefined) {
    if (etagMatches(c.IfNoneMatch, etag)) throw notModified(etag, lastModified);
  } else if (c.IfModifiedSince !== undefined && c.IfModifiedSince.getTime() <= Date.now()
    && seconds(lastModified) <= seconds(c.IfModifiedSince)) {
    // A date in the future is ignored (RFC 9110 13.1.3).
    throw notModified(etag, lastModified);
  }
}
