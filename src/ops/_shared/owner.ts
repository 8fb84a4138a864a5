import { canonicalIdOf } from '../../authz/canonical-id.ts';

/** The Owner element of an account's buckets, objects and uploads: its own canonical id. */
export function ownerOf(accountId: string): { ID: string } {
  return { ID: canonicalIdOf(accountId) };
}
