/**
 * What a SigV4 signature must cover beyond its canonical request: the Host and every x-amz-* header
 * sent, for header-signed requests and presigned URLs alike. AWS refuses others with 403 AccessDenied
 * "There were headers present in the request which were not signed" (HeadersNotSigned: host, or
 * x-amz-copy-source on a header-signed PUT, as S3 answered in badslug/Paw-AWSSignature4DynamicValue#4).
 */
import { S3Error } from '../protocol/s3-error.ts';

/**
 * The payload hash needs no signature of its own: it is the canonical request's last line (or
 * UNSIGNED-PAYLOAD for a URL), and AWS accepts it unsigned (LocalStack's presigned_url.py likewise).
 */
const EXEMPT: ReadonlySet<string> = new Set(['x-amz-content-sha256']);

/** Headers sent but not signed, sorted as S3 lists them in HeadersNotSigned; `host` always counts as sent. */
export function unsignedHeaders(headers: Headers, signed: readonly string[]): string[] {
  const missing: string[] = signed.includes('host') ? [] : ['host'];
  headers.forEach((_, name) => {
    if (name.startsWith('x-amz-') && !EXEMPT.has(name) && !signed.includes(name)) missing.push(name);
  });
  return missing.sort();
}

export function assertHeadersSigned(headers: Headers, signed: readonly string[]): void {
  const missing = unsignedHeaders(headers, signed);
  if (missing.length > 0) {
    throw new S3Error('AccessDenied', { message: 'There were headers present in the request which were not signed', fields: { HeadersNotSigned: missing.join(', ') } });
  }
}
