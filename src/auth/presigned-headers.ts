/**
 * Headers a presigned URL carries in its query string. SDKs move some request headers into the
 * URL when presigning (SigV2: every x-amz-* plus Content-Type and Content-MD5; SigV4: x-amz-*
 * they cannot sign as headers, and If-Match / If-None-Match when set by hand), and S3 applies them
 * as if sent as headers: metadata, copy sources, conditional writes. Signatures are verified on the
 * request as received; these headers feed routing and the operation.
 */
import { assertHeaderValue, encodeMetadataValue, isHeaderName } from '../protocol/wire-values.ts';

/** SigV4 query authentication parameters themselves (not headers). */
const V4_PARAMS = new Set(['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-signedheaders', 'x-amz-signature']);
const V4_HEADERS = new Set(['if-match', 'if-none-match']);
const V2_HEADERS = new Set(['content-type', 'content-md5']);

function hoisted(name: string, v4: boolean, signed: readonly string[]): boolean {
  if (v4) {
    if (V4_PARAMS.has(name)) return false;
    // The JS SDK puts checksum placeholders in the URL; AWS ignores those it did not sign.
    if (name.startsWith('x-amz-checksum-')) return signed.includes(name);
    return name.startsWith('x-amz-') || V4_HEADERS.has(name);
  }
  return name.startsWith('x-amz-') || V2_HEADERS.has(name);
}

/** The request's headers plus those its presigned query string carries (headers sent win). */
export function withPresignedHeaders(url: URL, headers: Headers): Headers {
  const query = url.searchParams;
  const v4 = query.has('X-Amz-Credential') || query.has('X-Amz-Signature');
  if (!v4 && !(query.has('Signature') && query.has('AWSAccessKeyId'))) return headers;
  const signed = (query.get('X-Amz-SignedHeaders') ?? '').toLowerCase().split(';');
  let out: Headers | undefined;
  for (const [param, value] of query) {
    const name = param.toLowerCase();
    // A parameter whose name is no header name stays a query parameter. The URL's own payload hash
    // is what its signature covers, so the body is checked against it, whatever header comes along.
    const signedPayload = v4 && name === 'x-amz-content-sha256';
    if (!hoisted(name, v4, signed) || !isHeaderName(name) || (headers.has(name) && !signedPayload)) continue;
    // Metadata goes RFC 2047-encoded (as AWS stores it); anything else a header cannot hold is refused.
    let headerValue = value;
    if (name.startsWith('x-amz-meta-')) headerValue = encodeMetadataValue(value);
    else assertHeaderValue(name, value);
    out ??= new Headers(headers);
    out.set(name, headerValue);
  }
  return out ?? headers;
}
