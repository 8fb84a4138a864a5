/**
 * The application: configuration, state and storage wired together behind one
 * `handle(Request) -> Promise<Response>`. Runtime adapters (src/server/) only call `handle`.
 */
import { hashersReady } from '../checksum/index.ts';
import type { Config } from '../config.ts';
import { S3State } from '../state/store.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import { handleS3, type HandlerDeps } from './handler.ts';
import { healthResponse, infoResponse, matchInternalRoute, resetAllowed, resetRefusedResponse, resetResponse } from './internal-routes.ts';
import { serveWebsite, websiteBucketOf } from './website.ts';

export interface App {
  handle(request: Request): Promise<Response>;
  /** Drops every bucket and object (the `reset` command). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Bun builds request.url from the Host header, so a Host that is no authority (`a b`, `[::1`,
 * `localhost:99999`) leaves no URL. It gets what AWS (versity/versitygw#1530) and Bun answer a
 * request without a Host: a bare 400 with no body.
 */
function badHostResponse(): Response {
  return new Response(null, { status: 400, headers: { Server: 'AmazonS3' } });
}

export function createApp(config: Config): App {
  const deps: HandlerDeps = {
    config,
    state: new S3State(),
    blobs: createBlobStore({ maxMemoryObjectSize: config.maxMemoryObjectSize, tmpDir: config.tmpDir }),
  };
  const startedAt = Date.now();
  /**
   * The default checksum's WASM instance (CRC64NVME, ~50 ms to compile, ~4 MiB resident) starts
   * loading with the first S3 request, typically a CreateBucket well before any body needs it, rather
   * than at start: an idle server, or one that only sees SDK uploads (CRC32), never pays for it.
   */
  let warmedUp = false;

  async function reset(): Promise<void> {
    deps.state.clear();
    await deps.blobs.clear();
  }

  /**
   * Not itself async: every request would pay for a second promise (and the ticks to adopt the
   * inner one) around handleS3's.
   */
  function handle(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(badHostResponse());
    }
    switch (matchInternalRoute(request.method, url.pathname)) {
      case 'health':
        return Promise.resolve(healthResponse(request.method));
      case 'info':
        return Promise.resolve(infoResponse(startedAt));
      case 'reset':
        if (!resetAllowed(request.headers, config)) return Promise.resolve(resetRefusedResponse());
        return reset().then(resetResponse);
      default: {
        const site = websiteBucketOf(request.headers.get('host'));
        if (site !== undefined) return serveWebsite(deps, request, url, site);
        if (!warmedUp) {
          warmedUp = true;
          // A failed load surfaces on the request that needs the hasher, not here.
          hashersReady(['CRC64NVME'])?.catch(() => undefined);
        }
        return handleS3(deps, request, url);
      }
    }
  }

  return { handle, reset, close: () => deps.blobs.clear() };
}
