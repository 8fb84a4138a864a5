import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalIdOf, DEFAULT_CANONICAL_ID } from '../authz/canonical-id.ts';
import { migrateDoc } from './migrate-owner-ids.ts';

const OLD_DEFAULT = createHash('sha256').update('000000000000').digest('hex');
const acl = (owner: string, grantee: string): object => ({ Owner: { ID: owner }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: grantee }, Permission: 'READ' }] });

describe('migrateDoc (format 1 -> 2)', () => {
  it("names an object version's owner by its own id in its ACL (stored as JSON text)", () => {
    const doc = JSON.stringify({ ownerAccountId: '111111111111', size: 1, acl: JSON.stringify(acl(DEFAULT_CANONICAL_ID, OLD_DEFAULT)) });
    const migrated = JSON.parse(migrateDoc(doc)) as { acl: string };
    expect(JSON.parse(migrated.acl)).toEqual(acl(canonicalIdOf('111111111111'), DEFAULT_CANONICAL_ID));
  });

  it("renames the default account's old id in a bucket policy and leaves LocalStack's id there as it is", () => {
    const policy = JSON.stringify({ Statement: [{ Principal: { CanonicalUser: [OLD_DEFAULT, DEFAULT_CANONICAL_ID] } }] });
    const doc = JSON.stringify({ ownerAccountId: '111111111111', acl: acl(DEFAULT_CANONICAL_ID, DEFAULT_CANONICAL_ID), configs: { policy } });
    const migrated = JSON.parse(migrateDoc(doc)) as { acl: object; configs: { policy: string } };
    expect(migrated.acl).toEqual(acl(canonicalIdOf('111111111111'), canonicalIdOf('111111111111')));
    expect(migrated.configs.policy).toBe(JSON.stringify({ Statement: [{ Principal: { CanonicalUser: [DEFAULT_CANONICAL_ID, DEFAULT_CANONICAL_ID] } }] }));
  });

  it("leaves the default account's records as they were", () => {
    const doc = JSON.stringify({ ownerAccountId: '000000000000', acl: acl(DEFAULT_CANONICAL_ID, DEFAULT_CANONICAL_ID) });
    expect(migrateDoc(doc)).toBe(doc);
  });
});
