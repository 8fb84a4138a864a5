/**
 * Access control details beyond the matrix: object ownership, conditions, per-key DeleteObjects,
 * copies, PostObject, internal endpoints, and the switch left off.
 */
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, DeletePublicAccessBlockCommand,
  GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutBucketAclCommand, PutBucketPolicyCommand, PutBucketWebsiteCommand, PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { outcome, s3Client, uniqueBucket } from '../helpers/s3-client.ts';
import { ACCESS_ENV, anonymousClient, clientOf, OTHER_ACCOUNT as OTHER, OWNER_ACCOUNT as OWNER } from '../helpers/accounts.ts';
import { useE2e } from '../helpers/e2e.ts';
import { startInProcessServer } from '../helpers/spawn-server.ts';

let owner: S3Client;
let other: S3Client;
let third: S3Client;
let anonymous: S3Client;

const e2e = useE2e({ env: ACCESS_ENV });
beforeAll(async () => {
  owner = clientOf(e2e, 'owner');
  other = clientOf(e2e, 'other');
  third = clientOf(e2e, 'third');
  anonymous = anonymousClient(e2e);
});

const arn = (bucket: string, key = ''): string => `arn:aws:s3:::${bucket}${key}`;
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** A bucket of OWNER's with ACLs enabled (ObjectWriter) and no Block Public Access. */
async function openBucket(ownership: 'ObjectWriter' | 'BucketOwnerEnforced' | 'BucketOwnerPreferred' = 'ObjectWriter'): Promise<string> {
  const Bucket = uniqueBucket('authz-d');
  await owner.send(new CreateBucketCommand({ Bucket, ObjectOwnership: ownership }));
  await owner.send(new DeletePublicAccessBlockCommand({ Bucket }));
  return Bucket;
}

describe('identity and buckets', () => {
  it('refuses CreateBucket from an anonymous caller', async () => {
    expect(await outcome(anonymous.send(new CreateBucketCommand({ Bucket: uniqueBucket('anon') })))).toBe('AccessDenied');
  });

  it('refuses ListBuckets from an anonymous caller', async () => {
    expect(await outcome(anonymous.send(new ListBucketsCommand({})))).toBe('AccessDenied');
  });

  it("lists only the caller's buckets", async () => {
    const Bucket = await openBucket();
    expect((await other.send(new ListBucketsCommand({}))).Buckets?.some((b) => b.Name === Bucket)).toBe(false);
  });

  it("refuses to delete another account's bucket", async () => {
    const Bucket = await openBucket();
    expect(await outcome(other.send(new DeleteBucketCommand({ Bucket })))).toBe('AccessDenied');
  });

  it('answers NoSuchBucket for a missing bucket whoever asks', async () => {
    expect(await outcome(anonymous.send(new ListObjectsV2Command({ Bucket: uniqueBucket('missing') })))).toBe('NoSuchBucket');
  });

  it('refuses a public ACL on CreateBucket under the default BucketOwnerEnforced', async () => {
    expect(await outcome(owner.send(new CreateBucketCommand({ Bucket: uniqueBucket('acl'), ACL: 'public-read' })))).toBe('InvalidBucketAclWithObjectOwnership');
  });
});

describe('ACL grants', () => {
  it("grants another account by its canonical id (SHA-256 of the account's digits)", async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketAclCommand({ Bucket, GrantRead: `id=${createHash('sha256').update(OTHER).digest('hex')}` }));
    expect(await outcome(other.send(new ListObjectsV2Command({ Bucket })))).toBe('ok');
  });

  it('does not extend a canonical-id grant to a third account', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketAclCommand({ Bucket, GrantRead: `id=${createHash('sha256').update(OTHER).digest('hex')}` }));
    expect(await outcome(third.send(new ListObjectsV2Command({ Bucket })))).toBe('AccessDenied');
  });

  it('grants AuthenticatedUsers to signed callers only', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketAclCommand({ Bucket, ACL: 'authenticated-read' }));
    expect([await outcome(other.send(new ListObjectsV2Command({ Bucket }))), await outcome(anonymous.send(new ListObjectsV2Command({ Bucket })))]).toEqual(['ok', 'AccessDenied']);
  });
});

describe('Object Ownership', () => {
  it("keeps ObjectWriter objects from the bucket owner's reads unless granted", async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketAclCommand({ Bucket, ACL: 'public-read-write' }));
    await other.send(new PutObjectCommand({ Bucket, Key: 'theirs', Body: 'x' }));
    expect(await outcome(owner.send(new GetObjectCommand({ Bucket, Key: 'theirs' })))).toBe('AccessDenied');
  });

  it('lets the bucket owner delete an object another account owns', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketAclCommand({ Bucket, ACL: 'public-read-write' }));
    await other.send(new PutObjectCommand({ Bucket, Key: 'theirs', Body: 'x' }));
    expect(await outcome(owner.send(new DeleteObjectCommand({ Bucket, Key: 'theirs' })))).toBe('ok');
  });

  it("lets a policy-allowed writer overwrite an object a third account owns: writing is the bucket's permission", async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({ Effect: 'Allow', Principal: { AWS: [OTHER, '333333333333'] }, Action: 's3:PutObject', Resource: arn(Bucket, '/*') }) }));
    await third.send(new PutObjectCommand({ Bucket, Key: 'shared', Body: 'x' }));
    expect(await outcome(other.send(new PutObjectCommand({ Bucket, Key: 'shared', Body: 'y' })))).toBe('ok');
  });

  it("keeps another account's object from readers a bucket policy allows: the policy speaks for the bucket owner", async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy(
      { Effect: 'Allow', Principal: { AWS: '333333333333' }, Action: 's3:PutObject', Resource: arn(Bucket, '/*') },
      { Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:GetObject', Resource: arn(Bucket, '/*') },
    ) }));
    await third.send(new PutObjectCommand({ Bucket, Key: 'theirs', Body: 'x' }));
    expect(await outcome(other.send(new GetObjectCommand({ Bucket, Key: 'theirs' })))).toBe('AccessDenied');
  });

  it('gives the bucket owner objects written with bucket-owner-full-control under BucketOwnerPreferred', async () => {
    const Bucket = await openBucket('BucketOwnerPreferred');
    await owner.send(new PutBucketAclCommand({ Bucket, ACL: 'public-read-write' }));
    await other.send(new PutObjectCommand({ Bucket, Key: 'given', Body: 'x', ACL: 'bucket-owner-full-control' }));
    expect(await outcome(owner.send(new GetObjectCommand({ Bucket, Key: 'given' })))).toBe('ok');
  });

  it('gives the bucket owner every object under BucketOwnerEnforced', async () => {
    const Bucket = await openBucket('BucketOwnerEnforced');
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:PutObject', Resource: arn(Bucket, '/*') }) }));
    await other.send(new PutObjectCommand({ Bucket, Key: 'owned', Body: 'x' }));
    expect(await outcome(owner.send(new GetObjectCommand({ Bucket, Key: 'owned' })))).toBe('ok');
  });

  it('refuses a PutObject ACL other than bucket-owner-full-control under BucketOwnerEnforced', async () => {
    const Bucket = await openBucket('BucketOwnerEnforced');
    expect(await outcome(owner.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ACL: 'public-read' })))).toBe('AccessControlListNotSupported');
  });

  it('takes bucket-owner-full-control under BucketOwnerEnforced', async () => {
    const Bucket = await openBucket('BucketOwnerEnforced');
    expect(await outcome(owner.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' })))).toBe('ok');
  });
});

describe('bucket policy conditions', () => {
  it('limits a listing grant to an s3:prefix', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({
      Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:ListBucket', Resource: arn(Bucket), Condition: { StringLike: { 's3:prefix': 'home/*' } },
    }) }));
    expect([
      await outcome(other.send(new ListObjectsV2Command({ Bucket, Prefix: 'home/bob' }))),
      await outcome(other.send(new ListObjectsV2Command({ Bucket }))),
    ]).toEqual(['ok', 'AccessDenied']);
  });

  it('grants reads of objects by s3:ExistingObjectTag', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({
      Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: arn(Bucket, '/*'), Condition: { StringEquals: { 's3:ExistingObjectTag/public': 'yes' } },
    }) }));
    await owner.send(new PutObjectCommand({ Bucket, Key: 'tagged', Body: 'x', Tagging: 'public=yes' }));
    await owner.send(new PutObjectCommand({ Bucket, Key: 'untagged', Body: 'x' }));
    expect([
      await outcome(anonymous.send(new GetObjectCommand({ Bucket, Key: 'tagged' }))),
      await outcome(anonymous.send(new GetObjectCommand({ Bucket, Key: 'untagged' }))),
    ]).toEqual(['ok', 'AccessDenied']);
  });

  it('requires s3:x-amz-acl when a condition asks for it', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({
      Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:PutObject', Resource: arn(Bucket, '/*'),
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }) }));
    expect([
      await outcome(other.send(new PutObjectCommand({ Bucket, Key: 'a', Body: 'x', ACL: 'bucket-owner-full-control' }))),
      await outcome(other.send(new PutObjectCommand({ Bucket, Key: 'b', Body: 'x' }))),
    ]).toEqual(['ok', 'AccessDenied']);
  });

  it('denies plain HTTP with aws:SecureTransport false', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({
      Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: arn(Bucket, '/*'), Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }) }));
    expect(await outcome(owner.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' })))).toBe('AccessDenied');
  });

  it('matches a user principal by ARN, from the credentials list', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({
      Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:user/bob` }, Action: 's3:ListBucket', Resource: arn(Bucket),
    }) }));
    expect(await outcome(other.send(new ListObjectsV2Command({ Bucket })))).toBe('ok');
  });

  it('refuses a public policy under BlockPublicPolicy', async () => {
    const Bucket = uniqueBucket('bpp');
    await owner.send(new CreateBucketCommand({ Bucket }));
    expect(await outcome(owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: arn(Bucket, '/*') }) })))).toBe('AccessDenied');
  });
});

describe('missing keys, copies and batches', () => {
  it('answers AccessDenied, not NoSuchKey, to a reader without s3:ListBucket', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: arn(Bucket, '/*') }) }));
    expect(await outcome(anonymous.send(new GetObjectCommand({ Bucket, Key: 'missing' })))).toBe('AccessDenied');
  });

  it('answers NoSuchKey to a reader with s3:ListBucket', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy(
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: arn(Bucket, '/*') },
      { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: arn(Bucket) },
    ) }));
    expect(await outcome(anonymous.send(new HeadObjectCommand({ Bucket, Key: 'missing' })))).toBe('NotFound');
  });

  it('refuses a copy whose source the caller may not read', async () => {
    const source = await openBucket();
    await owner.send(new PutObjectCommand({ Bucket: source, Key: 'secret', Body: 'x' }));
    const Bucket = uniqueBucket('mine');
    await other.send(new CreateBucketCommand({ Bucket }));
    expect(await outcome(other.send(new CopyObjectCommand({ Bucket, Key: 'stolen', CopySource: `${source}/secret` })))).toBe('AccessDenied');
  });

  it('answers DeleteObjects key by key: refused keys come back as AccessDenied errors', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:DeleteObject', Resource: arn(Bucket, '/tmp/*') }) }));
    const out = await other.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'tmp/a' }, { Key: 'keep' }] } }));
    expect([out.Deleted?.map((d) => d.Key), out.Errors?.map((e) => [e.Key, e.Code, e.Message])]).toEqual([['tmp/a'], [['keep', 'AccessDenied', 'Access Denied']]]);
  });
});

describe('PostObject and internal endpoints', () => {
  const post = (Bucket: string): Promise<Response> => {
    const form = new FormData();
    form.set('key', 'uploaded');
    form.set('file', new Blob(['hello']), 'hello.txt');
    return fetch(`${e2e.endpoint}/${Bucket}`, { method: 'POST', body: form });
  };

  it('refuses a form upload without a policy (anonymous) into a private bucket', async () => {
    const Bucket = uniqueBucket('post');
    await owner.send(new CreateBucketCommand({ Bucket }));
    expect((await post(Bucket)).status).toBe(403);
  });

  it('takes a form upload without a policy into a bucket whose policy lets anyone PutObject', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: arn(Bucket, '/*') }) }));
    expect((await post(Bucket)).status).toBe(204);
  });

  it('answers a website page of a private bucket with 403', async () => {
    const Bucket = uniqueBucket('site');
    await owner.send(new CreateBucketCommand({ Bucket }));
    await owner.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
    await owner.send(new PutObjectCommand({ Bucket, Key: 'index.html', Body: '<p>hi</p>' }));
    expect((await fetch(`${e2e.endpoint}/`, { headers: { host: `${Bucket}.s3-website.localhost.localstack.cloud:4566` } })).status).toBe(403);
  });

  it('serves a website page anyone may GetObject', async () => {
    const Bucket = await openBucket();
    await owner.send(new PutBucketPolicyCommand({ Bucket, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: arn(Bucket, '/*') }) }));
    await owner.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
    await owner.send(new PutObjectCommand({ Bucket, Key: 'index.html', Body: '<p>hi</p>' }));
    expect((await fetch(`${e2e.endpoint}/`, { headers: { host: `${Bucket}.s3-website.localhost.localstack.cloud:4566` } })).status).toBe(200);
  });

  it('keeps the reset endpoint reachable without credentials: it is not an S3 action', async () => {
    const probe = await startInProcessServer({ env: ACCESS_ENV });
    try {
      expect((await fetch(`${probe.endpoint}/_localstack/state/reset`, { method: 'POST' })).status).toBe(200);
    } finally {
      await probe.stop();
    }
  });

  it('keeps /_localstack/health reachable without credentials', async () => {
    expect((await fetch(`${e2e.endpoint}/_localstack/health`)).status).toBe(200);
  });
});

describe('with the switch off', () => {
  it("lets any account read another account's bucket, as before", async () => {
    const off = await startInProcessServer({ env: { S3_ENFORCE_ACCESS: '0' } });
    try {
      const a = s3Client(off.endpoint, { credentials: { accessKeyId: OWNER, secretAccessKey: 'test' } });
      const b = s3Client(off.endpoint, { credentials: { accessKeyId: OTHER, secretAccessKey: 'test' } });
      const Bucket = uniqueBucket('off');
      await a.send(new CreateBucketCommand({ Bucket }));
      expect(await outcome(b.send(new ListObjectsV2Command({ Bucket })))).toBe('ok');
    } finally {
      await off.stop();
    }
  });
});
