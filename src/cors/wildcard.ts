/**
 * `*` patterns from bucket configurations (CORS AllowedOrigin and AllowedHeader), matched without
 * regular expressions: a regex built from a stored pattern can backtrack for minutes on one request.
 */

/** More than one `*`: AWS refuses such an AllowedOrigin or AllowedHeader at PutBucketCors. */
export function hasManyWildcards(pattern: string): boolean {
  const first = pattern.indexOf('*');
  return first !== -1 && pattern.includes('*', first + 1);
}

/**
 * Whether `value` matches `pattern`, each `*` standing for one or more characters. The literal
 * pieces between stars are each searched once, leftmost, and never retried (leftmost leaves the
 * most room for the rest), so no pattern makes this backtrack; with one `*` it is a prefix and a
 * suffix check.
 */
export function wildcardMatches(pattern: string, value: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === value;
  const head = pieces[0] ?? '';
  const tail = pieces[pieces.length - 1] ?? '';
  // pattern.length counts one character per star: the shortest value that can match.
  if (value.length < pattern.length || !value.startsWith(head) || !value.endsWith(tail)) return false;
  const tailStart = value.length - tail.length;
  let at = head.length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const piece = pieces[i] ?? '';
    const found = value.indexOf(piece, at + 1);
    if (found === -1) return false;
    at = found + piece.length;
  }
  return at < tailStart;
}
