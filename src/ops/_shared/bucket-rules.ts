/** Bucket naming and location rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
import type { RequestContext } from '../../core/context.ts';
import { ENUMS } from '../../protocol/generated/model.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import type { Bucket } from '../../state/bucket.ts';

const LABEL = '([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])';
const BUCKET_NAME_RE = new RegExp(`^(${LABEL}\\.)*${LABEL}$`);
const IP_LIKE_RE = /^(\d+\.)+\d+$/;

/** Location constraints S3 accepts: the model's BucketLocationConstraint enum (us-east-1's is empty). */
const KNOWN_REGIONS: ReadonlySet<string> = new Set(ENUMS.BucketLocationConstraint ?? []);

export function isValidBucketName(name: string): boolean {
  return name.length >= 3 && name.length <= 63 && BUCKET_NAME_RE.test(name) && !IP_LIKE_RE.test(name);
}

export function assertValidBucketName(name: string): void {
  if (!isValidBucketName(name)) {
    throw new S3Error('InvalidBucketName', { fields: { BucketName: name } });
  }
}

function illegalConstraint(what: string): S3Error {
  return new S3Error('IllegalLocationConstraintException', { message: `The ${what} location constraint is incompatible for the region specific endpoint this request was sent to.` });
}

/** The region a new bucket lives in, given the request's region and its LocationConstraint. */
export function bucketRegionFor(requestRegion: string, constraint: string | undefined, allowNonstandard = false): string {
  if (!constraint) {
    if (requestRegion !== 'us-east-1') throw illegalConstraint('unspecified');
    return 'us-east-1';
  }
  if (requestRegion === 'us-east-1') {
    if (!KNOWN_REGIONS.has(constraint) && !allowNonstandard) {
      throw new S3Error('InvalidLocationConstraint', {
        fields: {
          LocationConstraint: constraint,
        },
      });
    }
  } else if (requestRegion === 'eu-west-1') {
    if (constraint !== 'EU' && constraint !== 'eu-west-1') throw illegalConstraint(constraint);
  } else if (requestRegion !== constraint) {
    throw illegalConstraint(constraint);
  }
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

export function noSuchBucket(name: string): S3Error {
  return new S3Error('NoSuchBucket', { fields: { BucketName: name } });
}

/**
 * A write that began with `bucket` still finds it under its name: it may have been deleted (and
 * perhaps created again) while the body streamed in. Checked right before the commit.
 */
export function assertBucketLive(ctx: RequestContext, bucket: Bucket): void {
  if (ctx.state.getBucket(bucket.name) !== bucket) throw noSuchBucket(bucket.name);
}

/** The addressed bucket, or NoSuchBucket. */
export function requireBucket(ctx: RequestContext, name: string): Bucket {
  const bucket = ctx.state.getBucket(name);
  if (bucket === undefined) throw noSuchBucket(name);
  return bucket;
}
