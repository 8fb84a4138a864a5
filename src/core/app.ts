/**
 * The application: configuration, state and storage wired together behind one
 * `handle(Request) -> Promise<Response>`. Runtime adapters (src/server/) only call `handle`.
 */
import type { Config } from '../config.ts';
import { MemoryMetadataStore } from '../state/memory-store.ts';
import type { MetadataStore } from '../state/metadata-store.ts';
import type { BlobStore } from '../storage/types.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import { EventNotifier } from '../events/notifier.ts';
import { lifecycleRunResponse } from '../lifecycle/endpoint.ts';
import { LifecycleRunner } from '../lifecycle/runner.ts';
import { Replicator } from '../replication/replicator.ts';
import { rawPath } from '../protocol/addressing.ts';
import { hostIdFor } from '../protocol/serialize.ts';
import { bodyStreamError, frontProblemError, frontProblemResponse } from './front-errors.ts';
import type { FrontProblem } from './front-problems.ts';
import { configEndpoint, type ConfigSlot } from './config-endpoint.ts';
import { handleS3, type HandlerDeps } from './handler.ts';
import { healthResponse, infoResponse, matchInternalRoute, resetAllowed, resetRefusedResponse, resetResponse } from './internal-routes.ts';
import { newRequestId } from './request-id.ts';
import type { RequestLog } from './request-log.ts';
import { serveWebsite, websiteBucketOf } from '../website/serve.ts';
import type { AppRequest } from '../protocol/app-request.ts';
import { createConsole } from '../console/console-routes.ts';
import { RecentRequests, withRecentRequests } from '../console/recent-requests.ts';

export interface App {
  /**
   * `target` is the request-target as the client sent it (the HTTP front passes it): keys keep
   * their `.`, `..` and `//` segments, which `request.url` has resolved. Without it, the URL's path.
   */
  handle(request: AppRequest, target?: string): Promise<Response>;
  /** The S3 error for a request the HTTP front refuses before the pipeline. */
  problemResponse(problem: FrontProblem, method: string): Response;
  /** The error a request body fails with when the client stalls or goes away. */
  bodyError(problem: 'timeout' | 'incomplete'): Error;
  /** Drops every bucket and object (the `reset` command). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Host that is no authority (`a b`, `%`, `[::1`, `localhost:99999`, `a/b`) gets what AWS
 * (versity/versitygw#1530) answers a request without a Host: a 400 with no body, here still
 * naming the request so it can be found in the log.
 */
function badHostResponse(): Response {
  const requestId = newRequestId();
  return new Response(null, {
    status: 400,
    headers: { 'x-amz-request-id': requestId, 'x-amz-id-2': hostIdFor(requestId), Server: 'AmazonS3' },
  });
}

export interface AppOptions {
  /** One line per request (src/core/request-log.ts); `serve` passes one, tests may capture one. */
  readonly requestLog?: RequestLog | undefined;
  /** Metadata and bytes kept elsewhere (PERSISTENCE: src/persist/open.ts); default: in memory. */
  readonly storage?: { readonly state: MetadataStore; readonly blobs: BlobStore } | undefined;
}

const NO_HEADERS = new Headers();

const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/;

/** `host[:port]` with a DNS name, IPv4 or bracketed IPv6 address; absent (in-process requests) is fine. */
function validHost(host: string | null): boolean {
  if (host === null) return true;
  const m = AUTHORITY.exec(host);
  return m !== null && (m[1] === undefined || Number(m[1]) <= 65535);
}

export function createApp(config: Config, options: AppOptions = {}): App {
  // The console's live view is fed where log lines are written; without the console, nothing is added.
  const recent = config.console.enabled ? new RecentRequests() : undefined;
  const requestLog = recent === undefined ? options.requestLog : withRecentRequests(options.requestLog, recent);
  // `config` is replaced whole by POST /_localstack/config; requests read it here, never a copy.
  const state = options.storage?.state ?? new MemoryMetadataStore();
  const blobs = options.storage?.blobs ?? createBlobStore({ maxMemoryObjectSize: config.maxMemoryObjectSize, tmpDir: config.tmpDir });
  const events = new EventNotifier(config.events);
  const replication = new Replicator({ state, blobs, events });
  const deps: Omit<HandlerDeps, 'config'> & ConfigSlot = { config, state, blobs, requestLog, events, replication };
  // A persistent store may hold versions a previous run marked PENDING: they are copied now.
  replication.resume();
  const startedAt = Date.now();
  const lifecycle = new LifecycleRunner(deps, config.lifecycleIntervalSeconds);

  async function reset(): Promise<void> {
    replication.clear();
    deps.state.clear();
    await deps.blobs.clear();
  }

  /**
   * Not itself async: every request would pay for a second promise (and the ticks to adopt the
   * inner one) around handleS3's.
   */
  function handle(request: AppRequest, target: string = request.url): Promise<Response> {
    let url: URL;
    try {
      if (!validHost(request.headers.get('host'))) return Promise.resolve(logged(badHostResponse(), request, rawPath(target)));
      url = new URL(request.url);
    } catch {
      return Promise.resolve(logged(badHostResponse(), request, rawPath(target)));
    }
    switch (matchInternalRoute(request.method, url.pathname)) {
      case 'health':
        // Not logged, as LocalStack: health checks poll every few seconds.
        return Promise.resolve(healthResponse(request.method));
      case 'info':
        return Promise.resolve(logged(infoResponse(startedAt), request, url.pathname));
      case 'config':
        return configEndpoint(request, deps).then((response) => logged(response, request, url.pathname));
      case 'reset':
        if (!resetAllowed(request.headers, deps.config)) return Promise.resolve(logged(resetRefusedResponse(), request, url.pathname));
        return reset().then(resetResponse).then((response) => logged(response, request, url.pathname));
      case 'lifecycle':
        if (!resetAllowed(request.headers, config)) return Promise.resolve(logged(resetRefusedResponse('a lifecycle run'), request, url.pathname));
        return lifecycleRunResponse(lifecycle, url).then((response) => logged(response, request, url.pathname));
      default: {
        const site = websiteBucketOf(request.headers.get('host'));
        if (site !== undefined) {
          if (requestLog === undefined) return serveWebsite(deps, request, url, target, site);
          const started = requestLog.debug ? performance.now() : undefined;
          return serveWebsite(deps, request, url, target, site).then((response) => logged(response, request, rawPath(target), site, started));
        }
        if (webConsole?.owns(target, request.headers.get('host')) === true) return webConsole.serve(request, url, target);
        return handleS3(deps, request, url, target);
      }
    }
  }

  // Its page and API are not logged (the page polls); the S3 requests it makes through `handle` are.
  const webConsole = recent === undefined ? undefined : createConsole(() => deps.config, handle, recent);

  /** The line for a request answered outside the S3 pipeline: `METHOD /path => status`. */
  function logged(response: Response, request: AppRequest, path: string, bucket?: string, started?: number): Response {
    requestLog?.write(request, response, { path, bucket, started });
    return response;
  }

  /** A request the front refused before the pipeline: its method and path may be unreadable. */
  function problemResponse(problem: FrontProblem, method: string): Response {
    const response = frontProblemResponse(problem, method);
    requestLog?.write({ method, headers: NO_HEADERS }, response, { refused: true, errorCode: frontProblemError(problem, method).code });
    return response;
  }

  return {
    handle, reset,
    close: async () => {
      await lifecycle.close();
      deps.events?.close();
      await replication.close();
      await deps.blobs.clear();
      deps.state.close();
    },
    problemResponse, bodyError: bodyStreamError,
  };
}
