/**
 * The Bun.serve adapter: every request goes to `app.handle`. Nothing S3-specific lives here, only
 * the socket settings that decide whether large or slow uploads reach the app at all.
 */
import type { App } from '../core/app.ts';

/**
 * S3 accepts single PUTs up to 5 GiB; aws-chunked framing adds a few bytes per chunk on top. Bun's
 * default cap (128 MiB) would cut uploads off with a bare 413, so the cap sits above 5 GiB and the
 * app answers EntityTooLarge itself, as S3 does.
 */
export const MAX_REQUEST_BODY_SIZE = 6 * 1024 ** 3;

/**
 * Seconds a connection may stay silent. Bun's default (10 s) drops slow clients and long copies, and
 * SDK connection pools reuse keep-alive sockets for a while; 255 is the largest value Bun accepts.
 */
export const IDLE_TIMEOUT_SECONDS = 255;

export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port; the bound one is returned. */
  readonly port: number;
}

export interface RunningServer {
  /** Base URL clients can use (a wildcard host is shown as loopback). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting; `force` also drops open connections instead of letting them finish. */
  stop(force?: boolean): Promise<void>;
}

/** `0.0.0.0`/`::` accept anywhere but are not connectable addresses on every system. */
export function connectableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function startServer(app: App, options: ListenOptions): RunningServer {
  const server = Bun.serve({
    hostname: options.host,
    port: options.port,
    maxRequestBodySize: MAX_REQUEST_BODY_SIZE,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    development: false,
    // development:false alone makes Bun set SO_REUSEPORT: a second instance on the same port would
    // then "start" and silently split traffic between two separate in-memory states.
    reusePort: false,
    fetch: (request) => app.handle(request),
  });
  const port = server.port ?? options.port;
  return {
    url: `http://${connectableHost(options.host)}:${port}`,
    port,
    stop: (force = false) => server.stop(force),
  };
}
