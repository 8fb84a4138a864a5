import { describe, expect, it } from 'vitest';
import { cannedAcl } from '../ops/_shared/acl-policy.ts';
import { newBucket, type Bucket, type BucketConfigs } from '../state/bucket.ts';
import type { Mutable } from '../state/mutable.ts';
import type { S3Object } from '../state/object.ts';
import { canonicalIdOf, DEFAULT_CANONICAL_ID } from './canonical-id.ts';
import { ANONYMOUS, callerOf, type Caller } from './caller.ts';
import { isAllowed } from './decide.ts';
import { checkCreateBucket, checkRequestRules } from './request-rules.ts';

const OWNER = callerOf('111111111111', undefined, 'REST-HEADER', 'AWS4-HMAC-SHA256');
const OTHER = callerOf('222222222222', undefined, 'REST-HEADER', 'AWS4-HMAC-SHA256');
const DEFAULT_ACCOUNT = callerOf('test', undefined, 'REST-HEADER', 'AWS4-HMAC-SHA256');
const BUCKET_OWNERS = { owner: '111111111111', bucketOwner: '111111111111' };

/** A bucket the test may shape freely: records are read-only outside the stores. */
type TestBucket = Mutable<Bucket> & { configs: BucketConfigs };

function bucketWith(configure: (b: TestBucket) => void = () => undefined): Bucket {
  const b = newBucket({
    name: 'b', ownerAccountId: '111111111111', region: 'us-east-1', creationDate: new Date(0),
    versioning: undefined, mfaDelete: undefined, objectLockEnabled: false, acl: cannedAcl('private', BUCKET_OWNERS), configs: {},
  }) as TestBucket;
  configure(b);
  return b;
}

function objectOf(owner: string, acl = 'private'): S3Object {
  return { ownerAccountId: owner, acl: cannedAcl(acl, { owner, bucketOwner: '111111111111' }), tags: [] } as unknown as S3Object;
}

const allowed = (bucket: Bucket, caller: Caller, action: string, object?: S3Object): boolean =>
  isAllowed({ caller, bucket, action, resource: object === undefined ? 'arn:aws:s3:::b' : 'arn:aws:s3:::b/k', object, values: () => undefined });

describe('isAllowed', () => {
  it("lets the owner's account do anything to a private bucket", () => {
    expect(allowed(bucketWith(), OWNER, 's3:PutBucketTagging')).toBe(true);
  });

  it('denies another account on a private bucket', () => {
    expect(allowed(bucketWith(), OTHER, 's3:ListBucket')).toBe(false);
  });

  it("grants a private bucket's ACL to its owner only, not to the default account", () => {
    expect(allowed(bucketWith(), DEFAULT_ACCOUNT, 's3:GetBucketAcl')).toBe(false);
  });

  it("reads LocalStack's canonical id in a grant as the default account's, not as the resource owner's", () => {
    const bucket = bucketWith((b) => {
      b.configs.ownership = 'ObjectWriter';
      b.acl = { Owner: { ID: canonicalIdOf('111111111111') }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: DEFAULT_CANONICAL_ID }, Permission: 'READ' }] };
    });
    expect([allowed(bucket, DEFAULT_ACCOUNT, 's3:ListBucket'), allowed(bucket, OTHER, 's3:ListBucket')]).toEqual([true, false]);
  });

  it("lets the bucket owner read another account's object uploaded with bucket-owner-full-control", () => {
    const bucket = bucketWith((b) => { b.configs.ownership = 'ObjectWriter'; });
    expect([allowed(bucket, OWNER, 's3:GetObject', objectOf('222222222222', 'bucket-owner-full-control')), allowed(bucket, OWNER, 's3:GetObject', objectOf('222222222222'))])
      .toEqual([true, false]);
  });

  it('lets a public-read object ACL grant anonymous reads when the bucket keeps ACLs', () => {
    expect(allowed(bucketWith((b) => { b.configs.ownership = 'ObjectWriter'; }), ANONYMOUS, 's3:GetObject', objectOf('111111111111', 'public-read'))).toBe(true);
  });

  it('ignores ACLs under BucketOwnerEnforced', () => {
    expect(allowed(bucketWith((b) => { b.configs.ownership = 'BucketOwnerEnforced'; }), ANONYMOUS, 's3:GetObject', objectOf('111111111111', 'public-read'))).toBe(false);
  });

  it('ignores public grants under IgnorePublicAcls', () => {
    const bucket = bucketWith((b) => {
      b.configs.ownership = 'ObjectWriter';
      b.configs.publicAccessBlock = { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    });
    expect(allowed(bucket, ANONYMOUS, 's3:GetObject', objectOf('111111111111', 'public-read'))).toBe(false);
  });

  it('lets the writing account read its object in an ObjectWriter bucket it does not own', () => {
    expect(allowed(bucketWith((b) => { b.configs.ownership = 'ObjectWriter'; }), OTHER, 's3:GetObject', objectOf('222222222222'))).toBe(true);
  });

  it('ignores a public policy for other accounts under RestrictPublicBuckets', () => {
    const bucket = bucketWith((b) => {
      b.configs.policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] });
      b.configs.publicAccessBlock = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true };
    });
    expect(allowed(bucket, OTHER, 's3:ListBucket')).toBe(false);
  });
});

describe('request rules', () => {
  it('refuses any PutBucketAcl under BucketOwnerEnforced with AccessControlListNotSupported', () => {
    expect(() => checkRequestRules('PutBucketAcl', { ACL: 'private' }, bucketWith((b) => { b.configs.ownership = 'BucketOwnerEnforced'; }))).toThrow('The bucket does not allow ACLs');
  });

  it('refuses a public ACL under BlockPublicAcls with AccessDenied', () => {
    const bucket = bucketWith((b) => {
      b.configs.ownership = 'ObjectWriter';
      b.configs.publicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    });
    expect(() => checkRequestRules('PutObject', { GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' }, bucket)).toThrow('Access Denied');
  });

  it('refuses a malformed grant as InvalidArgument before ACLs are found disabled', () => {
    expect(() => checkRequestRules('PutBucketAcl', { GrantWrite: 'id="wrong-id"' }, bucketWith((b) => { b.configs.ownership = 'BucketOwnerEnforced'; }))).toThrow('Invalid id');
  });

  it('takes a private ACL on CreateBucket under the default BucketOwnerEnforced', () => {
    expect(() => checkCreateBucket({ ACL: 'private' })).not.toThrow();
  });

  it('refuses switching to BucketOwnerEnforced while the bucket ACL grants others', () => {
    const bucket = bucketWith((b) => { b.acl = cannedAcl('public-read', BUCKET_OWNERS); });
    expect(() => checkRequestRules('PutBucketOwnershipControls', { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }, bucket))
      .toThrow("Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
  });
});
