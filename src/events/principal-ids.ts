/**
 * The principal ids a record names. AWS names the bucket owner by its Amazon customer id
 * (`ownerIdentity`, e.g. `A3NL1KOZZKExample`) and the caller by its IAM principal (`userIdentity`,
 * e.g. `AWS:AIDAJDPLRKLG7UEXAMPLE`): two different ids, neither of them the account id (its
 * recorded events keep the three apart). Without IAM here, both are derived from the account,
 * so they stay the same from one event, and one start, to the next.
 */
import { digestOf } from '../checksum/digest.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const OWNERS = new Map<string, string>();
const CALLERS = new Map<string, string>();
const LIMIT = 1024;

/** `length` base32 characters of the SHA-256 of `text`. */
function idChars(text: string, length: number): string {
  const hex = digestOf('sha256', text, 'hex');
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16) % 32];
  return out;
}

function cached(map: Map<string, string>, accountId: string, make: () => string): string {
  let id = map.get(accountId);
  if (id === undefined) {
    id = make();
    if (map.size >= LIMIT) map.clear();
    map.set(accountId, id);
  }
  return id;
}

/** The account's Amazon customer id: `ownerIdentity.principalId`, and after `AmazonCustomer:` when S3 itself acts. */
export function ownerPrincipalId(accountId: string): string {
  return cached(OWNERS, accountId, () => `A${idChars(`owner:${accountId}`, 13)}`);
}

/** The caller's IAM principal, `userIdentity.principalId` of the events its requests cause. */
export function callerPrincipalId(accountId: string): string {
  return cached(CALLERS, accountId, () => `AWS:AIDA${idChars(`caller:${accountId}`, 17)}`);
}
