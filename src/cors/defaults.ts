/**
 * LocalStack's CORS defaults: the headers its gateway adds, and the origins it allows without any
 * bucket CORS rules: its web app, localhost and localhost.localstack.cloud on every GATEWAY_LISTEN
 * port (http and https), S3 website and CloudFront hosts under the local domains, plus
 * EXTRA_CORS_ALLOWED_ORIGINS (`*` allows all).
 */
import type { Config } from '../config.ts';
import type { CorsSettings } from '../config-localstack.ts';

const DEFAULT_METHODS = 'HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH';
const DEFAULT_ALLOWED_HEADERS = [
  'authorization', 'cache-control', 'content-length', 'content-md5', 'content-type', 'etag', 'location', 'x-amz-acl',
  'x-amz-content-sha256', 'x-amz-date', 'x-amz-request-id', 'x-amz-security-token', 'x-amz-tagging', 'x-amz-target',
  'x-amz-user-agent', 'x-amz-version-id', 'x-amzn-requestid', 'x-localstack-target', 'amz-sdk-invocation-id',
  'amz-sdk-request', 'x-amz-log-type',
];
const DEFAULT_EXPOSE_HEADERS = 'etag,x-amz-version-id,x-amz-log-result,x-amz-executed-version,x-amz-function-error';

const LOCAL_NAMES = ['localhost', 'localhost.localstack.cloud'];
const FIXED_ORIGINS = ['https://app.localstack.cloud', 'http://app.localstack.cloud', 'https://localhost', 'https://localhost.localstack.cloud', 'file://'];
/** Group 2 is the domain, group 3 the port; matched from the start only, as LocalStack's re.match. */
const DYNAMIC_ORIGINS = [/^(.*)\.s3-website\.(.[^:]*)(:[0-9]{2,5})?/, /^(.*)\.cloudfront\.(.[^:]*)(:[0-9]{2,5})?/];

interface OriginPolicy {
  readonly any: boolean;
  readonly exact: ReadonlySet<string>;
  readonly domains: ReadonlySet<string>;
  readonly ports: ReadonlySet<number>;
}

// Built once per Config: checked on every cross-origin request.
const policies = new WeakMap<Config, OriginPolicy>();

function policyOf(config: Config): OriginPolicy {
  let policy = policies.get(config);
  if (policy !== undefined) return policy;
  const ports = new Set(config.listen.map((a) => a.port));
  const exact = new Set([...FIXED_ORIGINS, ...config.cors.extraAllowedOrigins]);
  for (const scheme of ['http', 'https']) {
    for (const port of ports) for (const name of LOCAL_NAMES) exact.add(`${scheme}://${name}:${port}`);
  }
  policy = { any: exact.has('*'), exact, domains: new Set([...LOCAL_NAMES, config.hostname]), ports };
  policies.set(config, policy);
  return policy;
}

/** LocalStack's default CORS origins (EXTRA_CORS_ALLOWED_ORIGINS included). */
export function isDefaultOrigin(origin: string, config: Config): boolean {
  const policy = policyOf(config);
  if (policy.any || policy.exact.has(origin)) return true;
  for (const re of DYNAMIC_ORIGINS) {
    const m = re.exec(origin);
    if (m === null || !policy.domains.has(m[2] ?? '')) continue;
    const port = m[3];
    if (port === undefined || policy.ports.has(Number(port.slice(1)))) return true;
  }
  return false;
}

/**
 * The gateway's check: a request naming an Origin (else a Referer's scheme and host) outside the
 * defaults is refused; one naming neither (CLIs, SDKs) passes.
 */
export function isRequestOriginAllowed(headers: { get(name: string): string | null }, config: Config): boolean {
  const origin = headers.get('origin');
  if (origin !== null && origin !== '') return isDefaultOrigin(origin, config);
  const referer = headers.get('referer');
  if (referer === null || referer === '') return true;
  const m = /^([a-z][a-z0-9+.-]*:)\/\/([^/?#]*)/i.exec(referer);
  return isDefaultOrigin(m === null ? referer : `${m[1]}//${m[2]}`, config);
}

/**
 * LocalStack's default headers (plus EXTRA_CORS_ALLOWED_HEADERS and EXTRA_CORS_EXPOSE_HEADERS);
 * with DISABLE_CORS_CHECKS the origin is `*`, without credentials.
 */
export function defaultHeaders(origin: string | null, requested: string | null, cors: CorsSettings): Record<string, string> {
  const allowOrigin = origin !== null && origin !== '' && !cors.disableChecks ? origin : '*';
  const allow = [...(requested ?? '').split(/[,\s]+/).filter(Boolean), ...DEFAULT_ALLOWED_HEADERS, ...cors.extraAllowedHeaders];
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': allowOrigin };
  if (allowOrigin !== '*') headers['Access-Control-Allow-Credentials'] = 'true';
  headers['Access-Control-Allow-Methods'] = DEFAULT_METHODS;
  headers['Access-Control-Allow-Headers'] = allow.join(',');
  headers['Access-Control-Expose-Headers'] = [DEFAULT_EXPOSE_HEADERS, ...cors.extraExposeHeaders].join(',');
  headers.Vary = 'Origin';
  return headers;
}
