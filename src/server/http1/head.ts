/**
 * The head of an HTTP/1.1 request (request line + header fields), parsed from raw bytes so that the
 * request-target reaches the app exactly as sent: S3 keys may hold `..`, `.` and `//` segments,
 * which a WHATWG URL (and so Bun.serve's `request.url`) would resolve away.
 * https://www.rfc-editor.org/rfc/rfc9112#section-3
 */

/** Why a head was refused; the connection answers and closes. */
export type HeadProblem =
  | 'malformed'            // not HTTP/1.x syntax: 400
  | 'header-too-large'     // header section over MAX_HEADER_BYTES: 400 RequestHeaderSectionTooLarge
  | 'target-too-long'      // request line over MAX_REQUEST_LINE_BYTES: 414-like, answered 400
  | 'bad-framing'          // conflicting or invalid Content-Length / Transfer-Encoding: 400
  | 'unsupported-encoding' // a Transfer-Encoding other than chunked: 501 NotImplemented
  | 'unsupported-version'; // HTTP/2.0 or later over this connection: 505

export interface RequestHead {
  readonly method: string;
  /** The request-target as sent (origin-form `/b/k?q`; absolute-form keeps only its path and query). */
  readonly target: string;
  readonly headers: Array<[string, string]>;
  /** The Host header ('' when absent). */
  readonly host: string;
  /** Body framing: a byte count, 'chunked', or 0 for none. */
  readonly bodyLength: number | 'chunked';
  readonly keepAlive: boolean;
  readonly expectContinue: boolean;
  /** Bytes the head took, including the blank line. */
  readonly size: number;
}

/** AWS: "The PUT request header is limited to 8 KB in size" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html). */
export const MAX_HEADER_BYTES = 8 * 1024;
/** A 1,024-byte key percent-encoded three times over, plus a presigned URL's query, fits well. */
export const MAX_REQUEST_LINE_BYTES = 16 * 1024;
/** The most a head can take before it is refused without waiting for its end. */
export const MAX_HEAD_BYTES = MAX_HEADER_BYTES + MAX_REQUEST_LINE_BYTES + 4;

const CR = 13;
const LF = 10;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DIGITS = /^\d{1,16}$/;
const LATIN1 = new TextDecoder('latin1');

/** Index just past the blank line that ends the head, or -1 while it is incomplete. */
export function headEnd(buf: Uint8Array, from = 0): number {
  for (let i = Math.max(3, from); i < buf.length; i++) {
    if (buf[i] === LF && buf[i - 1] === CR && buf[i - 2] === LF && buf[i - 3] === CR) return i + 1;
  }
  return -1;
}

/** `buf` holds a whole head (headEnd(buf) === end). */
export function parseHead(buf: Uint8Array, end: number): RequestHead | HeadProblem {
  const text = LATIN1.decode(buf.subarray(0, end - 4));
  const lineEnd = text.indexOf('\r\n');
  const requestLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  if (requestLine.length > MAX_REQUEST_LINE_BYTES) return 'target-too-long';
  if (lineEnd !== -1 && text.length - lineEnd - 2 > MAX_HEADER_BYTES) return 'header-too-large';
  const line = parseRequestLine(requestLine);
  if (typeof line === 'string') return line;
  const headers = lineEnd === -1 ? [] : parseFields(text.slice(lineEnd + 2));
  if (headers === undefined) return 'malformed';
  return withFraming(line, headers, end);
}

interface RequestLine { method: string; target: string; http10: boolean }

function parseRequestLine(line: string): RequestLine | HeadProblem {
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) return 'malformed';
  const method = line.slice(0, sp1);
  const target = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!TOKEN.test(method) || target === '' || !validTarget(target)) return 'malformed';
  if (!/^HTTP\/\d\.\d$/.test(version)) return 'malformed';
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return version < 'HTTP/1.0' ? 'malformed' : 'unsupported-version';
  const origin = originForm(target);
  return origin === undefined ? 'malformed' : { method, target: origin, http10: version === 'HTTP/1.0' };
}

/** Visible ASCII and bytes >= 0x80 (which are percent-encoded below); no spaces or controls. */
function validTarget(target: string): boolean {
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return false;
  }
  return true;
}

/** Absolute-form (`http://host/p?q`) keeps only `/p?q`; raw non-ASCII bytes are percent-encoded, as a URL parser would. */
function originForm(target: string): string | undefined {
  let t = target;
  if (t === '*') return '/';
  if (!t.startsWith('/')) {
    const scheme = /^https?:\/\/[^/?#]*/i.exec(t);
    if (scheme === null) return undefined;
    t = t.slice(scheme[0].length);
    if (!t.startsWith('/')) t = `/${t}`;
  }
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(t) ? t.replace(/[^\x00-\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : t;
}

/** Header fields, values without surrounding whitespace; undefined for a malformed field or obs-fold. */
function parseFields(block: string): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  let start = 0;
  while (start < block.length) {
    let end = block.indexOf('\r\n', start);
    if (end === -1) end = block.length;
    const field = block.slice(start, end);
    start = end + 2;
    const colon = field.indexOf(':');
    if (colon <= 0) return undefined;
    const name = field.slice(0, colon);
    if (!TOKEN.test(name)) return undefined; // also refuses obs-fold (a leading space) and "name :"
    const value = field.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) return undefined;
    }
    out.push([name, value]);
  }
  return out;
}

function withFraming(line: RequestLine, headers: Array<[string, string]>, size: number): RequestHead | HeadProblem {
  let host = '';
  let lengths: string | undefined;
  let encoding: string | undefined;
  let connection = '';
  let expect = '';
  for (const [name, value] of headers) {
    switch (name.toLowerCase()) {
      case 'host': host = value; break;
      case 'content-length':
        if (lengths !== undefined && lengths !== value) return 'bad-framing';
        lengths = value;
        break;
      case 'transfer-encoding': encoding = encoding === undefined ? value : `${encoding},${value}`; break;
      case 'connection': connection += `,${value.toLowerCase()}`; break;
      case 'expect': expect = value.toLowerCase(); break;
    }
  }
  let bodyLength: number | 'chunked' = 0;
  if (encoding !== undefined) {
    // Both framings at once is how requests are smuggled past proxies: refused (RFC 9112 6.3).
    if (lengths !== undefined) return 'bad-framing';
    const codings = encoding.toLowerCase().split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (codings.length !== 1 || codings[0] !== 'chunked') return codings.at(-1) === 'chunked' ? 'unsupported-encoding' : 'bad-framing';
    bodyLength = 'chunked';
  } else if (lengths !== undefined) {
    if (!DIGITS.test(lengths)) return 'bad-framing';
    bodyLength = Number(lengths);
  }
  const keepAlive = line.http10 ? connection.includes('keep-alive') : !/(^|,)\s*close\s*(,|$)/.test(connection);
  return {
    method: line.method, target: line.target, headers, host, bodyLength, keepAlive,
    expectContinue: expect === '100-continue', size,
  };
}
