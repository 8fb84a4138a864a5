/**
 * One HTTP/1.1 connection: heads parsed from raw bytes, one request at a time (pipelined requests
 * wait their turn), bodies streamed with backpressure, responses written in order.
 */
import type { FrontProblem } from '../../core/front-problems.ts';
import { BodyFeed } from './body-feed.ts';
import { FrontRequest } from './front-request.ts';
import { headEnd, MAX_HEAD_BYTES, parseHead, type RequestHead } from './head.ts';
import { writeResponse } from './response-writer.ts';
import { SocketWriter, type RawSocket } from './socket-writer.ts';
import type { AppRequest } from '../../protocol/app-request.ts';

/** What the front needs of the app (src/core/app.ts provides it). */
export interface FrontApp {
  handle(request: AppRequest, target: string): Promise<Response>;
  /** The S3 error response for a request the front refuses (the connection closes after it). */
  problemResponse(problem: FrontProblem, method: string): Response;
  /** The error a body stream fails with: the client went away, or sent too slowly. */
  bodyError(problem: 'timeout' | 'incomplete'): Error;
}

export interface ConnSocket extends RawSocket {
  pause(): void;
  resume(): void;
  end(): void;
  terminate(): void;
}

/** Fetch upper-cases these six whatever their spelling: `get` would silently become GET. */
const CASE_NORMALISED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/** Reading a head; a body arriving; a request in hand awaiting its answer; done. */
type Phase = 'head' | 'body' | 'wait' | 'closed';

export class Connection {
  readonly writer: SocketWriter;
  private phase: Phase = 'head';
  private buf: Uint8Array | null = null;
  private feed: BodyFeed | undefined;
  private busy = false;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: never read, only held: the Response (and a file body's descriptor) lives until written
  private inFlight: Response | undefined;
  private waitPaused = false;
  /** Bytes at the start of `buf` already known to hold no head's end: a slow head is scanned once, not per read. */
  private headScanned = 0;
  /** When the first byte of a still incomplete head arrived (0: none pending). */
  headSince = 0;
  /** No byte has arrived yet: a connection opened and left silent is held to the head deadline. */
  silent = true;
  /** When bytes last arrived or a response ended (the idle timeout counts from it). */
  lastActive = Date.now();
  /** When the current body's rate window opened (http-server.ts checks it). */
  bodyWindowStart = 0;
  /** The client half-closed: requests already here are answered, then the connection closes. */
  private peerEnded = false;
  /** When our side was closed (0: open); a peer holding its side open is cut off after a while. */
  shutAt = 0;
  /** The server is stopping: close after the response in flight. */
  draining = false;

  /** `https://` when the connection came in over TLS: the app reads the scheme from the URL. */
  private readonly origin: string;

  constructor(private readonly socket: ConnSocket, private readonly app: FrontApp, scheme: 'http' | 'https' = 'http') {
    this.writer = new SocketWriter(socket);
    this.origin = `${scheme}://`;
  }

  get idle(): boolean {
    return !this.busy && this.buf === null;
  }

  get bodyFeed(): BodyFeed | undefined {
    return this.phase === 'body' ? this.feed : undefined;
  }

  onData(chunk: Uint8Array): void {
    if (this.phase === 'closed') return;
    this.lastActive = Date.now();
    this.silent = false;
    let bytes: Uint8Array | undefined = chunk;
    if (this.phase === 'body' && this.feed !== undefined) {
      bytes = this.pushBody(this.feed, chunk);
      if (bytes === undefined) return;
    }
    if (bytes.byteLength > 0) this.buf = this.buf === null ? bytes : join(this.buf, bytes);
    if (this.phase === 'wait') {
      if (this.buf !== null && this.buf.byteLength > MAX_HEAD_BYTES && !this.waitPaused) {
        this.waitPaused = true;
        this.socket.pause();
      }
      return;
    }
    this.next();
  }

  /** The client half-closed: nothing more will arrive. Answer what is complete, then close. */
  onEnd(): void {
    if (this.phase === 'closed') return;
    this.peerEnded = true;
    if (this.phase === 'body') this.feed?.fail(this.app.bodyError('incomplete'));
    if (!this.busy) this.next();
  }

  onDrain(): void {
    this.writer.onDrain();
  }

  onClose(): void {
    this.phase = 'closed';
    this.writer.onClose();
    this.feed?.fail(this.app.bodyError('incomplete'));
  }

  /** Closes without a word: an idle keep-alive connection, or the server going down. */
  close(): void {
    this.phase = 'closed';
    this.shut();
  }

  /** Drops the connection at once: a peer that never closes its side after ours, or a forced stop. */
  kill(): void {
    this.phase = 'closed';
    this.socket.terminate();
  }

  /** Our side is done (FIN sent); the socket closes when the peer's side does (see shutAt). */
  private shut(): void {
    if (this.shutAt === 0) this.shutAt = Date.now();
    this.socket.end();
  }

  /** Answers `problem` and closes: used for bad heads, timeouts and the connection cap. */
  refuse(problem: FrontProblem, method = 'GET'): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    void Promise.resolve(writeResponse(this.writer, this.app.problemResponse(problem, method), { head: method === 'HEAD', close: true }))
      .catch(() => undefined)
      .finally(() => this.shut());
  }

  /** Parses and starts the next request in the buffer, if a whole head is there. */
  private next(): void {
    let buf = this.buf;
    if (this.busy || this.phase === 'closed') return;
    let skip = 0;
    while (buf !== null && skip + 1 < buf.byteLength && buf[skip] === 13 && buf[skip + 1] === 10) skip += 2; // RFC 9112 2.2
    if (buf !== null && skip > 0) {
      buf = this.buf = skip === buf.byteLength ? null : buf.subarray(skip);
      this.headScanned = 0;
    }
    if (buf === null) {
      if (this.peerEnded) this.close();
      return;
    }
    const end = headEnd(buf, this.headScanned);
    if (end === -1) {
      this.headScanned = buf.byteLength;
      if (this.peerEnded) {
        this.refuse('malformed'); // half a head, and nothing more will come
        return;
      }
      if (this.headSince === 0) this.headSince = Date.now();
      if (buf.byteLength > MAX_HEAD_BYTES) this.refuse('header-too-large');
      return;
    }
    this.headSince = 0;
    this.headScanned = 0;
    const head = parseHead(buf, end);
    if (typeof head === 'string') {
      this.refuse(head);
      return;
    }
    this.buf = end < buf.byteLength ? buf.subarray(end) : null;
    this.start(head);
  }

  private start(head: RequestHead): void {
    const { method } = head;
    if (head.host === '') {
      this.refuse('malformed', method); // HTTP/1.1 requires Host (RFC 9112 3.2)
      return;
    }
    if (method !== method.toUpperCase() && CASE_NORMALISED.has(method.toUpperCase())) {
      this.refuse('method', method.toUpperCase());
      return;
    }
    this.busy = true;
    // Bytes of later requests wait (bounded: see onData) until this one is answered.
    this.phase = 'wait';
    // At once, even for an empty body, as Bun.serve did: botocore, told no 100 on an empty PUT,
    // reuses that answer's status line for the next request on the connection and hangs.
    if (head.expectContinue) this.writer.write(CONTINUE);
    const body = this.takeBody(head);
    // The app reads bucket names and signatures from the Host header; a Host no URL can hold is its to refuse.
    const request = new FrontRequest(`${this.origin}${head.host}${head.target}`, method, head.fields,
      method === 'GET' || method === 'HEAD' ? null : body);
    this.app.handle(request, head.target).then(
      (response) => this.respond(response, head),
      () => this.respond(this.app.problemResponse('malformed', method), head),
    );
  }

  /** The body as the Request gets it: bytes already here, a stream of what is to come, or null. */
  private takeBody(head: RequestHead): Uint8Array | ReadableStream<Uint8Array> | null {
    const length = head.bodyLength;
    if (length === 0) return null;
    const buf = this.buf;
    if (typeof length === 'number' && buf !== null && buf.byteLength >= length) {
      this.buf = buf.byteLength > length ? buf.subarray(length) : null;
      return buf.subarray(0, length);
    }
    const feed = new BodyFeed(length, { pause: () => this.socket.pause(), resume: () => this.socket.resume() });
    this.feed = feed;
    this.phase = 'body';
    this.buf = null;
    if (buf !== null) {
      const rest = this.pushBody(feed, buf);
      if (rest !== undefined && rest.byteLength > 0) this.buf = rest;
    }
    return feed.stream;
  }

  /** Feeds body bytes; past the body's end the phase is 'wait' and the rest is returned. */
  private pushBody(feed: BodyFeed, bytes: Uint8Array): Uint8Array | undefined {
    let rest: Uint8Array | undefined;
    try {
      rest = feed.push(bytes);
    } catch {
      // Bad chunked framing: the app's read fails, and the connection closes after its answer.
      feed.fail(this.app.bodyError('incomplete'));
      return undefined;
    }
    if (rest !== undefined) this.phase = 'wait';
    return rest;
  }

  private respond(response: Response, head: RequestHead): void {
    if (this.phase === 'closed') return;
    // A body the app did not read to its end leaves the connection mid-stream: close it after the answer.
    const close = !head.keepAlive || this.phase === 'body' || this.draining;
    // Held until the last byte is out: a file body's descriptor lives as long as its Response (file-lease.ts).
    this.inFlight = response;
    let pending: Promise<void> | undefined;
    try {
      pending = writeResponse(this.writer, response, { head: head.method === 'HEAD', close });
    } catch {
      this.finish(true);
      return;
    }
    if (pending === undefined) this.finish(close);
    else pending.then(() => this.finish(close), () => this.finish(true));
  }

  /** After a response: close, or take the next request (maybe already buffered). */
  private finish(close: boolean): void {
    this.inFlight = undefined;
    if (close || this.phase === 'closed' || this.writer.isClosed) {
      this.phase = 'closed';
      this.feed?.fail(this.app.bodyError('incomplete'));
      this.shut();
      return;
    }
    this.busy = false;
    this.feed = undefined;
    this.phase = 'head';
    this.lastActive = Date.now();
    if (this.waitPaused) {
      this.waitPaused = false;
      this.socket.resume();
    }
    this.next();
  }
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
