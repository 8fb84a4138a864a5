/**
 * Authorization header / presigned query -> AuthInfo. Parsing never checks signatures (verify.ts does,
 * when S3_SKIP_SIGNATURE_VALIDATION is off); it only refuses what S3 refuses whatever the setting:
 * presigned URLs with some but not all of their parameters, and a mal-formed X-Amz-Credential.
 */
import { S3Error } from '../protocol/s3-error.ts';
import { MAX_PRESIGN_EXPIRES, presignLifetimeTooLong } from './errors.ts';
import type { AuthInfo } from './types.ts';

/** Query parameter names are case-sensitive, as in S3. */
export const SIGV2_QUERY_PARAMS = ['Signature', 'Expires', 'AWSAccessKeyId'] as const;
export const SIGV4_QUERY_PARAMS = [
  'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature',
] as const;

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
const CREDENTIAL_SHAPE = '"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"';
export const MALFORMED_QUERY_CREDENTIAL = `Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting ${CREDENTIAL_SHAPE}.`;
export const MALFORMED_HEADER_CREDENTIAL = `The authorization header is malformed; the Credential is mal-formed; expecting ${CREDENTIAL_SHAPE}.`;
const MALFORMED_HEADER = 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.';

/** Throws S3Error for incomplete presigned parameters; null when the request carries no credentials. */
/** The method is part of the contract for symmetry with verifySignature; parsing does not need it. */
export function parseAuth(_method: string, url: URL, headers: Headers): AuthInfo | null {
  if (url.search !== '') {
    const query = url.searchParams;
    if (SIGV2_QUERY_PARAMS.some((p) => query.has(p))) return parseV2Query(query);
    if (SIGV4_QUERY_PARAMS.some((p) => query.has(p))) return parseV4Query(query);
  }
  const header = headers.get('authorization');
  if (header === null) return null;
  const trimmed = header.trim();
  if (trimmed.startsWith('AWS4-')) return cachedV4Header(trimmed, headers);
  if (trimmed.startsWith('AWS ')) return parseV2Header(trimmed, headers);
  return null;
}

function parseV2Query(query: URLSearchParams): AuthInfo {
  if (!SIGV2_QUERY_PARAMS.every((p) => query.has(p))) {
    throw new S3Error('AccessDenied', { message: 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters' });
  }
  return {
    kind: 'v2-query',
    accessKeyId: query.get('AWSAccessKeyId') ?? '',
    region: undefined,
    scope: undefined,
    signedHeaders: [],
    // A `+` of the base64 signature sent unencoded reads back as a space.
    signature: (query.get('Signature') ?? '').replaceAll(' ', '+'),
    date: undefined,
    expires: query.get('Expires') ?? undefined,
    securityToken: query.get('x-amz-security-token') ?? undefined,
  };
}

function parseV4Query(query: URLSearchParams): AuthInfo {
  if (!SIGV4_QUERY_PARAMS.every((p) => query.has(p))) {
    throw new S3Error('AuthorizationQueryParametersError');
  }
  const credential = splitCredential(query.get('X-Amz-Credential') ?? '');
  if (credential === undefined) throw new S3Error('AuthorizationQueryParametersError', { message: MALFORMED_QUERY_CREDENTIAL });
  // AWS refuses a lifetime past a week before authenticating, so even with signature checks off.
  const expires = (query.get('X-Amz-Expires') ?? '').trim();
  if (/^\d+$/.test(expires) && Number(expires) > MAX_PRESIGN_EXPIRES) throw presignLifetimeTooLong();
  return {
    kind: 'v4-query',
    accessKeyId: credential.accessKeyId,
    region: credential.region,
    scope: credential.scope,
    signedHeaders: splitSignedHeaders(query.get('X-Amz-SignedHeaders') ?? ''),
    signature: query.get('X-Amz-Signature') ?? '',
    date: query.get('X-Amz-Date') ?? undefined,
    expires: query.get('X-Amz-Expires') ?? undefined,
    securityToken: query.get('X-Amz-Security-Token') ?? undefined,
  };
}

/**
 * A client sends the same Credential and SignedHeaders on request after request; only the Signature
 * (last, as every SDK writes it) changes. The parse of everything before it is kept, bounded.
 */
const V4_PARSES = new Map<string, AuthInfo>();
const V4_PARSES_MAX = 512;
const SIGNATURE_PARAM = 'Signature=';

function cachedV4Header(header: string, headers: Headers): AuthInfo {
  const at = header.lastIndexOf(SIGNATURE_PARAM);
  const signature = at === -1 ? '' : header.slice(at + SIGNATURE_PARAM.length);
  if (at === -1 || signature.includes(',')) return parseV4Header(header, headers);
  const stable = header.slice(0, at);
  let parsed = V4_PARSES.get(stable);
  if (parsed === undefined) {
    parsed = parseV4Header(`${stable}${SIGNATURE_PARAM}`, headers);
    if (V4_PARSES.size >= V4_PARSES_MAX) V4_PARSES.clear();
    V4_PARSES.set(stable, parsed);
  }
  // Written out rather than spread: one object shape, built without a generic clone, per request.
  const info: AuthInfo = {
    kind: parsed.kind,
    accessKeyId: parsed.accessKeyId,
    region: parsed.region,
    scope: parsed.scope,
    signedHeaders: parsed.signedHeaders,
    signature: signature.trim(),
    date: headers.get('x-amz-date') ?? headers.get('date') ?? undefined,
    expires: parsed.expires,
    securityToken: headers.get('x-amz-security-token') ?? undefined,
  };
  return parsed.malformed === undefined ? info : { ...info, malformed: parsed.malformed };
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=a;b, Signature=hex` */
function parseV4Header(header: string, headers: Headers): AuthInfo {
  const space = header.indexOf(' ');
  const params = new Map<string, string>();
  for (const part of (space === -1 ? '' : header.slice(space + 1)).split(',')) {
    const eq = part.indexOf('=');
    if (eq !== -1) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const rawCredential = params.get('Credential');
  const credential = rawCredential === undefined ? undefined : splitCredential(rawCredential);
  const signedHeaders = params.get('SignedHeaders');
  const signature = params.get('Signature');
  let malformed: string | undefined;
  if (rawCredential === undefined || signedHeaders === undefined || signature === undefined) malformed = MALFORMED_HEADER;
  else if (credential === undefined) malformed = MALFORMED_HEADER_CREDENTIAL;
  return {
    kind: 'v4-header',
    // LocalStack still takes the key from a scope it cannot otherwise read: the text before the first `/`.
    accessKeyId: credential?.accessKeyId ?? rawCredential?.split('/')[0] ?? '',
    region: credential?.region,
    scope: credential?.scope,
    signedHeaders: splitSignedHeaders(signedHeaders ?? ''),
    signature: signature ?? '',
    date: headers.get('x-amz-date') ?? headers.get('date') ?? undefined,
    expires: undefined,
    securityToken: headers.get('x-amz-security-token') ?? undefined,
    ...(malformed !== undefined ? { malformed } : {}),
  };
}

/** `AWS AKID:base64-signature` */
function parseV2Header(header: string, headers: Headers): AuthInfo {
  const rest = header.slice(4).trim();
  const colon = rest.lastIndexOf(':');
  const malformed = colon <= 0 ? 'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature' : undefined;
  return {
    kind: 'v2-header',
    accessKeyId: colon <= 0 ? rest : rest.slice(0, colon),
    region: undefined,
    scope: undefined,
    signedHeaders: [],
    signature: colon <= 0 ? '' : rest.slice(colon + 1),
    date: headers.get('x-amz-date') ?? headers.get('date') ?? undefined,
    expires: undefined,
    securityToken: headers.get('x-amz-security-token') ?? undefined,
    ...(malformed !== undefined ? { malformed } : {}),
  };
}

interface Credential {
  readonly accessKeyId: string;
  readonly region: string;
  readonly scope: string;
}

/** `AKID/YYYYMMDD/REGION/SERVICE/aws4_request`: exactly five parts (S3 rejects anything else). */
function splitCredential(raw: string): Credential | undefined {
  const parts = raw.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId = '', date = '', region = '', service = '', terminal = ''] = parts;
  return { accessKeyId, region, scope: [date, region, service, terminal].join('/') };
}

function splitSignedHeaders(raw: string): string[] {
  return raw.split(';').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
}
