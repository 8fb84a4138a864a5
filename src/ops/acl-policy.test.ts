import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.ts';
import { canonicalIdOf } from '../authz/canonical-id.ts';
import { S3Error } from '../protocol/s3-error.ts';
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

  it('refuses an email grant header with 405 MethodNotAllowed, as AWS does since October 2025', () => {
    const e = thrown(S3Error, () => aclFromPutRequest({ GrantRead: 'emailAddress="someone@example.com"' }, SAME));
    expect([e.code, e.status]).toEqual(['MethodNotAllowed', 405]);
  });

  it('refuses an AmazonCustomerByEmail grantee in an AccessControlPolicy with 405 MethodNotAllowed', () => {
    const e = thrown(S3Error, () => aclFromPutRequest({
      AccessControlPolicy: { Owner: { ID: canonicalIdOf(OWNER) }, Grants: [{ Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: 'someone@example.com' }, Permission: 'READ' }] },
    }, SAME));
    expect([e.code, e.status]).toEqual(['MethodNotAllowed', 405]);
  });
});
