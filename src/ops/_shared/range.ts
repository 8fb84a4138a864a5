/** HTTP Range for GetObject: https://www.rfc-editor.org/rfc/rfc9110#section-14.1 (S3 serves one range). */
import { S3Error } from '../../protocol/s3-error.ts';
import type { ByteRange } from '../../storage/types.ts';

const RANGE_RE = /^bytes=(\d*)-(\d*)$/;

/**
 * The byte range to serve, or undefined to serve the whole object. A syntactically invalid or
 * multi-range header is ignored (S3 then answers 200 with the whole object); an unsatisfiable one is
 * 416 InvalidRange.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = RANGE_RE.exec(header.trim());
  if (m === null) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // Suffix range: the last N bytes.
    const n = Number(last);
    if (n === 0) throw invalidRange(header, size);
    return size === 0 ? undefined : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  return { start, end };
}

function invalidRange(header: string, size: number): S3Error {
  return new S3Error('InvalidRange', {
    fields: {
      RangeRequested: header,
      ActualObjectSize: size,
    },
  });
}

export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

export interface PartLayout {
  readonly size: number;
  readonly parts?: readonly { readonly partNumber: number; readonly size: number }[];
}

/** The bytes of one part of an object (GetObject?partNumber=N); a non-multipart object has one part. */
export function partRange(obj: PartLayout, partNumber: number): ByteRange {
  const parts = obj.parts ?? [{ partNumber: 1, size: obj.size }];
  let start = 0;
  for (const part of parts) {
    if (part.partNumber === partNumber) return { start, end: start + part.size - 1 };
    start += part.size;
  }
  throw new S3Error('InvalidPartNumber', {
    fields: {
      PartNumberRequested: partNumber,
      ActualPartCount: parts.length,
    },
  });
}
