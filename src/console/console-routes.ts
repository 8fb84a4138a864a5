/**
 * The web console under S3_CONSOLE_PATH (default `/_ruststack/`): the page and its assets, a JSON
 * API (`api/info`, `api/requests`) and the S3 calls the page makes (`api/s3/...`, src/console/s3-proxy.ts).
 */
import { accountIdFor } from '../auth/credentials.ts';
import type { Config } from '../config.ts';
import type { AppRequest } from '../protocol/app-request.ts';
import { rawPath, virtualHostBucket } from '../protocol/addressing.ts';
import { VERSION } from '../version.ts';
import { assetResponse, isAsset } from './assets.ts';
import { consoleHostAllowed, consoleRequestAllowed } from './guard.ts';
import type { RecentRequests } from './recent-requests.ts';
import { proxyS3, type Handle } from './s3-proxy.ts';

export interface ConsoleRoutes {
  /** The request is the console's: under its path, on a Host that names no bucket. */
  owns(target: string, host: string | null): boolean;
  serve(request: AppRequest, url: URL, target: string): Promise<Response>;
}

const S3_PREFIX = 'api/s3';

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}

function refused(message: string): Promise<Response> {
  return Promise.resolve(json(403, { message }));
}

/**
 * `current` gives the configuration of the moment: LOCALSTACK_HOST, CORS and signature validation
 * may change at runtime (src/config-runtime.ts); the console's own settings are fixed at start.
 */
export function createConsole(current: () => Config, handle: Handle, recent: RecentRequests): ConsoleRoutes {
  const config = current();
  const prefix = config.console.path;
  const bare = prefix.slice(0, -1);
  const identity = { accessKeyId: config.console.accessKeyId, secret: config.console.secret };
  const accountId = accountIdFor(identity.accessKeyId, config.credentials);

  function owns(target: string, host: string | null): boolean {
    const path = rawPath(target);
    if (!path.startsWith(bare) || (path.length > bare.length && !path.startsWith(prefix))) return false;
    return host === null || !config.virtualHosting || virtualHostBucket(host, current().hostname) === undefined;
  }

  function info(): Record<string, unknown> {
    const now = current();
    return { version: VERSION, accessKeyId: identity.accessKeyId, accountId, defaultRegion: now.defaultRegion, signatureValidation: !now.skipSignatureValidation };
  }

  function api(request: AppRequest, url: URL, sub: string, search: string): Promise<Response> {
    if (!consoleRequestAllowed(request.headers, url.origin, current())) return refused('the console API does not answer pages of other origins');
    if (sub === S3_PREFIX || sub.startsWith(`${S3_PREFIX}/`)) {
      return proxyS3(handle, request, url, sub.slice(S3_PREFIX.length) + search, { identity, defaultRegion: config.defaultRegion });
    }
    if (request.method !== 'GET') return Promise.resolve(json(405, { message: 'method not allowed' }));
    if (sub === 'api/info') return Promise.resolve(json(200, info()));
    if (sub === 'api/requests') {
      const after = Number(url.searchParams.get('after') ?? '0');
      return Promise.resolve(json(200, recent.since(Number.isFinite(after) ? after : 0)));
    }
    return Promise.resolve(json(404, { message: 'no such console API' }));
  }

  function serve(request: AppRequest, url: URL, target: string): Promise<Response> {
    if (!consoleHostAllowed(request.headers.get('host'), current())) {
      return refused('the console answers on localhost, IP addresses, LOCALSTACK_HOST and the hosts of EXTRA_CORS_ALLOWED_ORIGINS');
    }
    // A page loaded or polling: the live view records from now on (src/console/recent-requests.ts).
    recent.watching = true;
    const path = rawPath(target);
    if (path === bare) return Promise.resolve(new Response(null, { status: 308, headers: { Location: prefix } }));
    const sub = path.slice(prefix.length);
    if (sub.startsWith('api/')) {
      const q = target.indexOf('?');
      return api(request, url, sub, q === -1 ? '' : target.slice(q));
    }
    if (!isAsset(sub)) return Promise.resolve(json(404, { message: 'not found' }));
    if (request.method !== 'GET' && request.method !== 'HEAD') return Promise.resolve(json(405, { message: 'method not allowed' }));
    return Promise.resolve(assetResponse(sub, request.method));
  }

  return { owns, serve };
}
