/**
 * Response -> HTTP/1.1 bytes: status line, the Response's headers, Date and framing, then the body
 * (bytes and strings in the same write as the head; file Blobs and streams in pieces, waiting for
 * the socket to drain, so a 5 GiB GET holds a few MiB at most).
 */
import { WireResponse, type ResponseSource } from '../../protocol/response-body.ts';
import type { SocketWriter } from './socket-writer.ts';

/** Blobs up to this size are read whole and sent with the head. */
const WHOLE_BLOB_BYTES = 1024 * 1024;
/** Pieces of a large Blob read at a time. */
const BLOB_PIECE_BYTES = 1024 * 1024;

const REASONS: Record<number, string> = {
  100: 'Continue', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect',
  400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large', 416: 'Range Not Satisfiable',
  500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable', 505: 'HTTP Version Not Supported',
};

let dateSecond = 0;
let dateText = '';

/** RFC 9110 Date, formatted once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = now - (now % 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second).toUTCString();
  }
  return dateText;
}

/** Names as AWS spells them on the wire (`ETag`, `Content-Type`; `x-amz-*` lower-case): Headers lower-cases them. */
const WIRE_NAMES = new Map<string, string>([['etag', 'ETag'], ['www-authenticate', 'WWW-Authenticate']]);

function wireName(name: string): string {
  const known = WIRE_NAMES.get(name);
  if (known !== undefined) return known;
  if (name.startsWith('x-') || name !== name.toLowerCase()) return name;
  const spelled = name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
  if (WIRE_NAMES.size < 1024) WIRE_NAMES.set(name, spelled);
  return spelled;
}

export interface WriteOptions {
  /** A HEAD request: headers only, Content-Length as the app set it. */
  readonly head: boolean;
  /** Say `Connection: close`: the connection ends after this response. */
  readonly close: boolean;
}

const NO_BODY_STATUS = (status: number): boolean => status === 204 || status === 304 || status < 200;

/**
 * Writes the whole response. Bytes, strings and small Blobs go out with the head in one write;
 * returns a promise only when something is left to wait for (a large body, a full socket).
 */
export function writeResponse(out: SocketWriter, response: Response, opts: WriteOptions): Promise<void> | undefined {
  const noBody = opts.head || NO_BODY_STATUS(response.status);
  if (response instanceof WireResponse) return writeWith(out, response.status, response.headers.fields, opts, noBody ? null : response.source);
  // Not built by bodyResponse (health, CORS preflights, website pages): small, read whole.
  const fields = new Map<string, string>(response.headers);
  if (noBody) return writeWith(out, response.status, fields, opts, null);
  return response.blob().then((blob) => writeWith(out, response.status, fields, opts, blob));
}

/** `fields`: names lower-case, as Headers keeps them. */
function writeWith(out: SocketWriter, status: number, fields: Map<string, string>, opts: WriteOptions, source: ResponseSource): Promise<void> | undefined {
  const noBody = opts.head || NO_BODY_STATUS(status);
  const body = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  let head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'Unknown'}\r\n`;
  let length: number | undefined;
  for (const [name, value] of fields) {
    if (name === 'content-length') {
      if (NO_BODY_STATUS(status)) continue;
      length = Number(value);
    } else if (name === 'connection' || name === 'transfer-encoding' || name === 'date') {
      continue;
    }
    head += `${wireName(name)}: ${value}\r\n`;
  }
  head += `Date: ${httpDate()}\r\n`;
  const chunked = !noBody && length === undefined && body instanceof ReadableStream;
  if (length === undefined && !NO_BODY_STATUS(status) && !chunked && !opts.head) head += `Content-Length: ${sizeOf(body)}\r\n`;
  if (chunked) head += 'Transfer-Encoding: chunked\r\n';
  if (opts.close) head += 'Connection: close\r\n';
  head += '\r\n';
  return writeBody(out, head, body, length);
}

function sizeOf(body: Exclude<ResponseSource, string>): number {
  if (body === null) return 0;
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof Blob) return body.size;
  return 0;
}

/**
 * Heads (and the small bodies sent with them) are laid out here: the socket copies what it takes,
 * and SocketWriter.writeTransient copies what it must queue, so one buffer serves every response.
 */
const SCRATCH = Buffer.allocUnsafe(96 * 1024);

/** Writes the head (header values are byte strings: latin1) followed by `body`, in one write. */
function writeHead(out: SocketWriter, head: string, body: Uint8Array | undefined): void {
  const size = head.length + (body?.byteLength ?? 0);
  const bytes = size <= SCRATCH.byteLength ? SCRATCH : Buffer.allocUnsafe(size);
  bytes.write(head, 0, 'latin1');
  if (body !== undefined) bytes.set(body, head.length);
  if (bytes === SCRATCH) out.writeTransient(bytes, size);
  else out.write(bytes);
}

function writeBody(out: SocketWriter, head: string, body: Exclude<ResponseSource, string>, streamLength: number | undefined): Promise<void> | undefined {
  if (body === null) {
    writeHead(out, head, undefined);
  } else if (body instanceof Uint8Array) {
    const together = body.byteLength <= 64 * 1024;
    writeHead(out, head, together ? body : undefined);
    if (!together) out.write(body);
  } else if (body instanceof Blob) {
    return writeBlob(out, head, body);
  } else {
    writeHead(out, head, undefined);
    return writeStream(out, body, streamLength);
  }
  return out.pending ? out.drained() : undefined;
}

async function writeBlob(out: SocketWriter, head: string, blob: Blob): Promise<void> {
  if (blob.size <= WHOLE_BLOB_BYTES) {
    writeHead(out, head, await blob.bytes());
    return out.drained();
  }
  writeHead(out, head, undefined);
  for (let offset = 0; offset < blob.size && !out.isClosed; offset += BLOB_PIECE_BYTES) {
    const piece = await blob.slice(offset, Math.min(blob.size, offset + BLOB_PIECE_BYTES)).bytes();
    if (!out.write(piece)) await out.drained();
  }
  return out.drained();
}

/**
 * `length` is the Content-Length announced for the stream (undefined: chunked framing). A stream that
 * ends short of it, or runs past it, rejects: the connection is then closed, its framing being lost.
 */
async function writeStream(out: SocketWriter, stream: ReadableStream<Uint8Array>, length: number | undefined): Promise<void> {
  const chunked = length === undefined;
  const reader = stream.getReader();
  let sent = 0;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (out.isClosed) break;
      if (r.value.byteLength === 0) continue;
      sent += r.value.byteLength;
      if (length !== undefined && sent > length) throw new Error(`response body longer than its Content-Length ${length}`);
      if (chunked) out.write(Buffer.from(`${r.value.byteLength.toString(16)}\r\n`, 'latin1'));
      const whole = out.write(r.value);
      if (chunked) out.write(Buffer.from('\r\n', 'latin1'));
      if (!whole || out.pending) await out.drained();
    }
    if (chunked) out.write(Buffer.from('0\r\n\r\n', 'latin1'));
    else if (sent !== length && !out.isClosed) throw new Error(`response body shorter than its Content-Length ${length}`);
    await out.drained();
  } finally {
    if (out.isClosed) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
