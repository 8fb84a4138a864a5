/** SigV4 checks: Authorization header and presigned query. */
import { S3Error } from '../protocol/s3-error.ts';
import { endpointRegion } from './endpoint-region.ts';
import {
  MAX_PRESIGN_EXPIRES, MAX_SKEW_MS, checkSkew, credentialDateMismatch, isoSeconds, missingContentSha256, missingDate, presignLifetimeTooLong, queryParametersError,
  requestExpired, signatureDoesNotMatch, wrongRegion,
} from './errors.ts';
import { SIGV4_ALGORITHM } from './parse.ts';
import { assertHeadersSigned } from './signed-headers.ts';
import { canonicalRequest, formatAmzDate, hmacHex, parseAmzDate, parseRequestTime, sha256Hex, signingKey, stringToSign, type CanonicalRequestInput } from './sigv4.ts';
import type { AuthInfo } from './types.ts';

export interface RequestParts {
  readonly method: string;
  readonly url: URL;
  /** The path as sent (dot segments and all): what the client signed. */
  readonly path: string;
  readonly headers: Headers;
}

/** Ports LocalStack also tries when the signed Host differs from what reached us (proxies, default ports). */
const HOST_PORTS = ['', ':80', ':443', ':4566'];

interface Computed {
  readonly signature: string;
  readonly canonical: string;
  readonly stringToSign: string;
}

function compute(input: CanonicalRequestInput, amzDate: string, scope: string, secret: string): Computed {
  const canonical = canonicalRequest(input);
  const sts = stringToSign(SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical));
  return { signature: hmacHex(signingKey(secret, scope), sts), canonical, stringToSign: sts };
}

/** Checks the signature, retrying other Host ports when `host` is signed; throws SignatureDoesNotMatch. */
function checkSignature(auth: AuthInfo, input: CanonicalRequestInput, amzDate: string, secret: string): void {
  const scope = auth.scope ?? '';
  const provided = auth.signature.toLowerCase();
  const first = compute(input, amzDate, scope, secret);
  if (first.signature === provided) return;
  if (auth.signedHeaders.includes('host')) {
    const base = (input.headers.get('host') ?? input.host).replace(/:\d*$/, '');
    for (const port of HOST_PORTS) {
      const headers = new Headers(input.headers);
      headers.set('host', `${base}${port}`);
      if (compute({ ...input, headers }, amzDate, scope, secret).signature === provided) return;
    }
  }
  throw signatureDoesNotMatch(auth.accessKeyId, auth.signature, first.stringToSign, first.canonical);
}

/**
 * What the scope must agree with before any signature is computed: the request's day (the
 * signing key is derived from the scope's) and the region a regional Host names.
 */
function checkScope(req: RequestParts, auth: AuthInfo, amzDate: string, presigned: boolean): void {
  const [scopeDate = '', region = ''] = (auth.scope ?? '').split('/');
  const day = amzDate.slice(0, 8);
  if (scopeDate !== day) throw credentialDateMismatch(presigned, scopeDate, day);
  const expected = endpointRegion(req.headers.get('host') ?? req.url.host);
  if (expected !== undefined && region !== expected) throw wrongRegion(presigned, region, expected);
}

export function verifyV4Header(req: RequestParts, auth: AuthInfo, secret: string, now: Date): void {
  const payloadHash = req.headers.get('x-amz-content-sha256');
  if (payloadHash === null) throw missingContentSha256();
  const rawDate = auth.date;
  const time = parseRequestTime(rawDate);
  if (rawDate === undefined || time === undefined) throw missingDate();
  checkSkew(time, rawDate, now);
  const amzHeader = req.headers.get('x-amz-date');
  const amzDate = amzHeader !== null && parseAmzDate(amzHeader.trim()) !== undefined ? amzHeader.trim() : formatAmzDate(time);
  checkScope(req, auth, amzDate, false);
  assertHeadersSigned(req.headers, auth.signedHeaders);
  checkSignature(auth, {
    method: req.method,
    path: req.path,
    search: req.url.search,
    headers: req.headers,
    host: req.url.host,
    signedHeaders: auth.signedHeaders,
    payloadHash,
  }, amzDate, secret);
}

/** X-Amz-Expires: a number of seconds from 0 to a week. */
function presignLifetime(raw: string | undefined): number {
  if (raw === undefined || !/^-?\d+$/.test(raw.trim())) throw queryParametersError('X-Amz-Expires should be a number');
  const seconds = Number(raw.trim());
  if (seconds < 0) throw queryParametersError('X-Amz-Expires must be non-negative');
  if (seconds > MAX_PRESIGN_EXPIRES) throw presignLifetimeTooLong();
  return seconds;
}

/**
 * Signed headers a presigned URL carries as query parameters (the JS SDK hoists x-amz-* headers into
 * the query) are read from there when the request lacks them.
 */
function presignedHeaders(req: RequestParts, signed: readonly string[]): Headers {
  const headers = new Headers(req.headers);
  for (const [name, value] of req.url.searchParams) {
    const lower = name.toLowerCase();
    if (signed.includes(lower) && !headers.has(lower)) headers.set(lower, value);
  }
  return headers;
}

function presignedPayloadHash(req: RequestParts, signed: readonly string[]): string {
  for (const [name, value] of req.url.searchParams) if (name.toLowerCase() === 'x-amz-content-sha256') return value;
  const header = req.headers.get('x-amz-content-sha256');
  return header !== null && signed.includes('x-amz-content-sha256') ? header : 'UNSIGNED-PAYLOAD';
}

export function verifyV4Query(req: RequestParts, auth: AuthInfo, secret: string, now: Date): void {
  if (req.url.searchParams.get('X-Amz-Algorithm') !== SIGV4_ALGORITHM) {
    throw queryParametersError(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}"`);
  }
  const signedAt = parseAmzDate(auth.date ?? '');
  if (signedAt === undefined) throw queryParametersError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  const lifetime = presignLifetime(auth.expires);
  checkScope(req, auth, auth.date ?? '', true);
  assertHeadersSigned(req.headers, auth.signedHeaders);
  checkSignature(auth, {
    method: req.method,
    path: req.path,
    search: req.url.search,
    headers: presignedHeaders(req, auth.signedHeaders),
    host: req.url.host,
    signedHeaders: auth.signedHeaders,
    payloadHash: presignedPayloadHash(req, auth.signedHeaders),
    skipQuery: (name) => name === 'X-Amz-Signature',
  }, auth.date ?? '', secret);
  if (signedAt.getTime() - now.getTime() > MAX_SKEW_MS) {
    throw new S3Error('AccessDenied', { message: 'Request is not valid yet', fields: { 'X-Amz-Date': auth.date, ServerTime: isoSeconds(now) } });
  }
  const expiresAt = new Date(signedAt.getTime() + lifetime * 1000);
  if (now.getTime() > expiresAt.getTime()) throw requestExpired(expiresAt, now, String(lifetime));
}
