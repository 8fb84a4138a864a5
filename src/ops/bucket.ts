/** Bucket lifecycle: CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation. */
import type { RequestContext } from '../core/context.ts';
import type {
  Bucket as BucketEntry,
  CreateBucketOutput,
  CreateBucketRequest,
  DeleteBucketRequest,
  GetBucketLocationOutput,
  GetBucketLocationRequest,
  HeadBucketOutput,
  HeadBucketRequest,
  ListBucketsOutput,
  ListBucketsRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { Bucket, BucketConfigs } from '../state/bucket.ts';
import { bucketLocation } from './_shared/location.ts';
import { aclForNewResource } from './_shared/acl-policy.ts';
import { assertAclFitsOwnership } from './_shared/ownership-acl.ts';
import { assertValidBucketName, bucketRegionFor, requireBucket } from './_shared/bucket-rules.ts';
import { AWS_REGIONS } from '../auth/index.ts';
import { releaseParts } from './_shared/multipart-rules.ts';
import { ownerOf } from './_shared/owner.ts';
import { validateTagSet } from './_shared/tags.ts';
import { decodeToken, encodeToken } from './_shared/tokens.ts';
import type { OperationHandlers } from './operation-handler.ts';

const OBJECT_OWNERSHIPS = new Set(['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced']);
const MAX_BUCKETS_LIMIT = 10_000;

function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}

/** Outside us-east-1 the Location is the bucket's URL (as LocalStack answers). */
function createdLocation(ctx: RequestContext, name: string, region: string): string {
  return region === 'us-east-1' ? `/${name}` : bucketLocation(ctx, name);
}

async function createBucket(ctx: RequestContext, input: CreateBucketRequest): Promise<CreateBucketOutput> {
  const name = input.Bucket;
  assertValidBucketName(name);
  const region = bucketRegionFor(ctx.region, input.CreateBucketConfiguration?.LocationConstraint, ctx.config.allowNonstandardRegions);
  const existing = ctx.state.getBucket(name);
  if (existing !== undefined) {
    if (existing.ownerAccountId !== ctx.accountId) {
      throw new S3Error('BucketAlreadyExists', { fields: { BucketName: name } });
    }
    // CreateBucket is idempotent for the owner in us-east-1 only.
    if (region !== 'us-east-1' || (input.CreateBucketConfiguration?.Tags?.length ?? 0) > 0) {
      throw new S3Error('BucketAlreadyOwnedByYou', { fields: { BucketName: name } });
    }
    return { Location: `/${name}`, BucketArn: bucketArn(name) };
  }
  if (input.ObjectOwnership !== undefined && !OBJECT_OWNERSHIPS.has(input.ObjectOwnership)) {
    throw new S3Error('InvalidArgument', {
      message: `Invalid x-amz-object-ownership header: ${input.ObjectOwnership}`,
      fields: {
        ArgumentName: 'x-amz-object-ownership',
      },
    });
  }
  const acl = aclForNewResource(input, { owner: ctx.accountId, bucketOwner: ctx.accountId });
  assertAclFitsOwnership(input.ObjectOwnership ?? 'BucketOwnerEnforced', acl);
  const objectLockEnabled = input.ObjectLockEnabledForBucket === true;
  const configs: BucketConfigs = {
    ownership: input.ObjectOwnership ?? 'BucketOwnerEnforced',
    // New buckets block public access by default (AWS, since April 2023).
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  };
  // Object lock implies versioning (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html).
  if (objectLockEnabled) configs.objectLock = { ObjectLockEnabled: 'Enabled' };
  const tags = input.CreateBucketConfiguration?.Tags;
  if (tags !== undefined && tags.length > 0) configs.tagging = validateTagSet(tags, 'create-bucket');
  const locationConstraint = input.CreateBucketConfiguration?.LocationConstraint;
  ctx.state.createBucket({
    name, ownerAccountId: ctx.accountId, region, creationDate: ctx.now,
    ...(locationConstraint !== undefined ? { locationConstraint } : {}),
    versioning: objectLockEnabled ? 'Enabled' : undefined, mfaDelete: undefined, objectLockEnabled,
    acl, configs,
  });
  return { Location: createdLocation(ctx, name, region), BucketArn: bucketArn(name) };
}

async function deleteBucket(ctx: RequestContext, input: DeleteBucketRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.objects.versionCount > 0) {
    const message = bucket.versioning === undefined
      ? 'The bucket you tried to delete is not empty'
      : 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.';
    throw new S3Error('BucketNotEmpty', { message, fields: { BucketName: bucket.name } });
  }
  // Uploads in progress do not keep a bucket (AWS deletes it regardless); their parts go with it.
  for (const upload of ctx.state.deleteBucket(bucket)) releaseParts(ctx, upload.parts.values());
  return {};
}

async function headBucket(ctx: RequestContext, input: HeadBucketRequest): Promise<HeadBucketOutput> {
  const bucket = ctx.state.getBucket(input.Bucket);
  // HEAD carries no body: the SDKs read only the status, so a bare 404 NoSuchBucket.
  if (bucket === undefined) throw new S3Error('NoSuchBucket', { message: 'Not Found' });
  return { BucketRegion: bucket.region, BucketArn: bucketArn(bucket.name), AccessPointAlias: false, ContentType: 'application/xml' };
}

function toBucketEntry(b: Bucket): BucketEntry {
  return { Name: b.name, CreationDate: b.creationDate, BucketRegion: b.region, BucketArn: bucketArn(b.name) };
}

async function listBuckets(ctx: RequestContext, input: ListBucketsRequest): Promise<ListBucketsOutput> {
  const max = input.MaxBuckets;
  if (max !== undefined && (max < 1 || max > MAX_BUCKETS_LIMIT)) {
    throw new S3Error('InvalidArgument', {
      message: 'Argument max-buckets must be an integer between 1 and 10000.',
      fields: {
        ArgumentName: 'max-buckets',
        ArgumentValue: String(max),
      },
    });
  }
  if (input.BucketRegion !== undefined && !AWS_REGIONS.has(input.BucketRegion) && !ctx.config.allowNonstandardRegions) {
    throw new S3Error('InvalidArgument', {
      message: `Argument value ${input.BucketRegion} is not a valid AWS Region`,
      fields: {
        ArgumentName: 'bucket-region',
      },
    });
  }
  // An empty continuation token lists from the start, as AWS does.
  const after = input.ContinuationToken ? decodeToken(input.ContinuationToken, 'continuation-token') : undefined;
  const matching = ctx.state
    .bucketsOf(ctx.accountId)
    .filter((b) => (input.Prefix === undefined || b.name.startsWith(input.Prefix))
      && (input.BucketRegion === undefined || b.region === input.BucketRegion)
      && (after === undefined || b.name > after));
  const page = max === undefined ? matching : matching.slice(0, max);
  const last = page[page.length - 1];
  const truncated = max !== undefined && matching.length > max && last !== undefined;
  return {
    Buckets: page.map(toBucketEntry),
    Owner: ownerOf(ctx.accountId),
    ...(truncated ? { ContinuationToken: encodeToken(last.name) } : {}),
    ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
  };
}

async function getBucketLocation(ctx: RequestContext, input: GetBucketLocationRequest): Promise<GetBucketLocationOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  // us-east-1 buckets answer an empty LocationConstraint.
  if (bucket.region === 'us-east-1') return {};
  return { LocationConstraint: (bucket.locationConstraint ?? bucket.region) as GetBucketLocationOutput['LocationConstraint'] };
}

export const BUCKET_OPERATIONS: OperationHandlers = {
  CreateBucket: createBucket,
  DeleteBucket: deleteBucket,
  HeadBucket: headBucket,
  ListBuckets: listBuckets,
  GetBucketLocation: getBucketLocation,
};
