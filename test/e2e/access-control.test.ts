/**
 * Access control (S3_ENFORCE_ACCESS=1) through @aws-sdk/client-s3 with distinct credentials: the
 * bucket owner, another account and anonymous callers against private, ACL-granted, policy-allowed,
 * policy-denied and Block-Public-Access buckets. Every case is one request and one assertion.
 */
import {
  CreateBucketCommand, DeleteObjectCommand, DeletePublicAccessBlockCommand, GetBucketAclCommand, GetBucketPolicyCommand,
  GetObjectCommand, ListObjectsV2Command, PutBucketAclCommand, PutBucketPolicyCommand, PutObjectAclCommand, PutObjectCommand,
  PutPublicAccessBlockCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_ENV, anonymousClient, clientOf, OWNER_ACCOUNT } from '../helpers/accounts.ts';
import { useE2e } from '../helpers/e2e.ts';
import { outcome, uniqueBucket } from '../helpers/s3-client.ts';

const clients: Record<Caller, S3Client> = {} as Record<Caller, S3Client>;

type Caller = 'owner' | 'other' | 'anonymous';
type State = 'private' | 'acl grant' | 'policy allow' | 'policy deny' | 'PAB on';
type Op = 'GetObject' | 'PutObject' | 'DeleteObject' | 'ListObjectsV2' | 'GetBucketAcl' | 'PutBucketAcl' | 'PutObjectAcl' | 'GetBucketPolicy' | 'PutBucketPolicy';

const buckets = {} as Record<State, { name: string; policy: string; acl: 'public-read-write' | 'private' }>;

const statement = (effect: string, principal: unknown, actions: string[], bucket: string): object => ({
  Effect: effect, Principal: principal, Action: actions, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
});
const policyOf = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const PUBLIC_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetBucketAcl', 's3:GetBucketPolicy'];

async function createState(state: State): Promise<void> {
  const s3 = clients.owner;
  const Bucket = uniqueBucket('authz');
  const aclEnabled = state !== 'private' && state !== 'policy allow';
  await s3.send(new CreateBucketCommand({ Bucket, ...(aclEnabled ? { ObjectOwnership: 'ObjectWriter' } : {}) }));
  if (state !== 'private') await s3.send(new DeletePublicAccessBlockCommand({ Bucket }));
  const acl = aclEnabled ? 'public-read-write' : 'private';
  if (aclEnabled) await s3.send(new PutBucketAclCommand({ Bucket, ACL: acl }));
  const policy = state === 'policy allow' || state === 'PAB on'
    ? policyOf(statement('Allow', '*', PUBLIC_ACTIONS, Bucket))
    : state === 'policy deny'
      ? policyOf(statement('Deny', '*', ['s3:*'], Bucket))
      : policyOf(statement('Allow', { AWS: OWNER_ACCOUNT }, ['s3:GetBucketTagging'], Bucket));
  await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy }));
  if (state !== 'policy deny') await s3.send(new PutObjectCommand({ Bucket, Key: 'obj', Body: 'data', ...(aclEnabled ? { ACL: 'public-read' } : {}) }));
  if (state === 'PAB on') {
    await s3.send(new PutPublicAccessBlockCommand({
      Bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }));
  }
  buckets[state] = { name: Bucket, policy, acl };
}

const e2e = useE2e({ env: ACCESS_ENV });
beforeAll(async () => {
  clients.owner = clientOf(e2e, 'owner');
  clients.other = clientOf(e2e, 'other');
  clients.anonymous = anonymousClient(e2e);
  for (const state of ['private', 'acl grant', 'policy allow', 'policy deny', 'PAB on'] as const) await createState(state);
});

function run(op: Op, caller: Caller, state: State): Promise<unknown> {
  const s3 = clients[caller];
  const { name: Bucket, policy, acl } = buckets[state];
  switch (op) {
    case 'GetObject': return s3.send(new GetObjectCommand({ Bucket, Key: 'obj' })).then((r) => r.Body?.transformToString());
    case 'PutObject': return s3.send(new PutObjectCommand({ Bucket, Key: `new-${caller}`, Body: 'x' }));
    case 'DeleteObject': return s3.send(new DeleteObjectCommand({ Bucket, Key: `gone-${caller}` }));
    case 'ListObjectsV2': return s3.send(new ListObjectsV2Command({ Bucket }));
    case 'GetBucketAcl': return s3.send(new GetBucketAclCommand({ Bucket }));
    case 'PutBucketAcl': return s3.send(new PutBucketAclCommand({ Bucket, ACL: acl }));
    case 'PutObjectAcl': return s3.send(new PutObjectAclCommand({ Bucket, Key: 'obj', ACL: acl === 'private' ? 'private' : 'public-read' }));
    case 'GetBucketPolicy': return s3.send(new GetBucketPolicyCommand({ Bucket }));
    case 'PutBucketPolicy': return s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy }));
  }
}

const OPS: readonly Op[] = ['GetObject', 'PutObject', 'DeleteObject', 'ListObjectsV2', 'GetBucketAcl', 'PutBucketAcl', 'PutObjectAcl', 'GetBucketPolicy', 'PutBucketPolicy'];
const D = 'AccessDenied';
const NS = 'AccessControlListNotSupported';
const allDenied = (): Record<Op, string> => Object.fromEntries(OPS.map((op) => [op, D])) as Record<Op, string>;

/** What AWS answers each caller, per bucket state (see the README's access control section for why). */
const EXPECTED: Record<State, Record<Caller, Record<Op, string>>> = {
  private: {
    // BucketOwnerEnforced (the default): ACLs cannot be set, even by the owner.
    owner: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: 'ok', PutBucketAcl: NS, PutObjectAcl: NS, GetBucketPolicy: 'ok', PutBucketPolicy: 'ok' },
    other: allDenied(),
    anonymous: allDenied(),
  },
  'acl grant': {
    owner: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: 'ok', PutBucketAcl: 'ok', PutObjectAcl: 'ok', GetBucketPolicy: 'ok', PutBucketPolicy: 'ok' },
    // public-read-write grants READ and WRITE on the bucket, the object's public-read grants READ: not the ACLs or the policy.
    other: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: D, PutBucketAcl: D, PutObjectAcl: D, GetBucketPolicy: D, PutBucketPolicy: D },
    anonymous: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: D, PutBucketAcl: D, PutObjectAcl: D, GetBucketPolicy: D, PutBucketPolicy: D },
  },
  'policy allow': {
    owner: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: 'ok', PutBucketAcl: NS, PutObjectAcl: NS, GetBucketPolicy: 'ok', PutBucketPolicy: 'ok' },
    other: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: 'ok', PutBucketAcl: D, PutObjectAcl: D, GetBucketPolicy: 'ok', PutBucketPolicy: D },
    anonymous: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: 'ok', PutBucketAcl: D, PutObjectAcl: D, GetBucketPolicy: 'ok', PutBucketPolicy: D },
  },
  'policy deny': {
    // The Deny binds the owner too, except its root managing the policy (no lock-out). The object was never written.
    owner: { ...allDenied(), GetBucketPolicy: 'ok', PutBucketPolicy: 'ok' },
    other: allDenied(),
    anonymous: allDenied(),
  },
  'PAB on': {
    // BlockPublicAcls and BlockPublicPolicy refuse the owner's public ACLs and policy; the rest ignore them for others.
    owner: { GetObject: 'ok', PutObject: 'ok', DeleteObject: 'ok', ListObjectsV2: 'ok', GetBucketAcl: 'ok', PutBucketAcl: D, PutObjectAcl: D, GetBucketPolicy: 'ok', PutBucketPolicy: D },
    other: allDenied(),
    anonymous: allDenied(),
  },
};

describe('access control matrix (S3_ENFORCE_ACCESS=1)', () => {
  for (const state of Object.keys(EXPECTED) as State[]) {
    for (const caller of ['owner', 'other', 'anonymous'] as const) {
      for (const op of OPS) {
        const expected = EXPECTED[state][caller][op];
        it(`${state} bucket: ${op} by ${caller} -> ${expected}`, async () => {
          expect(await outcome(run(op, caller, state))).toBe(expected);
        });
      }
    }
  }
});
