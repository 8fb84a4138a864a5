/**
 * Signature Version 2 for S3 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html):
 * StringToSign = METHOD \n Content-MD5 \n Content-Type \n Date \n CanonicalizedAmzHeaders CanonicalizedResource.
 */
import { hmacOf } from '../checksum/digest.ts';
import { canonicalPath, decodeLoose } from './canonical.ts';
import { SIGV2_SUBRESOURCES } from './sigv2-subresources.ts';

export interface StringToSignV2Input {
  readonly method: string;
  /** The path as sent (percent-encoded). */
  readonly path: string;
  readonly search: string;
  /** Lower-case name -> value: content-md5, content-type and the x-amz-* headers that are signed. */
  readonly headers: ReadonlyMap<string, string>;
  /** The Date line: the Date header, '' when x-amz-date is sent, or Expires for a presigned URL. */
  readonly dateLine: string;
  /** Virtual-hosted requests sign `/bucket/key`, not the path alone. */
  readonly bucket?: string;
}

export function stringToSignV2(input: StringToSignV2Input): string {
  const amz = [...input.headers.entries()]
    .filter(([name]) => name.startsWith('x-amz-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    input.headers.get('content-md5') ?? '',
    input.headers.get('content-type') ?? '',
    input.dateLine,
    `${amz}${canonicalResource(input)}`,
  ].join('\n');
}

function canonicalResource(input: StringToSignV2Input): string {
  const prefix = input.bucket !== undefined ? `/${input.bucket}` : '';
  const sub: Array<[string, string]> = [];
  const raw = input.search.startsWith('?') ? input.search.slice(1) : input.search;
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    if (!SIGV2_SUBRESOURCES.has(name)) continue;
    sub.push([name, eq === -1 ? name : `${name}=${decodeLoose(part.slice(eq + 1))}`]);
  }
  sub.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = sub.length === 0 ? '' : `?${sub.map(([, text]) => text).join('&')}`;
  return `${prefix}${canonicalPath(input.path)}${query}`;
}

/** base64(HMAC-SHA1(secret, StringToSign)) */
export function signV2(secret: string, text: string): string {
  return hmacOf('sha1', secret, text).toString('base64');
}

/** The signed headers of a SigV2 request: content-md5, content-type and x-amz-* (values trimmed). */
export function v2Headers(headers: Headers, fromQuery: Iterable<[string, string]> = []): Map<string, string> {
  const out = new Map<string, string>();
  const take = (name: string, value: string): void => {
    const lower = name.toLowerCase();
    if (lower === 'content-md5' || lower === 'content-type' || lower.startsWith('x-amz-')) out.set(lower, value.trim());
  };
  for (const [name, value] of fromQuery) take(name, value);
  headers.forEach((value, name) => {
    take(name, value);
  });
  return out;
}
