/**
 * A pool of keep-alive HTTP/1.1 connections over Bun's TCP sockets, one request in flight per
 * connection, for plain-HTTP peers: event deliveries to local SQS/SNS/Lambda/EventBridge
 * endpoints (src/events/aws-request.ts) and the bench's load generator. Both send many small
 * requests from one thread, where fetch costs more than the work itself: it hands each request to
 * Bun's HTTP client thread and back.
 */
import type { Socket } from 'bun';
import { HttpParseError, ResponseParser, type ParsedResponse } from './http1-response-parser.ts';

export interface HttpResponse {
  readonly status: number;
  readonly body: Uint8Array;
}

/** A hung server fails the request instead of hanging its caller; an idle connection is closed. */
const TIMEOUT_SECONDS = 60;

class Connection {
  private socket: Socket<undefined> | undefined;
  private parser: ResponseParser | undefined;
  private waiter: { resolve(r: ParsedResponse): void; reject(e: Error): void } | undefined;
  private unsent: Uint8Array | undefined;
  closed = false;
  /** The connection has carried a request: the server may since have dropped it as idle. */
  reused = false;

  private constructor(private readonly timeoutSeconds: number) {}

  static async open(hostname: string, port: number, timeoutSeconds: number, onClose: (c: Connection) => void): Promise<Connection> {
    const conn = new Connection(timeoutSeconds);
    conn.socket = await Bun.connect({
      hostname, port,
      socket: {
        data: (_s, data) => conn.received(data),
        drain: () => conn.flush(),
        end: () => conn.ended(undefined),
        close: (_s, error) => { conn.ended(error); onClose(conn); },
        error: (_s, error) => conn.ended(error),
        timeout: () => conn.ended(new Error(`no response within ${timeoutSeconds} s`), false),
      },
    });
    conn.socket.timeout(timeoutSeconds);
    return conn;
  }

  /** Sends one request; resolves with its response, rejects if the connection fails first. */
  send(request: Uint8Array, isHead: boolean): Promise<ParsedResponse> {
    const socket = this.socket;
    if (socket === undefined || this.closed) return Promise.reject(new StaleConnection('connection closed'));
    this.parser = new ResponseParser(isHead);
    // Bun's socket timeout is a deadline from when it is set, not an idle timer that traffic resets:
    // armed once at connect, it failed the request in flight on every connection 60 s later (a
    // LocalStack fill of 100k keys). Re-armed per request, it bounds this request, and an idle
    // connection closes that long after its last one.
    socket.timeout(this.timeoutSeconds);
    const done = new Promise<ParsedResponse>((resolve, reject) => { this.waiter = { resolve, reject }; });
    socket.ref();
    this.unsent = request;
    this.flush();
    return done;
  }

  /** An idle connection does not keep the process alive. */
  idle(): void {
    this.socket?.unref();
  }

  close(): void {
    this.closed = true;
    this.socket?.end();
  }

  private flush(): void {
    const data = this.unsent;
    if (data === undefined || this.socket === undefined) return;
    const n = this.socket.write(data);
    this.unsent = n >= data.byteLength ? undefined : data.subarray(Math.max(n, 0));
  }

  private received(data: Uint8Array): void {
    const parser = this.parser;
    if (parser === undefined || this.waiter === undefined) return this.fail(new HttpParseError('bytes with no request in flight'));
    let res: ParsedResponse | undefined;
    try {
      res = parser.push(data);
    } catch (e) {
      return this.fail(e instanceof Error ? e : new Error(String(e)));
    }
    if (res === undefined) return;
    const waiter = this.waiter;
    this.waiter = undefined;
    this.parser = undefined;
    if (!res.keepAlive) this.close();
    waiter.resolve(res);
  }

  /** `resendable`: the server may have dropped the connection as idle (a close or reset, not a timeout). */
  private ended(error: Error | undefined, resendable = true): void {
    this.closed = true;
    const waiter = this.waiter;
    const parser = this.parser;
    this.waiter = undefined;
    this.parser = undefined;
    // A timeout does not close the socket by itself (an idle one would stay open, holding a thread
    // of a threaded server such as moto). Ending it runs the close handler at once: the request in
    // flight was taken above, so this call, with its cause, settles it.
    this.socket?.end();
    if (waiter === undefined) return;
    if (error === undefined && parser !== undefined) {
      try {
        return waiter.resolve(parser.end());
      } catch {
        // fall through: the close cut the response short (or came before it)
      }
    }
    const message = error?.message ?? 'connection closed';
    waiter.reject(resendable && this.reused && parser?.started !== true ? new StaleConnection(message) : new Error(message));
  }

  private fail(error: Error): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    this.parser = undefined;
    this.close();
    waiter?.reject(error);
  }
}

/** A kept-alive connection the server had closed before the request reached it: safe to resend. */
class StaleConnection extends Error {}

export class Http1Pool {
  private readonly idle: Connection[] = [];

  constructor(private readonly hostname: string, private readonly port: number, private readonly timeoutSeconds = TIMEOUT_SECONDS) {}

  /** `head` is the request line and headers, CRLF-terminated, without the final empty line's CRLF. */
  async request(head: string, body: Uint8Array | undefined, isHead: boolean): Promise<HttpResponse> {
    const bytes = body === undefined
      ? Buffer.from(`${head}\r\n`, 'latin1')
      : Buffer.concat([Buffer.from(`${head}content-length: ${body.byteLength}\r\n\r\n`, 'latin1'), body]);
    for (;;) {
      const conn = this.take();
      const c = conn ?? await Connection.open(this.hostname, this.port, this.timeoutSeconds, (closed) => this.forget(closed));
      try {
        const res = await c.send(bytes, isHead);
        if (!c.closed) {
          c.reused = true;
          c.idle();
          this.idle.push(c);
        }
        return { status: res.status, body: res.body };
      } catch (e) {
        c.close();
        // Only a reused connection can be stale; a fresh one failing is the server's answer.
        if (!(e instanceof StaleConnection && conn !== undefined)) throw e;
      }
    }
  }

  /** Closes the idle connections: call it when no request is in flight. */
  close(): void {
    for (const c of this.idle.splice(0)) c.close();
  }

  private take(): Connection | undefined {
    for (let c = this.idle.pop(); c !== undefined; c = this.idle.pop()) if (!c.closed) return c;
    return undefined;
  }

  private forget(conn: Connection): void {
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
  }
}
