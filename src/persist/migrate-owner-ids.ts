/**
 * Format 1 -> 2: format 1 showed every owner as LocalStack's one canonical id, so in a stored ACL that
 * id meant "this resource's owner", and the default account was granted by the SHA-256 of its digits.
 * Format 2 stores real ids (src/authz/canonical-id.ts): rewrite each ACL to say what it meant.
 */
import type { Database } from 'bun:sqlite';
import { createHash } from 'node:crypto';
import { DEFAULT_ACCOUNT_ID } from '../auth/identity.ts';
import { canonicalIdOf, DEFAULT_CANONICAL_ID } from '../authz/canonical-id.ts';

/** How format 1 named a grant to the default account. */
const OLD_DEFAULT_ACCOUNT_ID = createHash('sha256').update(DEFAULT_ACCOUNT_ID).digest('hex');

/** In an ACL, the old fixed id meant the owner; the old default-account id means LocalStack's now. */
function rewriteAcl(text: string, ownerId: string): string {
  return text.replaceAll(DEFAULT_CANONICAL_ID, ownerId).replaceAll(OLD_DEFAULT_ACCOUNT_ID, DEFAULT_CANONICAL_ID);
}

/**
 * One stored record's JSON as format 2 writes it. Its ACL is an object (buckets, uploads) or JSON
 * text (versions); elsewhere (a bucket policy's CanonicalUser) only the default account is renamed.
 */
export function migrateDoc(doc: string): string {
  const record = JSON.parse(doc) as Record<string, unknown>;
  const owner = record.ownerAccountId;
  const ownerId = typeof owner === 'string' ? canonicalIdOf(owner) : DEFAULT_CANONICAL_ID;
  const acl = record.acl;
  if (typeof acl === 'string') record.acl = rewriteAcl(acl, ownerId);
  else if (typeof acl === 'object' && acl !== null) record.acl = JSON.parse(rewriteAcl(JSON.stringify(acl), ownerId)) as unknown;
  return JSON.stringify(record).replaceAll(OLD_DEFAULT_ACCOUNT_ID, DEFAULT_CANONICAL_ID);
}

/** Rewrites the ACL-bearing rows (buckets, versions, uploads) in the caller's transaction. */
export function migrateOwnerIds(db: Database): void {
  for (const table of ['buckets', 'versions', 'uploads']) {
    const select = db.query<{ id: number; doc: string }, [string, string]>(
      `SELECT rowid AS id, doc FROM ${table} WHERE instr(doc, ?) > 0 OR instr(doc, ?) > 0`,
    );
    // Only changed rows are kept: the default account's rows (most, usually) stay as they are.
    const changed: [string, number][] = [];
    for (const { id, doc } of select.iterate(DEFAULT_CANONICAL_ID, OLD_DEFAULT_ACCOUNT_ID)) {
      const next = migrateDoc(doc);
      if (next !== doc) changed.push([next, id]);
    }
    select.finalize();
    const update = db.prepare<unknown, [string, number]>(`UPDATE ${table} SET doc = ? WHERE rowid = ?`);
    for (const row of changed) update.run(...row);
    update.finalize();
  }
}
