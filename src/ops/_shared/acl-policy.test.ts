import { describe, expect, it } from 'vitest';
import { caught, thrown } from '../../../test/helpers/thrown.ts';
import { canonicalIdOf } from '../../authz/canonical-id.ts';
import type { AccessControlPolicy, Grant, Grantee, Permission } from '../../protocol/generated/types.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import { aclForNewResource, aclFromPutRequest, cannedAcl, grantsPublicWrite } from './acl-policy.ts';

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

/** 'ok', or the error's code, status, message and the argument it names. */
function verdict(run: () => unknown): string {
  const e = caught(S3Error, run);
  if (e === undefined) return 'ok';
  const argument = e.fields.ArgumentName === undefined ? '' : ` [${String(e.fields.ArgumentName)}=${String(e.fields.ArgumentValue)}]`;
  return `${e.code} ${e.status} ${e.message}${argument}`.trim();
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** A grant as `PERMISSION who`: `owner`/`bucket-owner`/`other` for accounts, the group's last path segment. */
function grantsOf(acl: AccessControlPolicy): string[] {
  const who = (g: Grantee | undefined): string => {
    if (g?.Type === 'Group') return g.URI?.split('/').at(-1) ?? '';
    return g?.ID === canonicalIdOf(OWNER) ? 'owner' : g?.ID === canonicalIdOf(OTHER) ? 'other' : String(g?.ID);
  };
  return (acl.Grants ?? []).map((g) => `${g.Permission} ${who(g.Grantee)}`);
}

describe('canned ACLs (the canned ACL table of the ACL overview)', () => {
  // Object owner OTHER in OWNER's bucket, where the bucket-owner-* ACLs add the bucket owner.
  const rows: Array<[canned: string, sameOwner: string[], otherOwner: string[]]> = [
    ['private', ['FULL_CONTROL owner'], ['FULL_CONTROL other']],
    ['public-read', ['FULL_CONTROL owner', 'READ AllUsers'], ['FULL_CONTROL other', 'READ AllUsers']],
    ['public-read-write', ['FULL_CONTROL owner', 'READ AllUsers', 'WRITE AllUsers'], ['FULL_CONTROL other', 'READ AllUsers', 'WRITE AllUsers']],
    ['authenticated-read', ['FULL_CONTROL owner', 'READ AuthenticatedUsers'], ['FULL_CONTROL other', 'READ AuthenticatedUsers']],
    ['aws-exec-read', ['FULL_CONTROL owner'], ['FULL_CONTROL other']],
    ['bucket-owner-read', ['FULL_CONTROL owner'], ['FULL_CONTROL other', 'READ owner']],
    ['bucket-owner-full-control', ['FULL_CONTROL owner'], ['FULL_CONTROL other', 'FULL_CONTROL owner']],
    ['log-delivery-write', ['FULL_CONTROL owner', 'READ_ACP LogDelivery', 'WRITE LogDelivery'], ['FULL_CONTROL other', 'READ_ACP LogDelivery', 'WRITE LogDelivery']],
  ];
  for (const [canned, sameOwner, otherOwner] of rows) {
    it(`${canned}: ${sameOwner.join(', ')}; on another account's object: ${otherOwner.join(', ')}`, () => {
      expect(grantsOf(cannedAcl(canned, SAME))).toEqual(sameOwner);
      expect(grantsOf(cannedAcl(canned, { owner: OTHER, bucketOwner: OWNER }))).toEqual(otherOwner);
    });
  }

  it('refuses an unknown canned ACL with InvalidArgument and an empty message, as AWS does', () => {
    expect(verdict(() => cannedAcl('public', SAME))).toBe('InvalidArgument 400  [x-amz-acl=public]');
  });

  it('grantsPublicWrite holds for WRITE or FULL_CONTROL granted to AllUsers only', () => {
    const rows: Array<[AccessControlPolicy | undefined, boolean]> = [
      [undefined, false],
      [cannedAcl('private', SAME), false],
      [cannedAcl('public-read', SAME), false],
      [cannedAcl('public-read-write', SAME), true],
      [cannedAcl('log-delivery-write', SAME), false],
      [{ Grants: [{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'FULL_CONTROL' }] }, true],
      [{ Grants: [{ Grantee: { Type: 'Group', URI: AUTHENTICATED }, Permission: 'WRITE' }] }, false],
    ];
    for (const [acl, expected] of rows) expect(grantsPublicWrite(acl), JSON.stringify(acl?.Grants)).toBe(expected);
  });
});

describe('ACL requests: which source, and what each refuses', () => {
  const id = canonicalIdOf(OTHER);
  const owner = { ID: canonicalIdOf(OWNER) };
  const doc = (...grants: Grant[]): { AccessControlPolicy: AccessControlPolicy } => ({ AccessControlPolicy: { Owner: owner, Grants: grants } });
  const MALFORMED = 'MalformedACLError 400 The XML you provided was not well-formed or did not validate against our published schema';
  const rows: Array<[what: string, input: Parameters<typeof aclFromPutRequest>[0], expected: string]> = [
    ['a canned ACL', { ACL: 'public-read' }, 'ok'],
    ['grant headers', { GrantRead: `uri="${ALL_USERS}"`, GrantWriteACP: `id="${id}"` }, 'ok'],
    ['a policy document', doc({ Grantee: { Type: 'CanonicalUser', ID: id }, Permission: 'READ' }), 'ok'],
    ['nothing', {}, 'MissingSecurityHeader 400 Your request was missing a required header'],
    ['a canned ACL and grant headers', { ACL: 'private', GrantRead: `id="${id}"` }, 'InvalidRequest 400 Specifying both Canned ACLs and Header Grants is not allowed'],
    ['a canned ACL and a document', { ACL: 'private', ...doc() }, 'UnexpectedContent 400 This request does not support content'],
    ['grant headers and a document', { GrantRead: `id="${id}"`, ...doc() }, 'UnexpectedContent 400 This request does not support content'],
    ['a grant header naming an unknown group', { GrantRead: 'uri="http://acs.amazonaws.com/groups/global/Nobody"' }, 'InvalidArgument 400 Invalid group uri [uri=http://acs.amazonaws.com/groups/global/Nobody]'],
    ['a grant header with a malformed id', { GrantRead: 'id="12345"' }, 'InvalidArgument 400 Invalid id [id=12345]'],
    ['a grant header of unknown form', { GrantWrite: 'user=bob' }, 'InvalidArgument 400 Argument format not recognized [x-amz-grant-write=user=bob]'],
    ['a grant header naming an email', { GrantFullControl: 'emailAddress="a@example.com"' }, 'MethodNotAllowed 405 The specified method is not allowed against this resource.'],
    ['a document without Owner', { AccessControlPolicy: { Grants: [] } }, MALFORMED],
    ['a document without Grants', { AccessControlPolicy: { Owner: owner } }, MALFORMED],
    ['a document whose Owner id is malformed', { AccessControlPolicy: { Owner: { ID: 'x' }, Grants: [] } }, 'InvalidArgument 400 Invalid id [CanonicalUser/ID=x]'],
    ['a grant without Permission', doc({ Grantee: { Type: 'CanonicalUser', ID: id } }), MALFORMED],
    ['a grant of an unknown Permission', doc({ Grantee: { Type: 'CanonicalUser', ID: id }, Permission: 'DELETE' as Permission }), MALFORMED],
    ['a grant without Grantee', doc({ Permission: 'READ' }), MALFORMED],
    ['a group grantee with an unknown URI', doc({ Grantee: { Type: 'Group', URI: 'http://x' }, Permission: 'READ' }), 'InvalidArgument 400 Invalid group uri [Group/URI=http://x]'],
    ['a canonical user with a malformed id', doc({ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'READ' }), 'InvalidArgument 400 Invalid id [CanonicalUser/ID=abc]'],
    ['an email grantee', doc({ Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: 'a@example.com' }, Permission: 'READ' }), 'MethodNotAllowed 405 The specified method is not allowed against this resource.'],
    ['a grantee of unknown type', doc({ Grantee: { Type: 'Robot' as Grantee['Type'] }, Permission: 'READ' }), MALFORMED],
  ];
  for (const [what, input, expected] of rows) {
    it(`PutBucketAcl/PutObjectAcl with ${what}: ${expected === 'ok' ? 'accepted' : expected.split(' ')[0]}`, () => {
      expect(verdict(() => aclFromPutRequest(input, SAME))).toBe(expected);
    });
  }

  it('gives a new resource its canned ACL, its grant headers (in S3 order), or private', () => {
    expect(grantsOf(aclForNewResource({}, SAME))).toEqual(['FULL_CONTROL owner']);
    expect(grantsOf(aclForNewResource({ ACL: 'authenticated-read' }, SAME))).toEqual(['FULL_CONTROL owner', 'READ AuthenticatedUsers']);
    expect(grantsOf(aclForNewResource({ GrantWrite: `uri="${LOG_DELIVERY}"`, GrantFullControl: `id="${id}"` }, SAME))).toEqual(['FULL_CONTROL other', 'WRITE LogDelivery']);
    expect(verdict(() => aclForNewResource({ ACL: 'private', GrantRead: `id="${id}"` }, SAME))).toBe('InvalidRequest 400 Specifying both Canned ACLs and Header Grants is not allowed');
  });
});
