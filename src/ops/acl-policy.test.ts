import { describe, expect, it } from 'vitest';
import { canonicalIdOf } from '../authz/canonical-id.ts';
import { aclForNewResource, aclFromPutRequest } from './acl-policy.ts';

const OWNER = '111111111111';
const OTHER = '222222222222';
const SAME = { owner: OWNER, bucketOwner: OWNER };

describe('ACL owners', () => {
  it("names the resource owner's own canonical id as Owner and in the owner's grant", () => {
    const acl = aclForNewResource({ ACL: 'public-read' }, SAME);
    expect(acl.Owner?.ID).toBe(canonicalIdOf(OWNER));
    expect(acl.Grants?.[0]).toEqual({ Grantee: { Type: 'CanonicalUser', ID: canonicalIdOf(OWNER) }, Permission: 'FULL_CONTROL' });
  });

  it('grants the bucket owner FULL_CONTROL of an object another account uploads with bucket-owner-full-control', () => {
    const acl = aclForNewResource({ ACL: 'bucket-owner-full-control' }, { owner: OTHER, bucketOwner: OWNER });
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: canonicalIdOf(OTHER) }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'CanonicalUser', ID: canonicalIdOf(OWNER) }, Permission: 'FULL_CONTROL' },
    ]);
  });

  it('lists one grant for bucket-owner-full-control when the uploader owns the bucket', () => {
    expect(aclForNewResource({ ACL: 'bucket-owner-full-control' }, SAME).Grants).toHaveLength(1);
  });

  it('keeps the real owner when an AccessControlPolicy names another', () => {
    const acl = aclFromPutRequest({ AccessControlPolicy: { Owner: { ID: canonicalIdOf(OTHER) }, Grants: [] } }, SAME);
    expect(acl.Owner).toEqual({ ID: canonicalIdOf(OWNER) });
  });
});

describe('grantees', () => {
  it('takes a grant header naming another account by canonical id and one naming a group', () => {
    const acl = aclFromPutRequest({ GrantRead: `id="${canonicalIdOf(OTHER)}", uri="http://acs.amazonaws.com/groups/s3/LogDelivery"` }, SAME);
    expect(acl.Grants?.map((g) => g.Grantee)).toEqual([
      { Type: 'CanonicalUser', ID: canonicalIdOf(OTHER) }, { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
    ]);
  });
});
