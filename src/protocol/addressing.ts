/**
 * Host + request path -> bucket and key. Virtual-hosted style only when the Host names a bucket
 * under `.s3.` (`<b>.s3.localhost.localstack.cloud:4566`, `<b>.s3.<region>.amazonaws.com`); every
 * other host is path style. The path is never normalised: `//`, `..` and a trailing `/` are part of
 * keys, and percent-encoding is decoded exactly once (`+` stays a literal plus).
 */

export interface AddressingOptions {
  /** S3_VIRTUAL_HOSTING: accept `<bucket>.s3.<domain>` hosts. */
  readonly virtualHosting: boolean;
  /** The configured domain (LOCALSTACK_HOST's host), tried first when a bucket name itself holds `.s3.`. */
  readonly hostname: string;
}

export interface Address {
  readonly bucket?: string;
  readonly key?: string;
  /** The key's %XX escapes do not spell UTF-8: AWS answers 400 InvalidURI (gaul/s3proxy#201). */
  readonly keyNotUtf8?: true;
}

const AWS_DOMAIN = 'amazonaws.com';
const DECODER = new TextDecoder('utf-8');
const STRICT_DECODER = new TextDecoder('utf-8', { fatal: true });

/**
 * `url` may be a parsed URL or the raw request target (`/b/a/../k?x`, or an absolute URL string):
 * WHATWG URL parsing (and so `new Request()` and Bun.serve's req.url) already removes dot segments,
 * so only a raw target keeps `..` in keys.
 */
export function resolveAddress(url: URL | string, host: string | null, opts: AddressingOptions): Address {
  const path = rawPath(url);
  const bucket = opts.virtualHosting && host !== null ? virtualHostBucket(host, opts.hostname) : undefined;
  if (bucket !== undefined) {
    const key = path.slice(1);
    return key === '' ? { bucket } : { bucket, ...decodedKey(key) };
  }
  const rest = path.slice(1);
  const slash = rest.indexOf('/');
  const rawBucket = slash === -1 ? rest : rest.slice(0, slash);
  if (rawBucket === '') return {};
  const rawKey = slash === -1 ? '' : rest.slice(slash + 1);
  const decodedBucket = decodePercent(rawBucket);
  return rawKey === '' ? { bucket: decodedBucket } : { bucket: decodedBucket, ...decodedKey(rawKey) };
}

/** The path exactly as sent: from the first `/` after the authority to the query. */
export function rawPath(url: URL | string): string {
  let s = typeof url === 'string' ? url : url.href;
  if (!s.startsWith('/')) {
    const scheme = s.indexOf('://');
    const start = s.indexOf('/', scheme === -1 ? 0 : scheme + 3);
    s = start === -1 ? '/' : s.slice(start);
  }
  const q = s.indexOf('?');
  const end = q === -1 ? s.length : q;
  const hash = typeof url === 'string' ? -1 : s.indexOf('#');
  return s.slice(0, hash !== -1 && hash < end ? hash : end);
}

/** `<bucket>.s3.[<region>.]<domain>[:port]` -> bucket; the configured domain and AWS's are matched as suffixes first. */
export function virtualHostBucket(host: string, hostname: string): string | undefined {
  const h = host.toLowerCase();
  // Every virtual-hosted name holds `.s3.`: path-style hosts, most of them, leave here.
  const s3 = h.indexOf('.s3.');
  if (s3 <= 0) return undefined;
  const bare = h.replace(/:\d+$/, '');
  return suffixBucket(bare, hostname.toLowerCase()) ?? suffixBucket(bare, AWS_DOMAIN) ?? bare.slice(0, s3);
}

/** The bucket of `<bucket>.s3.<domain>` or `<bucket>.s3.<region>.<domain>`, for this domain. */
function suffixBucket(h: string, domain: string): string | undefined {
  if (domain === '' || !h.endsWith(`.${domain}`)) return undefined;
  const labels = h.slice(0, h.length - domain.length - 1);
  if (labels.length > 3 && labels.endsWith('.s3')) return labels.slice(0, -3);
  const region = labels.lastIndexOf('.');
  if (region > 3 && labels.slice(0, region).endsWith('.s3')) return labels.slice(0, region - 3);
  return undefined;
}

/** decodeURIComponent, except that a bad escape or invalid UTF-8 is kept rather than thrown on. */
export function decodePercent(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return lenientDecode(s);
  }
}

function decodedKey(raw: string): { key: string; keyNotUtf8?: true } {
  if (!raw.includes('%')) return { key: raw };
  try {
    return { key: decodeURIComponent(raw) };
  } catch {
    // Bad escapes (`%zz`) stay as sent; escaped bytes that are not UTF-8 make the key unparseable.
    try {
      return { key: lenientDecode(raw, STRICT_DECODER) };
    } catch {
      return { key: lenientDecode(raw), keyNotUtf8: true };
    }
  }
}

function lenientDecode(s: string, decoder: TextDecoder = DECODER): string {
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) out += decoder.decode(new Uint8Array(bytes));
    bytes = [];
  };
  for (let i = 0; i < s.length; i++) {
    const hex = s.charCodeAt(i) === 37 ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      out += s[i];
    }
  }
  flush();
  return out;
}
