/**
 * Incremental decoder of `Transfer-Encoding: chunked` request bodies (RFC 9112 7.1). The app gets
 * the payload; chunk extensions and HTTP trailer fields are read and dropped, with bounded lines.
 */

/** A chunk-size line with extensions, or one trailer field, may take this much. */
const MAX_LINE = 4096;
const MAX_TRAILER_BYTES = 8192;
const HEX = /^[0-9a-fA-F]{1,15}$/;

type State = 'size' | 'data' | 'data-crlf' | 'trailer' | 'done';

export interface ChunkedOutput {
  /** Payload bytes found in this input (views into it). */
  readonly data: Uint8Array[];
  /** Bytes of the input past the end of the body (a pipelined next request), when done. */
  readonly rest?: Uint8Array;
}

export class ChunkedDecoder {
  private state: State = 'size';
  private remaining = 0;
  private line = '';
  private trailerBytes = 0;

  get done(): boolean {
    return this.state === 'done';
  }

  /** Throws on malformed framing; the connection then answers 400 and closes. */
  feed(input: Uint8Array): ChunkedOutput {
    const data: Uint8Array[] = [];
    let i = 0;
    while (i < input.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, input.length - i);
        data.push(input.subarray(i, i + n));
        i += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data-crlf';
        continue;
      }
      const lf = input.indexOf(10, i);
      const end = lf === -1 ? input.length : lf + 1;
      const take = Math.min(end, i + MAX_LINE + 1 - this.line.length);
      this.line += Buffer.from(input.buffer, input.byteOffset + i, take - i).toString('latin1');
      i = take;
      if (this.line.length > MAX_LINE) throw new Error('chunk line too long');
      if (take === end && lf !== -1) this.endLine();
    }
    return this.state === 'done' && i < input.length ? { data, rest: input.subarray(i) } : { data };
  }

  private endLine(): void {
    if (!this.line.endsWith('\r\n')) throw new Error('bare LF in chunked framing');
    const line = this.line.slice(0, -2);
    this.line = '';
    if (this.state === 'data-crlf') {
      if (line !== '') throw new Error('chunk data longer than its size');
      this.state = 'size';
    } else if (this.state === 'size') {
      const size = line.split(';', 1)[0]?.trim() ?? '';
      if (!HEX.test(size)) throw new Error('bad chunk size');
      this.remaining = parseInt(size, 16);
      this.state = this.remaining === 0 ? 'trailer' : 'data';
    } else if (this.state === 'trailer') {
      this.trailerBytes += line.length + 2;
      if (this.trailerBytes > MAX_TRAILER_BYTES) throw new Error('chunked trailers too large');
      if (line === '') this.state = 'done';
    }
  }
}
