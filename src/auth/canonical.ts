/**
 * Canonical forms shared by the signers: URI encoding, path, query and header canonicalisation
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 */

const HEX = '0123456789ABCDEF';
const UTF8 = new TextEncoder();

function isUnreserved(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)
    || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
}

/** AWS UriEncode: every byte but A-Z a-z 0-9 - . _ ~ (and `/` when asked) as upper-case %XX. */
export function uriEncode(value: string, keepSlash = false): string {
  if (/^[A-Za-z0-9\-._~]*$/.test(value)) return value;
  let out = '';
  for (const b of UTF8.encode(value)) {
    out += isUnreserved(b) || (keepSlash && b === 0x2f) ? String.fromCharCode(b) : `%${HEX.charAt(b >> 4)}${HEX.charAt(b & 15)}`;
  }
  return out;
}

/** Percent-decoding that leaves malformed escapes as they are, and `+` as a plus. */
export function decodeLoose(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * The canonical URI of an S3 request: each segment decoded once and re-encoded once. S3 neither
 * normalises the path nor double-encodes it (unlike the other services), so `a//b/` stays as is,
 * and an encoded slash (`%2F`) counts as the slash it decodes to, as AWS canonicalises it.
 */
export function canonicalPath(rawPath: string): string {
  if (rawPath === '') return '/';
  return rawPath.split('/').map((segment) => uriEncode(decodeLoose(segment), true)).join('/');
}

/** The raw query pairs, decoded, in order (`?acl` gives ['acl', '']). */
export function queryPairs(search: string): Array<[string, string]> {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  const pairs: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq === -1 ? [decodeLoose(part), ''] : [decodeLoose(part.slice(0, eq)), decodeLoose(part.slice(eq + 1))]);
  }
  return pairs;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SigV4 canonical query string: encoded names and values sorted by name, then value; `skip` leaves some out. */
export function canonicalQuery(search: string, skip: (name: string) => boolean = () => false): string {
  return queryPairs(search)
    .filter(([name]) => !skip(name))
    .map(([name, value]): [string, string] => [uriEncode(name), uriEncode(value)])
    .sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Trimall: leading/trailing whitespace removed, inner runs collapsed to one space. */
export function trimAll(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Hex bytes as S3 shows them in SignatureDoesNotMatch (StringToSignBytes): `41 57 53 34 ...`. */
export function spacedHex(text: string): string {
  return Array.from(UTF8.encode(text), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
