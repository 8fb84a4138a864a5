/** SigV2 checks: `Authorization: AWS key:signature` and presigned `AWSAccessKeyId/Expires/Signature`. */
import { S3Error } from '../protocol/s3-error.ts';
import { checkSkew, missingDate, requestExpired, signatureDoesNotMatch } from './errors.ts';
import { parseRequestTime } from './sigv4.ts';
import { signV2, stringToSignV2, v2Headers, type StringToSignV2Input } from './sigv2.ts';
import { SIGV2_SUBRESOURCES } from './sigv2-subresources.ts';
import type { AuthInfo } from './types.ts';
import type { RequestParts } from './verify-v4.ts';

/**
 * A path-style request to a bucket itself (`/bucket`) is signed as `/bucket/` by botocore (the
 * resource AWS documents for a bucket), and as sent by others: both are accepted.
 */
function pathVariants(input: Omit<StringToSignV2Input, 'dateLine'>): string[] {
  return input.bucket === undefined && /^\/[^/]+$/.test(input.path) ? [input.path, `${input.path}/`] : [input.path];
}

/** Tries each Date line and path form in turn; the first one's StringToSign goes into the error. */
function checkSignature(auth: AuthInfo, input: Omit<StringToSignV2Input, 'dateLine'>, dateLines: readonly string[], secret: string): void {
  let firstText: string | undefined;
  for (const path of pathVariants(input)) {
    for (const dateLine of dateLines) {
      const text = stringToSignV2({ ...input, path, dateLine });
      if (signV2(secret, text) === auth.signature) return;
      firstText ??= text;
    }
  }
  throw signatureDoesNotMatch(auth.accessKeyId, auth.signature, firstText ?? '');
}

export function verifyV2Header(req: RequestParts, auth: AuthInfo, secret: string, now: Date, bucket: string | undefined): void {
  const rawDate = auth.date;
  const time = parseRequestTime(rawDate);
  if (rawDate === undefined || time === undefined) throw missingDate();
  checkSkew(time, rawDate, now);
  const date = req.headers.get('date') ?? '';
  // With x-amz-date the Date line is empty (AWS docs); clients that still put Date there are accepted too.
  const dateLines = req.headers.has('x-amz-date') ? ['', date] : [date];
  const input = { method: req.method, path: req.path, search: req.url.search, headers: v2Headers(req.headers), bucket };
  checkSignature(auth, input, dateLines, secret);
}

/** Query parameters that are x-amz-* / content-* "headers" of a presigned SigV2 URL (botocore hoists them). */
function hoistedHeaders(url: URL): Array<[string, string]> {
  return [...url.searchParams].filter(([name]) => !SIGV2_SUBRESOURCES.has(name) && name !== 'AWSAccessKeyId' && name !== 'Signature' && name !== 'Expires');
}

export function verifyV2Query(req: RequestParts, auth: AuthInfo, secret: string, now: Date, bucket: string | undefined): void {
  const raw = (auth.expires ?? '').trim();
  if (!/^\d+$/.test(raw)) throw new S3Error('AccessDenied', { message: `Invalid date (should be seconds since epoch): ${raw}` });
  const expires = new Date(Number(raw) * 1000);
  if (now.getTime() > expires.getTime()) throw requestExpired(expires, now);
  const headers = v2Headers(req.headers, hoistedHeaders(req.url));
  checkSignature(auth, { method: req.method, path: req.path, search: req.url.search, headers, bucket }, [raw], secret);
}
