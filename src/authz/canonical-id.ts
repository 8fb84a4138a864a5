/**
 * Canonical user ids, which ACL grants name. Every owner is shown as LocalStack's one fixed id (ops
 * write it into every ACL), so in a grant that id stands for the resource's owner. Any account's own
 * id is the SHA-256 hex of its 12 digits: a grant to account 111111111111 is
 * `id=$(printf 111111111111 | sha256sum | cut -c1-64)`.
 */
import { createHash } from 'node:crypto';

const CACHE = new Map<string, string>();

export function canonicalIdOf(accountId: string): string {
  let id = CACHE.get(accountId);
  if (id === undefined) {
    id = createHash('sha256').update(accountId).digest('hex');
    CACHE.set(accountId, id);
  }
  return id;
}
