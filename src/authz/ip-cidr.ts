/** IpAddress / NotIpAddress: an address inside a CIDR block (IPv4 or IPv6; a bare address is /32 or /128). */

/** An address as 16-bit groups (IPv4: 2 groups), or undefined when not an address. */
function parseAddress(text: string): number[] | undefined {
  if (text.includes('.') && !text.includes(':')) {
    const parts = text.split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = parts.map(Number);
    return [a * 256 + b, c * 256 + d];
  }
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => (g.length <= 4 ? parseInt(g, 16) : Number.NaN)));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return all.every((g) => Number.isInteger(g)) ? all : undefined;
}

export function ipInCidr(ip: string, cidr: string): boolean {
  const [base = '', bitsText] = cidr.trim().split('/');
  const net = parseAddress(base);
  const addr = parseAddress(ip.trim());
  if (net === undefined || addr === undefined || net.length !== addr.length) return false;
  const width = net.length * 16;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return false;
  for (let i = 0, left = bits; left > 0; i += 1, left -= 16) {
    const mask = left >= 16 ? 0xffff : (0xffff << (16 - left)) & 0xffff;
    if (((net[i] ?? 0) & mask) !== ((addr[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** The prefix length of a CIDR (for Block Public Access's "public" test); undefined when malformed. */
export function cidrPrefix(cidr: string): number | undefined {
  const [base = '', bitsText] = cidr.trim().split('/');
  const net = parseAddress(base);
  if (net === undefined) return undefined;
  return bitsText === undefined ? net.length * 16 : Number(bitsText);
}
