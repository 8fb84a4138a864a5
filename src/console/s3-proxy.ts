/**
 * The console's S3 calls: `<console>/api/s3/<bucket>/<key>?<query>` is replayed in-process as the
 * path-style S3 request `/<bucket>/<key>?<query>`, signed as the console's access key. So the
 * browser needs no credentials, and the S3 pipeline (signature validation, access control, the
 * request log) treats it as any client's request from that identity.
 */
import type { AppRequest } from '../protocol/app-request.ts';
import { CONSOLE_USER_AGENT } from './recent-requests.ts';
import { signV4, type SigningIdentity } from './sign-v4.ts';

/** What the browser may pass on: content and conditional headers, and x-amz-* (signed). */
const FORWARDED = new Set([
  'content-type', 'content-length', 'content-md5', 'content-encoding', 'content-language', 'content-disposition',
  'cache-control', 'expires', 'range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since',
]);
/** Set by the signer, or credentials of their own: never taken from the browser. */
const NOT_FORWARDED = new Set(['x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token']);
/** The page names the region to sign for (a bucket's own, or us-east-1 to create one anywhere). */
export const REGION_HEADER = 'x-ruststack-region';
const REGION_RE = /^[a-z0-9-]{1,32}$/;

export type Handle = (request: AppRequest, target: string) => Promise<Response>;

export interface ProxyOptions {
  readonly identity: SigningIdentity;
  readonly defaultRegion: string;
}

function forwardedHeaders(from: Pick<Headers, 'forEach'>, host: string): Headers {
  const headers = new Headers();
  from.forEach((value, name) => {
    if (FORWARDED.has(name) || (name.startsWith('x-amz-') && !NOT_FORWARDED.has(name))) headers.set(name, value);
  });
  headers.set('host', host);
  headers.set('user-agent', CONSOLE_USER_AGENT);
  return headers;
}

/**
 * `s3Target` is what follows `api/s3` in the raw request-target (`/bucket/key?query`), kept as
 * sent so keys holding `..`, `//` or `%2F` reach S3 unchanged.
 */
export function proxyS3(handle: Handle, request: AppRequest, url: URL, s3Target: string, options: ProxyOptions): Promise<Response> {
  const target = s3Target.startsWith('/') ? s3Target : `/${s3Target}`;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const search = q === -1 ? '' : target.slice(q);
  const host = request.headers.get('host') ?? url.host;
  const headers = forwardedHeaders(request.headers, host);
  const asked = request.headers.get(REGION_HEADER);
  const region = asked !== null && REGION_RE.test(asked) ? asked : options.defaultRegion;
  signV4({ method: request.method, path, search, headers }, options.identity, region, new Date());
  const inner: AppRequest = {
    method: request.method,
    url: `${url.protocol}//${host}${target}`,
    headers,
    get body() {
      return request.body;
    },
    bytes: () => request.bytes(),
  };
  return handle(inner, target).then(sandboxed);
}

/**
 * Object bodies come back on the console's origin: a stored HTML page must not run script there
 * (it could call this API), so every proxied response is a sandboxed, unsniffed document.
 */
function sandboxed(response: Response): Response {
  response.headers.set('Content-Security-Policy', "sandbox; default-src 'none'");
  response.headers.set('X-Content-Type-Options', 'nosniff');
  return response;
}
