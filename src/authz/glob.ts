/**
 * IAM wildcards (Action, Resource, StringLike, ArnLike): `*` is any run of characters, possibly
 * empty, `?` exactly one. Matched without regular expressions or backtracking: the pieces between
 * stars have fixed lengths, so each is found at its leftmost place and never retried (leftmost
 * leaves the most room for the rest). Cost is bounded by pattern length times value length.
 */

/** Whether `piece` (no `*`, `?` matching any one character) matches `value` at `at`. */
function pieceAt(piece: string, value: string, at: number): boolean {
  if (at + piece.length > value.length) return false;
  for (let i = 0; i < piece.length; i += 1) {
    const p = piece.charCodeAt(i);
    if (p !== 63 /* ? */ && p !== value.charCodeAt(at + i)) return false;
  }
  return true;
}

export function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern.length === value.length && pieceAt(pattern, value, 0);
  const pieces = pattern.split('*');
  const head = pieces[0] ?? '';
  const tail = pieces[pieces.length - 1] ?? '';
  if (head.length + tail.length > value.length) return false;
  if (!pieceAt(head, value, 0) || !pieceAt(tail, value, value.length - tail.length)) return false;
  const end = value.length - tail.length;
  let at = head.length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const piece = pieces[i] ?? '';
    let found = -1;
    for (let start = at; start + piece.length <= end; start += 1) {
      if (pieceAt(piece, value, start)) {
        found = start;
        break;
      }
    }
    if (found === -1) return false;
    at = found + piece.length;
  }
  return true;
}
