/**
 * The HTTP/1.1 front: raw sockets from Bun.listen, parsed here (src/server/http1/), so the app sees
 * each request-target as sent. Nothing S3-specific lives here: only the limits that keep a careless
 * or hostile client from holding the server (head and body deadlines, a connection cap).
 */
import type { Socket } from 'bun';
import type { SecureContext } from 'node:tls';
import { Connection, type FrontApp } from './http1/connection.ts';
import { TLS_HANDSHAKE, TlsTunnel } from './tls-tunnel.ts';

/**
 * Seconds a connection may stay silent between requests. SDK connection pools reuse keep-alive
 * sockets for a while; a request in progress is bounded by the deadlines below instead.
 */
export const IDLE_TIMEOUT_SECONDS = 255;
/** A request head must arrive whole within this (slow-header clients), the first one counted from the connection's opening. */
export const HEAD_TIMEOUT_MS = 20_000;
/**
 * A body must bring at least BODY_MIN_BYTES in every BODY_WINDOW_MS while the app reads it; AWS
 * likewise drops uploads that stall ("RequestTimeout", 400).
 */
export const BODY_WINDOW_MS = 20_000;
export const BODY_MIN_BYTES = 16 * 1024;
/** After our side closed, how long a peer may keep its side open before the socket is dropped. */
const LINGER_MS = 10_000;
/** Connections beyond this are answered 503 SlowDown and closed, before descriptors run out. */
export const DEFAULT_MAX_CONNECTIONS = 4096;

export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port; the bound one is returned. */
  readonly port: number;
  readonly maxConnections?: number;
  /** Overrides of the deadlines above (tests). */
  readonly headTimeoutMs?: number;
  readonly bodyWindowMs?: number;
  /** Also answer HTTPS on the same port: connections opening with a TLS handshake get this certificate. */
  readonly tls?: SecureContext | undefined;
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

/** `sniff`: the first bytes are still to come (they tell TLS from plain HTTP); `tunnel`: TLS. */
interface ConnData { conn?: Connection; sniff?: boolean; tunnel?: TlsTunnel }

export function startServer(app: FrontApp, options: ListenOptions): RunningServer {
  const connections = new Map<Socket<ConnData>, Connection>();
  const tls = options.tls;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  let stopping = false;
  let allClosed: (() => void) | undefined;
  const listener = Bun.listen<ConnData>({
    hostname: options.host.replace(/^\[|\]$/g, ''),
    port: options.port,
    // A client may send its request and half-close: it still gets its answers (onEnd).
    allowHalfOpen: true,
    data: {},
    socket: {
      // Plain Uint8Arrays: a Buffer's slice() is a view, and the pipeline copies chunks with slice().
      binaryType: 'uint8array',
      open(socket) {
        const conn = new Connection(socket, app);
        socket.data = { conn, sniff: tls !== undefined };
        connections.set(socket, conn);
        if (stopping) conn.refuse('busy');
        else if (connections.size > maxConnections) conn.refuse('busy');
      },
      data(socket, chunk) {
        const d = socket.data;
        if (d.sniff === true) {
          d.sniff = false;
          if (tls !== undefined && chunk[0] === TLS_HANDSHAKE) {
            const tunnel = startTunnel(socket, tls, app, connections);
            tunnel.onRawData(chunk);
            return;
          }
        }
        if (d.tunnel !== undefined) d.tunnel.onRawData(chunk);
        else d.conn?.onData(chunk);
      },
      drain(socket) {
        if (socket.data.tunnel !== undefined) socket.data.tunnel.onRawDrain();
        else socket.data.conn?.onDrain();
      },
      end(socket) {
        if (socket.data.tunnel !== undefined) socket.data.tunnel.onRawEnd();
        else socket.data.conn?.onEnd();
      },
      close(socket) {
        socket.data.tunnel?.onRawClose();
        socket.data.conn?.onClose();
        connections.delete(socket);
        if (connections.size === 0) allClosed?.();
      },
      error(socket) {
        socket.data.conn?.onClose();
      },
    },
  });
  const ticker = setInterval(() => checkDeadlines(connections.values(), app, options), 1000);
  ticker.unref();
  const port = listener.port;
  return {
    url: `http://${connectableHost(options.host)}:${port}`,
    port,
    async stop(force = false) {
      stopping = true;
      listener.stop(force);
      clearInterval(ticker);
      const closed = connections.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => { allClosed = resolve; });
      for (const conn of connections.values()) {
        if (force) conn.kill();
        else if (conn.idle) conn.close();
        else conn.draining = true;
      }
      await closed;
    },
  };
}

/** The raw socket carries TLS from now on: a new Connection, over the decrypted stream, takes its place. */
function startTunnel(socket: Socket<ConnData>, context: SecureContext, app: FrontApp, connections: Map<Socket<ConnData>, Connection>): TlsTunnel {
  let conn: Connection | undefined;
  const tunnel = new TlsTunnel(socket, context, {
    data: (chunk) => conn?.onData(chunk),
    drain: () => conn?.onDrain(),
    end: () => conn?.onEnd(),
    close: () => conn?.onClose(),
  });
  conn = new Connection(tunnel, app, 'https');
  socket.data = { conn, tunnel };
  connections.set(socket, conn);
  return tunnel;
}

/** Head deadline and minimum body rate, checked once a second for every connection. */
function checkDeadlines(connections: Iterable<Connection>, app: FrontApp, options: ListenOptions): void {
  const now = Date.now();
  const headTimeout = options.headTimeoutMs ?? HEAD_TIMEOUT_MS;
  const window = options.bodyWindowMs ?? BODY_WINDOW_MS;
  for (const conn of connections) {
    if (conn.shutAt !== 0) {
      if (now - conn.shutAt > LINGER_MS) conn.kill();
      continue;
    }
    // Opened and never used: its first head is overdue. Nothing was asked, so nothing is answered.
    if (conn.silent && now - conn.lastActive > headTimeout) {
      conn.close();
      continue;
    }
    // Idle between requests: closed quietly, as keep-alive connections are.
    if (conn.idle && now - conn.lastActive > IDLE_TIMEOUT_SECONDS * 1000) {
      conn.close();
      continue;
    }
    if (conn.headSince !== 0 && now - conn.headSince > headTimeout) {
      conn.refuse('timeout');
      continue;
    }
    const feed = conn.bodyFeed;
    if (feed === undefined || feed.done) {
      conn.bodyWindowStart = 0;
      continue;
    }
    if (feed.waitingForApp) {
      conn.bodyWindowStart = now;
      feed.takeWindow();
      continue;
    }
    if (conn.bodyWindowStart === 0) conn.bodyWindowStart = now;
    if (now - conn.bodyWindowStart < window) continue;
    conn.bodyWindowStart = now;
    if (feed.takeWindow() < Math.min(BODY_MIN_BYTES, feed.expected)) feed.fail(app.bodyError('timeout'));
  }
}
