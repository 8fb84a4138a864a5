/** Listing parameters every List* operation reads the same way: encoding-type and max-keys. */
import { S3Error } from '../../protocol/s3-error.ts';

const DEFAULT_MAX_KEYS = 1000;

/** encoding-type=url encodes as Python's urllib.parse.quote (safe '/'), which is what S3 answers. */
export function urlEncodeKey(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/');
}

export function assertEncodingType(encodingType: string | undefined): void {
  if (encodingType !== undefined && encodingType !== 'url') {
    throw new S3Error('InvalidArgument', {
      message: 'Invalid Encoding Method specified in Request',
      fields: {
        ArgumentName: 'encoding-type',
        ArgumentValue: encodingType,
      },
    });
  }
}

/** S3 answers at most 1000 keys a page; a negative max-keys is an error. */
export function pageSize(maxKeys: number | undefined): number {
  if (maxKeys === undefined) return DEFAULT_MAX_KEYS;
  if (maxKeys < 0) {
    throw new S3Error('InvalidArgument', {
      message: 'Argument maxKeys must be an integer between 0 and 2147483647',
      fields: {
        ArgumentName: 'maxKeys',
        ArgumentValue: String(maxKeys),
      },
    });
  }
  return Math.min(maxKeys, DEFAULT_MAX_KEYS);
}
