/**
 * The head of an HTTP/1.1 request (request line + header fields), parsed from raw bytes so that the
 * request-target reaches the app exactly as sent: S3 keys may hold `..`, `.` and `//` segments,
 * which a WHATWG URL (and so Bun.serve's `request.url`) would resolve away.
 * https://www.rfc-editor.org/rfc/rfc9112#section-3
 */
import { MAX_HEADER_BYTES, type HeadProblem } from '../../core/front-problems.ts';

export interface RequestHead {
  readonly method: string;
  /** The request-target as sent (origin-form `/b/k?q`; absolute-form keeps only its path and query). */
  readonly target: string;
  /** Header fields by lower-case name; repeated fields joined with ", " (RFC 9110 5.3). */
  readonly fields: Map<string, string>;
  /** The Host header ('' when absent). */
  readonly host: string;
  /** Body framing: a byte count, 'chunked', or 0 for none. */
  readonly bodyLength: number | 'chunked';
  readonly keepAlive: boolean;
  readonly expectContinue: boolean;
  /** Bytes the head took, including the blank line. */
  readonly size: number;
}

/** A 1,024-byte key percent-encoded three times over, plus a presigned URL's query, fits well. */
export const MAX_REQUEST_LINE_BYTES = 16 * 1024;
/** The most a head can take before it is refused without waiting for its end. */
export const MAX_HEAD_BYTES = MAX_HEADER_BYTES + MAX_REQUEST_LINE_BYTES + 4;

const DIGITS = /^\d{1,16}$/;

/** Index just past the blank line that ends the head, or -1 while it is incomplete. */
export function headEnd(buf: Uint8Array, from = 0): number {
  // Native indexOf finds each LF; only those get their three bytes before checked.
  let i = Math.max(3, from);
  for (;;) {
    i = buf.indexOf(10, i);
    if (i === -1) return -1;
    if (buf[i - 1] === 13 && buf[i - 2] === 10 && buf[i - 3] === 13) return i + 1;
    i++;
  }
}

/** Bytes as chars 0-255 (header values are byte strings). Not TextDecoder('latin1'): that is windows-1252. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

/** `buf` holds a whole head (headEnd(buf) === end). */
export function parseHead(buf: Uint8Array, end: number): RequestHead | HeadProblem {
  const text = latin1Slice.call(buf, 0, end - 4);
  const lineEnd = text.indexOf('\r\n');
  const requestLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  if (requestLine.length > MAX_REQUEST_LINE_BYTES) return 'target-too-long';
  if (lineEnd !== -1 && text.length - lineEnd - 2 > MAX_HEADER_BYTES) return 'header-too-large';
  const line = parseRequestLine(requestLine);
  if (typeof line === 'string') return line;
  const fields = lineEnd === -1 ? new Map<string, string>() : parseFields(text.slice(lineEnd + 2));
  if (fields === undefined) return 'malformed';
  return withFraming(line, fields, end);
}

interface RequestLine { method: string; target: string; http10: boolean }

function parseRequestLine(line: string): RequestLine | HeadProblem {
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) return 'malformed';
  const method = line.slice(0, sp1);
  const target = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!isToken(method, 0, method.length) || target === '' || !validTarget(target)) return 'malformed';
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

/** A control character other than TAB, or a CR or LF that is not part of a CRLF line end. */
const BAD_FIELD_BYTE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n/;

/** Header fields, values without surrounding whitespace; undefined for a malformed field or obs-fold. */
function parseFields(block: string): Map<string, string> | undefined {
  if (BAD_FIELD_BYTE.test(block)) return undefined;
  const out = new Map<string, string>();
  let start = 0;
  while (start < block.length) {
    let end = block.indexOf('\r\n', start);
    if (end === -1) end = block.length;
    const colon = block.indexOf(':', start);
    if (colon <= start || colon > end) return undefined;
    // A name of token characters (which also refuses obs-fold's leading space and "name :").
    const name = knownName(block, start, colon) ?? (isToken(block, start, colon) ? block.slice(start, colon).toLowerCase() : undefined);
    if (name === undefined) return undefined;
    let from = colon + 1;
    let to = end;
    while (from < to && isSpace(block.charCodeAt(from))) from++;
    while (to > from && isSpace(block.charCodeAt(to - 1))) to--;
    const value = block.slice(from, to);
    const before = out.get(name);
    out.set(name, before === undefined ? value : `${before}, ${value}`);
    start = end + 2;
  }
  return out;
}

/**
 * Names SDKs send on nearly every request, by length. Lower-casing a fresh substring costs more than
 * the rest of a field's parsing; a known name comes back as this constant instead.
 */
const KNOWN_NAMES: readonly (readonly string[])[] = (() => {
  const names = [
    'host', 'authorization', 'x-amz-date', 'x-amz-content-sha256', 'user-agent', 'amz-sdk-invocation-id',
    'amz-sdk-request', 'content-length', 'content-type', 'content-md5', 'content-encoding', 'expect', 'connection',
    'accept', 'accept-encoding', 'transfer-encoding', 'x-amz-decoded-content-length', 'x-amz-trailer',
    'x-amz-sdk-checksum-algorithm', 'x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme',
    'x-amz-checksum-sha1', 'x-amz-checksum-sha256', 'x-amz-checksum-mode', 'x-amz-security-token', 'x-amz-user-agent',
    'range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'origin', 'x-amz-acl',
    'x-amz-storage-class', 'x-amz-tagging', 'cache-control', 'content-disposition', 'x-amz-copy-source',
    'x-amz-expected-bucket-owner',
  ];
  const byLength: string[][] = [];
  for (const name of names) (byLength[name.length] ??= []).push(name);
  return byLength;
})();

/**
 * The known name `s[from, to)` spells in any case. Only letters, digits and `-` survive `| 0x20` as
 * such, and the controls that would alias them never reach here (BAD_FIELD_BYTE): a match is a token.
 */
function knownName(s: string, from: number, to: number): string | undefined {
  const candidates = KNOWN_NAMES[to - from];
  if (candidates === undefined) return undefined;
  next: for (const name of candidates) {
    for (let i = 0; i < name.length; i++) if ((s.charCodeAt(from + i) | 0x20) !== name.charCodeAt(i)) continue next;
    return name;
  }
  return undefined;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09;

/** RFC 9110 tchar, as a table. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

function isToken(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TCHAR[c] !== 1) return false;
  }
  return true;
}

function withFraming(line: RequestLine, fields: Map<string, string>, size: number): RequestHead | HeadProblem {
  const lengths = fields.get('content-length');
  const encoding = fields.get('transfer-encoding');
  const connection = fields.get('connection')?.toLowerCase() ?? '';
  // Repeated Content-Length fields were joined: they must all say the same (RFC 9112 6.3).
  if (lengths !== undefined && lengths.includes(',') && new Set(lengths.split(',').map((s) => s.trim())).size !== 1) return 'bad-framing';
  let bodyLength: number | 'chunked' = 0;
  if (encoding !== undefined) {
    // Both framings at once is how requests are smuggled past proxies: refused (RFC 9112 6.3).
    if (lengths !== undefined) return 'bad-framing';
    const codings = encoding.toLowerCase().split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (codings.length !== 1 || codings[0] !== 'chunked') return codings.at(-1) === 'chunked' ? 'unsupported-encoding' : 'bad-framing';
    bodyLength = 'chunked';
  } else if (lengths !== undefined) {
    const length = lengths.split(',', 1)[0]?.trim() ?? '';
    if (!DIGITS.test(length)) return 'bad-framing';
    bodyLength = Number(length);
  }
  const keepAlive = line.http10 ? connection.includes('keep-alive') : !/(^|,)\s*close\s*(,|$)/.test(connection);
  return {
    method: line.method, target: line.target, fields, host: fields.get('host') ?? '', bodyLength, keepAlive,
    expectContinue: fields.get('expect')?.toLowerCase() === '100-continue', size,
  };
}
