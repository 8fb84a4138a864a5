/**
 * Version ids: 32 URL-safe characters, like AWS's: 8 of creation time, 4 of sequence, 16 random, 4
 * of check. They sort by creation, so a listing can resume after a version-id-marker whose version
 * was deleted meanwhile, as AWS does; the check makes a tampered id recognisably not ours.
 */

/** Digits and letters in ASCII order, so that string order is creation order. */
const SORTABLE = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SORTABLE_CODES = Uint8Array.from(SORTABLE, (c) => c.charCodeAt(0));
const CHECKED = 28;
const ID_LENGTH = 32;

// An id is written into one buffer and decoded to one flat string: built by concatenation it was a
// rope of a dozen strings, each a cell the collector marks for as long as the version lives.
const idBytes = new Uint8Array(ID_LENGTH);
const latin1 = new TextDecoder('latin1');
// Random bytes drawn 4 KiB at a time instead of a buffer per id.
const random = new Uint8Array(4096);
let randomAt = random.length;
let lastNow = Number.NaN;
let sequence = 0;

function writeSortable(n: number, at: number, width: number): void {
  for (let i = at + width - 1; i >= at; i--) {
    idBytes[i] = SORTABLE_CODES[n % 62] as number;
    n = Math.floor(n / 62);
  }
}

/** FNV-1a over the first 28 characters, as 4 sortable characters (0 .. 62^4 - 1). */
function checkValue(charCodeAt: (i: number) => number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < CHECKED; i++) h = Math.imul(h ^ charCodeAt(i), 0x01000193) >>> 0;
  return h % 62 ** 4;
}

export function newVersionId(now = Date.now()): string {
  sequence = now === lastNow ? sequence + 1 : 0;
  lastNow = now;
  writeSortable(now, 0, 8);
  writeSortable(sequence, 8, 4);
  if (randomAt + 16 > random.length) {
    crypto.getRandomValues(random);
    randomAt = 0;
  }
  for (let i = 0; i < 16; i++) idBytes[12 + i] = SORTABLE_CODES[(random[randomAt + i] as number) % 62] as number;
  randomAt += 16;
  writeSortable(checkValue((i) => idBytes[i] as number), CHECKED, 4);
  return latin1.decode(idBytes);
}

function decodeSortable(s: string): number {
  let n = 0;
  for (const c of s) n = n * 62 + SORTABLE.indexOf(c);
  return n;
}

const VERSION_ID_RE = /^[0-9A-Za-z]{32}$/;

/** When an id of ours was issued (ms since the epoch); NaN for any other string. */
export function issuedAt(versionId: string): number {
  if (!VERSION_ID_RE.test(versionId)) return Number.NaN;
  const check = checkValue((i) => versionId.charCodeAt(i));
  if (decodeSortable(versionId.slice(CHECKED)) !== check) return Number.NaN;
  return decodeSortable(versionId.slice(0, 8));
}
