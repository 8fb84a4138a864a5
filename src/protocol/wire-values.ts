/** Scalar values on the wire: timestamps, header-safe strings and S3's RFC 2047 metadata encoding. */
import { S3Error } from './s3-error.ts';

/** Formatted HTTP dates by second: every GET and HEAD formats its object's Last-Modified. */
const httpDates = new Map<number, string>();
const HTTP_DATES_KEPT = 1024;

/** RFC 7231 IMF-fixdate, as S3 sends Last-Modified: `Tue, 15 Nov 1994 08:12:31 GMT`. */
export function formatHttpDate(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  let text = httpDates.get(second);
  if (text === undefined) {
    text = d.toUTCString();
    if (httpDates.size >= HTTP_DATES_KEPT) httpDates.clear();
    httpDates.set(second, text);
  }
  return text;
}

/** ISO 8601 with milliseconds, as S3 writes XML timestamps: `2009-10-12T17:50:30.000Z`. */
let lastIsoMs = Number.NaN;
let lastIso = '';

/** ISO 8601 with milliseconds; remembers the last one (a listing's objects mostly share their second). */
export function formatIsoDate(d: Date): string {
  const ms = d.getTime();
  if (ms !== lastIsoMs) {
    lastIso = d.toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

/** Lenient: RFC 7231/850/asctime dates, ISO 8601, or epoch seconds. Undefined when unreadable. */
export function parseTimestamp(raw: string): Date | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  const ms = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Strict decimal integer (no sign games, no exponents); undefined when not one. */
export function parseInteger(raw: string): number | undefined {
  const s = raw.trim();
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

const UTF8 = new TextEncoder();

/** RFC 9110 token: what a header name must be. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

/** What a header value cannot hold: NUL, CR and LF (they would end or split the header), and code points above U+00FF. */
const NOT_IN_HEADER = /[^\x01-\x09\x0b\x0c\x0e-\xff]/;

/**
 * A request value S3 sends back as a response header (a response-* override, a header carried by a
 * presigned URL) is refused with this InvalidArgument when a header cannot hold it.
 */
export function assertHeaderValue(name: string, value: string | undefined): void {
  if (value !== undefined && NOT_IN_HEADER.test(value)) {
    throw new S3Error('InvalidArgument', { message: 'Header value cannot be represented using ISO-8859-1.', fields: { ArgumentName: name, ArgumentValue: value } });
  }
}

/**
 * Any string as a header value, so no stored value can make a response fail. Header values are byte
 * strings: code points above U+00FF go out as their UTF-8 bytes (what S3 does for bytes it
 * received), one char per byte. NUL, CR and LF, which would end or split the header, become spaces,
 * as RFC 9112 section 5.2 has recipients do with a folded line.
 */
export function toHeaderValue(value: string): string {
  if (!NOT_IN_HEADER.test(value)) return value;
  const text = value.replace(/[\0\r\n]/g, ' ');
  if (!/[^\x00-\xff]/.test(text)) return text;
  let out = '';
  for (const b of UTF8.encode(text)) out += String.fromCharCode(b);
  return out;
}

// S3's RFC 2047 rules for user metadata (observed in AWS recordings): printable ASCII plus space
// and tab goes out as is; anything else is Q-encoded, or B-encoded if it holds control characters.
const SAFE_Q = new Set<number>();
for (const c of '!"#$%&\'()*+,-./0123456789:;<>@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^`abcdefghijklmnopqrstuvwxyz{|}~\t') {
  SAFE_Q.add(c.charCodeAt(0));
}
const AS_IS = /^[\t\x20-\x7e]*$/;
/** Unprintable characters (Unicode category C) or U+FFFD: S3 base64-encodes those values. */
const UNPRINTABLE = /[\p{C}\ufffd]/u;

const ENCODED_WORD = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
const ONLY_ENCODED_WORDS = /^(\s*=\?[^?]+\?[QqBb]\?[^?]*\?=)+\s*$/;

function decodeWord(encoding: string, text: string): string {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const HIGH_BYTE = /[\x80-\xff]/;
const BEYOND_BYTE = /[^\x00-\xff]/;

/**
 * Header values arrive as byte strings (one char per byte). S3 reads user metadata as UTF-8, so raw
 * UTF-8 bytes become the characters they spell, once: `é` sent raw comes back `=?UTF-8?Q?=C3=A9?=`
 * as in AWS's recording of test_put_unicode_metadata_with_sig_s3. Bytes that are not UTF-8 stay.
 */
export function metadataFromHeaderBytes(value: string): string {
  if (!HIGH_BYTE.test(value) || BEYOND_BYTE.test(value)) return value;
  try {
    return UTF8_STRICT.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/**
 * Incoming user metadata in RFC 2047 encoded-words is stored decoded (S3 decodes it, then encodes
 * non-ASCII values again on the way out). Values that are not entirely encoded-words stay as sent.
 */
export function decodeMetadataValue(value: string): string {
  if (!value.includes('=?') || !ONLY_ENCODED_WORDS.test(value)) return value;
  let out = '';
  for (const m of value.matchAll(ENCODED_WORD)) out += decodeWord(m[2] ?? 'Q', m[3] ?? '');
  return out;
}

export function encodeMetadataValue(value: string): string {
  if (AS_IS.test(value)) return value;
  const bytes = UTF8.encode(value);
  if (UNPRINTABLE.test(value)) return `=?UTF-8?B?${Buffer.from(bytes).toString('base64')}?=`;
  let q = '';
  for (const b of bytes) {
    if (b === 0x20) q += '_';
    else if (SAFE_Q.has(b)) q += String.fromCharCode(b);
    else q += `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?UTF-8?Q?${q}?=`;
}
