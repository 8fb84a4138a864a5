/**
 * LocalStack's gateway CORS, which S3 requests meet instead of bucket rules under
 * DISABLE_CUSTOM_CORS_S3, and which ListBuckets and CreateBucket (no bucket rules to consult) meet
 * always: an origin outside the defaults is refused 403 unless DISABLE_CORS_CHECKS, preflights are
 * answered 204 unless DISABLE_PREFLIGHT_PROCESSING, and default headers are added unless
 * DISABLE_CORS_HEADERS.
 */
import type { Config } from '../config.ts';
import type { AppRequest } from '../protocol/app-request.ts';
import { defaultHeaders, isRequestOriginAllowed } from './defaults.ts';

interface GatewayOutcome {
  readonly preflight?: Response;
  readonly headers?: Record<string, string>;
}

/** LocalStack's refusal: a bare 403, before any S3 processing. */
const refused = (): Response => new Response(null, { status: 403 });

export function gatewayCors(request: AppRequest, config: Config): GatewayOutcome {
  const cors = config.cors;
  if (!cors.disableChecks && !isRequestOriginAllowed(request.headers, config)) return { preflight: refused() };
  const origin = request.headers.get('origin');
  const headers = origin !== null && !cors.disableHeaders
    ? defaultHeaders(origin, request.headers.get('access-control-request-headers'), cors)
    : undefined;
  if (request.method === 'OPTIONS' && !cors.disablePreflight) return { preflight: new Response(null, { status: 204, headers }) };
  return headers === undefined ? {} : { headers };
}

/**
 * ListBuckets and CreateBucket from a browser: LocalStack's S3 provider applies the gateway check
 * to them and adds its default headers, also to the refusal (only with an Origin or Referer here:
 * requests of CLIs and SDKs get no CORS headers, as on AWS).
 */
export function bucketlessCors(request: AppRequest, config: Config): GatewayOutcome | undefined {
  const origin = request.headers.get('origin');
  if (origin === null && request.headers.get('referer') === null) return undefined;
  const headers = defaultHeaders(origin, request.headers.get('access-control-request-headers'), config.cors);
  if (!config.cors.disableChecks && !isRequestOriginAllowed(request.headers, config)) {
    return { preflight: new Response(null, { status: 403, headers }), headers };
  }
  return { headers };
}
