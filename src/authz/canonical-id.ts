/**
 * Canonical user ids: each account's own, shown as Owner and named by ACL grants. The default
 * account keeps the id LocalStack reports (its AWS-recorded snapshots expect it); any other account's
 * id is the SHA-256 hex of its 12 digits, so a grant to account 111111111111 is
 * `id=$(printf 111111111111 | sha256sum | cut -c1-64)`.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ACCOUNT_ID } from '../auth/identity.ts';

/** LocalStack's canonical id for its default account, 000000000000. */
export const DEFAULT_CANONICAL_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';

const CACHE = new Map<string, string>();
/** Any 12-digit access key is an account, so the cache is bounded. */
const CACHE_LIMIT = 4096;

export function canonicalIdOf(accountId: string): string {
  if (accountId === DEFAULT_ACCOUNT_ID) return DEFAULT_CANONICAL_ID;
  let id = CACHE.get(accountId);
  if (id === undefined) {
    id = createHash('sha256').update(accountId).digest('hex');
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(accountId, id);
  }
  return id;
}
