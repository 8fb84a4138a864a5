/**
 * An incremental HTTP/1.x response parser for the raw-socket client (http1-pool.ts): status, the headers
 * that frame the body, and the body (Content-Length, chunked, or up to the close). Pure, so the
 * framing cases are tested without sockets.
 */

export interface ParsedResponse {
  readonly status: number;
  readonly body: Uint8Array;
  /** The connection can carry the next request. */
  readonly keepAlive: boolean;
}

type BodyMode = { kind: 'none' } | { kind: 'length'; size: number } | { kind: 'chunked' } | { kind: 'close' };

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY = new Uint8Array(0);

export class HttpParseError extends Error {}

/** A header's value in a lower-cased response head that ends with CRLF (the first, if repeated). */
function headerOf(head: string, name: string): string | undefined {
  const at = head.indexOf(`\r\n${name}:`);
  if (at < 0) return undefined;
  const from = at + name.length + 3;
  return head.slice(from, head.indexOf('\r\n', from)).trim();
}

export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);
  private status = 0;
  private keepAlive = true;
  private mode: BodyMode | undefined;
  /** Chunked: the decoded body so far, and where the next chunk-size line starts in `buf`. */
  private chunks: Uint8Array[] = [];
  private chunkAt = 0;

  /** @param noBody the request was a HEAD: the response's framing headers describe a body never sent. */
  constructor(private readonly noBody: boolean) {}

  /** Adds received bytes; returns the response once it is complete (bytes past it are an error: no pipelining). */
  push(data: Uint8Array): ParsedResponse | undefined {
    // The socket's buffer is only borrowed: parsed in place when it holds a whole response (the
    // usual case), copied when part of it must wait for the next read.
    const borrowed = this.buf.length === 0;
    this.buf = borrowed ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.concat([this.buf, data]);
    const done = this.mode !== undefined || this.readHead() ? this.readBody() : undefined;
    if (done === undefined && borrowed) this.buf = Buffer.from(this.buf);
    return done;
  }

  /** The peer closed: completes a body framed by the close, fails anything else half-read. */
  end(): ParsedResponse {
    if (this.mode?.kind === 'close') return this.finish(Uint8Array.prototype.slice.call(this.buf), this.buf.length, false);
    throw new HttpParseError(this.mode === undefined && this.buf.length === 0 ? 'connection closed before a response' : 'connection closed inside a response');
  }

  /** Whether any byte of the response has arrived (a keep-alive socket closed before that may be retried). */
  get started(): boolean {
    return this.buf.length > 0 || this.mode !== undefined;
  }

  private readHead(): boolean {
    for (;;) {
      const end = this.buf.indexOf(HEAD_END);
      if (end < 0) {
        if (this.buf.length > 64 * 1024) throw new HttpParseError('response head over 64 KiB');
        return false;
      }
      // Only the status and the three framing headers matter; looked up in the lower-cased head
      // rather than split line by line, which cost more than the rest of a request's client work.
      const head = this.buf.toString('latin1', 0, end + 2).toLowerCase();
      this.buf = this.buf.subarray(end + 4);
      const statusLine = /^http\/1\.([01]) (\d{3})[ \r]/.exec(head);
      if (statusLine === null) throw new HttpParseError(`bad status line: ${JSON.stringify(head.slice(0, head.indexOf('\r')))}`);
      const status = Number(statusLine[2]);
      // An interim response (100 Continue) precedes the real one.
      if (status >= 100 && status < 200) continue;
      const lengthText = headerOf(head, 'content-length');
      const length = lengthText === undefined ? undefined : Number(lengthText);
      if (length !== undefined && !(lengthText !== '' && Number.isSafeInteger(length) && length >= 0)) throw new HttpParseError('bad content-length');
      const chunked = headerOf(head, 'transfer-encoding')?.split(',').some((s) => s.trim() === 'chunked') === true;
      const connection = headerOf(head, 'connection') ?? '';
      this.status = status;
      this.keepAlive = statusLine[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
      if (this.noBody || status === 204 || status === 304) this.mode = { kind: 'none' };
      else if (chunked) this.mode = { kind: 'chunked' };
      else if (length !== undefined) this.mode = { kind: 'length', size: length };
      else this.mode = { kind: 'close' };
      return true;
    }
  }

  private readBody(): ParsedResponse | undefined {
    const mode = this.mode;
    switch (mode?.kind) {
      case 'none':
        return this.finish(EMPTY, 0, this.keepAlive);
      case 'length':
        if (this.buf.length < mode.size) return undefined;
        return this.finish(Uint8Array.prototype.slice.call(this.buf, 0, mode.size), mode.size, this.keepAlive);
      case 'chunked':
        return this.readChunks();
      default:
        return undefined;
    }
  }

  private readChunks(): ParsedResponse | undefined {
    for (;;) {
      const lineEnd = this.buf.indexOf(CRLF, this.chunkAt);
      if (lineEnd < 0) return undefined;
      const sizeText = this.buf.toString('latin1', this.chunkAt, lineEnd).split(';')[0]?.trim() ?? '';
      if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new HttpParseError(`bad chunk size: ${JSON.stringify(sizeText)}`);
      const size = Number.parseInt(sizeText, 16);
      if (size === 0) {
        // Trailers, if any, end with an empty line.
        const trailersEnd = this.buf.indexOf(CRLF, lineEnd + 2) === lineEnd + 2 ? lineEnd + 4 : this.trailerEnd(lineEnd + 2);
        if (trailersEnd < 0) return undefined;
        return this.finish(Buffer.concat(this.chunks), trailersEnd, this.keepAlive);
      }
      const dataEnd = lineEnd + 2 + size;
      if (this.buf.length < dataEnd + 2) return undefined;
      if (this.buf[dataEnd] !== 0x0d || this.buf[dataEnd + 1] !== 0x0a) throw new HttpParseError('chunk not followed by CRLF');
      this.chunks.push(Uint8Array.prototype.slice.call(this.buf, lineEnd + 2, dataEnd));
      this.chunkAt = dataEnd + 2;
    }
  }

  private trailerEnd(from: number): number {
    const end = this.buf.indexOf(HEAD_END, from);
    return end < 0 ? -1 : end + 4;
  }

  private finish(body: Uint8Array, consumed: number, keepAlive: boolean): ParsedResponse {
    if (this.buf.length > consumed) throw new HttpParseError('bytes after the response');
    const out = { status: this.status, body, keepAlive };
    this.buf = Buffer.alloc(0);
    this.mode = undefined;
    this.chunks = [];
    this.chunkAt = 0;
    return out;
  }
}
