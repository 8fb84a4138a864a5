/**
 * LocalStack's internal endpoints, answered before S3 routing: health (used by `health`, Docker
 * HEALTHCHECK and every client waiting for readiness), state reset (used by `reset`) and runtime
 * configuration (src/core/config-endpoint.ts); and ours: a lifecycle pass on demand (used by
 * `lifecycle`, src/lifecycle/endpoint.ts).
 */
import type { Config } from '../config.ts';
import { LIFECYCLE_RUN_PATH } from '../lifecycle/endpoint.ts';
import { VERSION } from '../version.ts';
import { isDefaultOrigin } from '../cors/defaults.ts';

const HEALTH_PATHS = new Set(['/_localstack/health', '/health']);
const RESET_PATHS = new Set(['/_localstack/state/reset', '/_ruststack/reset']);

export type InternalRoute = 'health' | 'reset' | 'info' | 'lifecycle' | 'config';

export function matchInternalRoute(method: string, path: string): InternalRoute | undefined {
  if (HEALTH_PATHS.has(path)) return method === 'GET' || method === 'HEAD' ? 'health' : undefined;
  if (RESET_PATHS.has(path)) return method === 'POST' ? 'reset' : undefined;
  if (path === '/_localstack/info' && method === 'GET') return 'info';
  if (path === LIFECYCLE_RUN_PATH && method === 'POST') return 'lifecycle';
  // Any method: src/core/config-endpoint.ts answers 404 when off, 405 for others.
  if (path === '/_localstack/config') return 'config';
  return undefined;
}

export function healthResponse(method: string): Response {
  const body = JSON.stringify({
    services: { s3: 'running' },
    edition: 'community',
    version: VERSION,
  });
  return new Response(method === 'HEAD' ? null : body, {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function infoResponse(startedAt: number): Response {
  const body = JSON.stringify({
    version: `ruststack-s3 ${VERSION}`,
    edition: 'community',
    is_license_activated: false,
    uptime: Math.floor((Date.now() - startedAt) / 1000),
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
}

export function resetResponse(): Response {
  return new Response(JSON.stringify({ status: 'reset' }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}

/**
 * Any web page can send a simple cross-site POST here (a form, a text/plain fetch) without a
 * preflight, and browsers add Origin (and Sec-Fetch-Site) to every such request: a foreign origin,
 * including `null`, is refused, as is cross-site fetch metadata without one. curl, scripts and the
 * CLI send neither, so LocalStack's plain `POST /_localstack/state/reset` keeps working; a required
 * header would not have stopped a DNS-rebound page, for which the request is same-origin.
 * DISABLE_CORS_CHECKS lifts the check, as it lifts LocalStack's gateway check on this route. The
 * lifecycle endpoint, which deletes as surely, is guarded the same way.
 */
export function resetAllowed(headers: Headers, config: Config): boolean {
  if (config.cors.disableChecks) return true;
  const origin = headers.get('origin');
  if (origin !== null) return isDefaultOrigin(origin, config);
  const site = headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

export function resetRefusedResponse(what = 'state reset'): Response {
  const body = JSON.stringify({ status: 'refused', message: `${what} is not allowed from a web page of another origin` });
  return new Response(body, { status: 403, headers: { 'Content-Type': 'application/json' } });
}
