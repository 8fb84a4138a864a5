/**
 * Owners per account (S3_ENFORCE_ACCESS=1, keys that are account ids): each account shows its own
 * canonical id wherever S3 names an owner, and ACL grants name accounts by those ids, by group URI,
 * never by email address (retired by AWS in October 2025).
 */
import {
  CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, DeletePublicAccessBlockCommand, GetBucketAclCommand,
  GetObjectAclCommand, GetObjectCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand, ListObjectsCommand,
  ListObjectsV2Command, ListPartsCommand, PutBucketAclCommand, PutBucketVersioningCommand, PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousClient, clientOfAccountId } from '../helpers/accounts.ts';
import { useE2e } from '../helpers/e2e.ts';
import { outcome, s3ErrorOf, uniqueBucket } from '../helpers/s3-client.ts';

/** LocalStack's canonical id for its default account (000000000000), which its snapshots expect. */
const DEFAULT_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';
const idOf = (account: string): string => createHash('sha256').update(account).digest('hex');
const A_ID = idOf('111111111111');
const B_ID = idOf('222222222222');
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

let def: S3Client;
let a: S3Client;
let b: S3Client;
let anonymous: S3Client;

const e2e = useE2e({ env: { S3_ENFORCE_ACCESS: '1' } });
beforeAll(async () => {
  def = e2e.client();
  a = clientOfAccountId(e2e, '111111111111');
  b = clientOfAccountId(e2e, '222222222222');
  anonymous = anonymousClient(e2e);
});

/** A bucket of account A's with ACLs enabled (ObjectWriter) and no Block Public Access. */
async function bucketOfA(): Promise<string> {
  const Bucket = uniqueBucket('owners');
  await a.send(new CreateBucketCommand({ Bucket, ObjectOwnership: 'ObjectWriter' }));
  await a.send(new DeletePublicAccessBlockCommand({ Bucket }));
  return Bucket;
}

describe('owner ids', () => {
  it("shows each account its own canonical id in ListBuckets, LocalStack's for the default account", async () => {
    const ids = await Promise.all([def, a, b].map(async (c) => (await c.send(new ListBucketsCommand({}))).Owner?.ID));
    expect(ids).toEqual([DEFAULT_ID, A_ID, B_ID]);
  });

  it("names the owner's id in ListObjects, ListObjectsV2 FetchOwner and ListObjectVersions", async () => {
    const Bucket = await bucketOfA();
    await a.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await a.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }));
    await a.send(new DeleteObjectCommand({ Bucket, Key: 'k' }));
    await a.send(new PutObjectCommand({ Bucket, Key: 'v', Body: 'x' }));
    const v2 = await a.send(new ListObjectsV2Command({ Bucket, FetchOwner: true }));
    const v1 = await a.send(new ListObjectsCommand({ Bucket }));
    const versions = await a.send(new ListObjectVersionsCommand({ Bucket }));
    expect([v2.Contents?.[0]?.Owner?.ID, v1.Contents?.[0]?.Owner?.ID, versions.Versions?.[0]?.Owner?.ID, versions.DeleteMarkers?.[0]?.Owner?.ID])
      .toEqual([A_ID, A_ID, A_ID, A_ID]);
  });

  it("names the owner's id in GetBucketAcl and GetObjectAcl, as Owner and in the owner's grant", async () => {
    const Bucket = await bucketOfA();
    await a.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }));
    const bucketAcl = await a.send(new GetBucketAclCommand({ Bucket }));
    const objectAcl = await a.send(new GetObjectAclCommand({ Bucket, Key: 'k' }));
    expect([bucketAcl.Owner?.ID, bucketAcl.Grants?.[0]?.Grantee?.ID, objectAcl.Owner?.ID, objectAcl.Grants?.[0]?.Grantee?.ID]).toEqual([A_ID, A_ID, A_ID, A_ID]);
  });

  it("names the owner's id as Owner and Initiator in ListMultipartUploads and ListParts", async () => {
    const Bucket = await bucketOfA();
    const { UploadId } = await a.send(new CreateMultipartUploadCommand({ Bucket, Key: 'm' }));
    const uploads = await a.send(new ListMultipartUploadsCommand({ Bucket }));
    const parts = await a.send(new ListPartsCommand({ Bucket, Key: 'm', UploadId }));
    expect([uploads.Uploads?.[0]?.Owner?.ID, uploads.Uploads?.[0]?.Initiator?.ID, parts.Owner?.ID, parts.Initiator?.ID]).toEqual([A_ID, A_ID, A_ID, A_ID]);
  });

  it("shows another account's upload in an ObjectWriter bucket with the uploader's id", async () => {
    const Bucket = await bucketOfA();
    await a.send(new PutBucketAclCommand({ Bucket, GrantWrite: `id="${B_ID}"`, GrantFullControl: `id="${A_ID}"` }));
    await b.send(new PutObjectCommand({ Bucket, Key: 'from-b', Body: 'x' }));
    const listed = await a.send(new ListObjectsV2Command({ Bucket, FetchOwner: true }));
    const acl = await b.send(new GetObjectAclCommand({ Bucket, Key: 'from-b' }));
    expect([listed.Contents?.[0]?.Owner?.ID, acl.Owner?.ID]).toEqual([B_ID, B_ID]);
  });
});

describe('grants by canonical id', () => {
  it('lets another account list once granted READ by the id its own ListBuckets shows', async () => {
    const Bucket = await bucketOfA();
    const before = await outcome(b.send(new ListObjectsV2Command({ Bucket })));
    const id = (await b.send(new ListBucketsCommand({}))).Owner?.ID ?? '';
    await a.send(new PutBucketAclCommand({ Bucket, GrantRead: `id="${id}"` }));
    expect([before, await outcome(b.send(new ListObjectsV2Command({ Bucket })))]).toEqual(['AccessDenied', 'ok']);
  });

  it("grants the default account by LocalStack's id, and nobody else", async () => {
    const Bucket = await bucketOfA();
    await a.send(new PutBucketAclCommand({
      Bucket, AccessControlPolicy: { Owner: { ID: A_ID }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: DEFAULT_ID }, Permission: 'READ' }] },
    }));
    expect([await outcome(def.send(new ListObjectsV2Command({ Bucket }))), await outcome(b.send(new ListObjectsV2Command({ Bucket })))]).toEqual(['ok', 'AccessDenied']);
  });

  it("lets the bucket owner read another account's object uploaded with bucket-owner-full-control", async () => {
    const Bucket = await bucketOfA();
    await a.send(new PutBucketAclCommand({ Bucket, GrantWrite: `id="${B_ID}"`, GrantFullControl: `id="${A_ID}"` }));
    await b.send(new PutObjectCommand({ Bucket, Key: 'full', Body: 'x', ACL: 'bucket-owner-full-control' }));
    await b.send(new PutObjectCommand({ Bucket, Key: 'private', Body: 'x' }));
    const grantees = (await b.send(new GetObjectAclCommand({ Bucket, Key: 'full' }))).Grants?.map((g) => g.Grantee?.ID);
    expect(grantees).toEqual([B_ID, A_ID]);
    expect([await outcome(a.send(new GetObjectCommand({ Bucket, Key: 'full' }))), await outcome(a.send(new GetObjectCommand({ Bucket, Key: 'private' })))])
      .toEqual(['ok', 'AccessDenied']);
  });

  it('refuses an id that is not a canonical id with InvalidArgument "Invalid id"', async () => {
    const Bucket = await bucketOfA();
    const e = await s3ErrorOf(a.send(new PutBucketAclCommand({ Bucket, GrantRead: 'id="222222222222"' })));
    expect([e.name, e.message]).toEqual(['InvalidArgument', 'Invalid id']);
  });
});

describe('grants by group and email', () => {
  it('grants AllUsers by URI to anonymous callers', async () => {
    const Bucket = await bucketOfA();
    await a.send(new PutBucketAclCommand({ Bucket, GrantRead: `uri="${ALL_USERS}"` }));
    expect(await outcome(anonymous.send(new ListObjectsV2Command({ Bucket })))).toBe('ok');
  });

  it('keeps a LogDelivery grant, which lets no caller in', async () => {
    const Bucket = await bucketOfA();
    await a.send(new PutBucketAclCommand({ Bucket, GrantWrite: `uri="${LOG_DELIVERY}"`, GrantReadACP: `uri="${LOG_DELIVERY}"` }));
    const uris = (await a.send(new GetBucketAclCommand({ Bucket }))).Grants?.map((g) => g.Grantee?.URI);
    expect([uris, await outcome(anonymous.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' })))]).toEqual([[LOG_DELIVERY, LOG_DELIVERY], 'AccessDenied']);
  });

  it('refuses an email grant header with 405 MethodNotAllowed, as AWS has since October 2025', async () => {
    const Bucket = await bucketOfA();
    const e = await s3ErrorOf(a.send(new PutBucketAclCommand({ Bucket, GrantRead: 'emailAddress="someone@example.com"' })));
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(['MethodNotAllowed', 405]);
  });

  it('refuses an AmazonCustomerByEmail grantee in an AccessControlPolicy with 405 MethodNotAllowed', async () => {
    const Bucket = await bucketOfA();
    const e = await s3ErrorOf(a.send(new PutBucketAclCommand({
      Bucket,
      AccessControlPolicy: {
        Owner: { ID: A_ID }, Grants: [{ Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: 'someone@example.com' }, Permission: 'READ' }],
      },
    })));
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(['MethodNotAllowed', 405]);
  });
});
