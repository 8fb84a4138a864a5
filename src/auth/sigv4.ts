/**
 * Signature Version 4 for S3: canonical request, string to sign, signing key
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
 */
import { digestOf, hmacOf, newDigest } from '../checksum/digest.ts';
import { canonicalPath, canonicalQuery, trimAll } from './canonical.ts';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface CanonicalRequestInput {
  readonly method: string;
  /** The path as sent (percent-encoded, never normalised). */
  readonly path: string;
  /** The query as sent, with or without the leading `?`. */
  readonly search: string;
  readonly headers: Headers;
  /** Value for a signed `host` the headers lack (requests built in-process have none). */
  readonly host: string;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  /** Query parameters left out (X-Amz-Signature of a presigned URL). */
  readonly skipQuery?: (name: string) => boolean;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const headerLines = input.signedHeaders.map((name) => {
    const value = input.headers.get(name) ?? (name === 'host' ? input.host : '');
    return `${name}:${trimAll(value)}\n`;
  });
  return [
    input.method.toUpperCase(),
    canonicalPath(input.path),
    canonicalQuery(input.search, input.skipQuery),
    headerLines.join(''),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function stringToSign(algorithm: string, amzDate: string, scope: string, hashedContent: string): string {
  return `${algorithm}\n${amzDate}\n${scope}\n${hashedContent}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return digestOf('sha256', data, 'hex');
}

export function hmacHex(key: Uint8Array, data: string): string {
  return newDigest('sha256', key).update(data).digest('hex');
}

function hmac(key: Uint8Array | string, data: string): Buffer {
  return hmacOf('sha256', key, data);
}

const KEY_CACHE = new Map<string, Buffer>();
const KEY_CACHE_LIMIT = 256;

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"); cached per day. */
export function signingKey(secret: string, scope: string): Buffer {
  const cacheKey = `${secret}\n${scope}`;
  const cached = KEY_CACHE.get(cacheKey);
  if (cached !== undefined) return cached;
  const [date = '', region = '', service = '', terminal = ''] = scope.split('/');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), terminal);
  if (KEY_CACHE.size >= KEY_CACHE_LIMIT) KEY_CACHE.clear();
  KEY_CACHE.set(cacheKey, key);
  return key;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20130524T000000Z` -> Date; undefined when not in that ISO 8601 basic form. */
export function parseAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Date -> `20130524T000000Z`. */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A SigV4 request time: x-amz-date in basic ISO form, or an HTTP Date header (RFC 1123). */
export function parseRequestTime(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const amz = parseAmzDate(value.trim());
  if (amz !== undefined) return amz;
  const http = new Date(value);
  return Number.isNaN(http.getTime()) ? undefined : http;
}
