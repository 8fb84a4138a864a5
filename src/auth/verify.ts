/**
 * Signature validation (S3_SKIP_SIGNATURE_VALIDATION=0). Presigned URLs are checked for expiry and
 * signature; header-signed requests for their date (15-minute skew) and signature; SigV4 ones also
 * for their scope (day, region) and for headers sent but not signed.
 */
import { S3Error } from '../protocol/s3-error.ts';
import type { CredentialList } from './credentials.ts';
import { DEFAULT_INTERNAL_RESOURCE_ACCOUNT } from './identity.ts';
import { invalidAccessKeyId } from './errors.ts';
import type { AuthInfo } from './types.ts';
import { verifyV2Header, verifyV2Query } from './verify-v2.ts';
import { verifyV4Header, verifyV4Query, type RequestParts } from './verify-v4.ts';
import type { AppRequest } from '../protocol/app-request.ts';

export type SecretLookup = (accessKeyId: string) => string | undefined;

export interface VerifyOptions {
  /** The bucket named by the Host of a virtual-hosted request: SigV2 signs `/bucket/key`. */
  readonly virtualHostBucket?: string;
  /** The request-target's path as sent; the URL's (dot segments resolved) when absent. */
  readonly path?: string;
}

/**
 * Throws the S3Error AWS answers when `auth` does not authenticate `request`: SignatureDoesNotMatch
 * (with StringToSign, CanonicalRequest and their bytes), AccessDenied "Request has expired",
 * RequestTimeTooSkewed, AuthorizationQueryParametersError, InvalidAccessKeyId, AccessDenied with
 * HeadersNotSigned, AuthorizationHeaderMalformed (scope), InvalidRequest (no payload hash). Anonymous requests
 * (no credentials at all) pass: bucket policies and ACLs decide nothing here.
 */
export function verifySignature(request: AppRequest, auth: AuthInfo | null, secretFor: SecretLookup, now: Date, options: VerifyOptions = {}): void {
  const url = new URL(request.url);
  const req: RequestParts = { method: request.method, url, path: options.path ?? url.pathname, headers: request.headers };
  if (auth === null) {
    const header = request.headers.get('authorization');
    if (header === null) return;
    throw new S3Error('InvalidArgument', { message: 'Unsupported Authorization Type', fields: { ArgumentName: 'Authorization', ArgumentValue: header } });
  }
  if (auth.malformed !== undefined) throw malformedHeader(auth, request.headers);
  const secret = secretFor(auth.accessKeyId);
  if (secret === undefined) throw invalidAccessKeyId(auth.accessKeyId);
  switch (auth.kind) {
    case 'v4-header':
      return verifyV4Header(req, auth, secret, now);
    case 'v4-query':
      return verifyV4Query(req, auth, secret, now);
    case 'v2-header':
      return verifyV2Header(req, auth, secret, now, options.virtualHostBucket);
    case 'v2-query':
      return verifyV2Query(req, auth, secret, now, options.virtualHostBucket);
  }
}

function malformedHeader(auth: AuthInfo, headers: Headers): S3Error {
  if (auth.kind === 'v4-header') return new S3Error('AuthorizationHeaderMalformed', { message: auth.malformed });
  return new S3Error('InvalidArgument', { message: auth.malformed, fields: { ArgumentName: 'Authorization', ArgumentValue: headers.get('authorization') ?? '' } });
}

const INTERNAL_ACCESS_KEY = '__internal_call__';
const INTERNAL_SECRET = '__internal_call__';

/**
 * The secret of each access key: the configured list's (a key not listed has none), else `test` for
 * every key. LocalStack's internal callers (its internal key, or the internal resource account as
 * key) sign with its internal secret either way, as its presigned-URL check allows.
 */
export function secretLookupFor(list: CredentialList | undefined, internalResourceAccount: string): SecretLookup {
  const internal = (accessKeyId: string): boolean => accessKeyId === INTERNAL_ACCESS_KEY || accessKeyId === internalResourceAccount;
  if (list === undefined) return (accessKeyId) => (internal(accessKeyId) ? INTERNAL_SECRET : 'test');
  return (accessKeyId) => (internal(accessKeyId) ? INTERNAL_SECRET : list.get(accessKeyId)?.secret);
}

/** The secret lookup LocalStack uses by default: every access key signs with `test` (internal ones aside). */
export const DEFAULT_SECRET: SecretLookup = secretLookupFor(undefined, DEFAULT_INTERNAL_RESOURCE_ACCOUNT);
