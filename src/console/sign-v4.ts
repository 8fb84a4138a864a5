/**
 * SigV4 header signing for the console's in-process S3 requests, built from the same canonical
 * request the verifier computes (src/auth/sigv4.ts), so the two cannot disagree on an odd key.
 */
import { SIGV4_ALGORITHM } from '../auth/parse.ts';
import { canonicalRequest, formatAmzDate, hmacHex, sha256Hex, signingKey, stringToSign } from '../auth/sigv4.ts';

export interface SigningIdentity {
  readonly accessKeyId: string;
  readonly secret: string;
}

export interface RequestToSign {
  readonly method: string;
  /** The path as it will be sent (percent-encoded). */
  readonly path: string;
  readonly search: string;
  /** Host must be set; x-amz-date, x-amz-content-sha256 and Authorization are added. */
  readonly headers: Headers;
}

/** Bodies stream through unhashed, as SDKs send them over TLS: S3 accepts UNSIGNED-PAYLOAD. */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export function signV4(req: RequestToSign, identity: SigningIdentity, region: string, now: Date): void {
  const amzDate = formatAmzDate(now);
  const scope = `${amzDate.slice(0, 8)}/${region}/s3/aws4_request`;
  req.headers.set('x-amz-date', amzDate);
  req.headers.set('x-amz-content-sha256', UNSIGNED_PAYLOAD);
  // S3 wants the Host and every x-amz-* header signed (src/auth/signed-headers.ts).
  const signedHeaders = ['host'];
  req.headers.forEach((_, name) => {
    if (name.startsWith('x-amz-')) signedHeaders.push(name);
  });
  signedHeaders.sort();
  const canonical = canonicalRequest({
    method: req.method, path: req.path, search: req.search, headers: req.headers,
    host: req.headers.get('host') ?? '', signedHeaders, payloadHash: UNSIGNED_PAYLOAD,
  });
  const signature = hmacHex(signingKey(identity.secret, scope), stringToSign(SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical)));
  req.headers.set('authorization',
    `${SIGV4_ALGORITHM} Credential=${identity.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`);
}
