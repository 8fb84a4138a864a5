/**
 * x-amz-expected-bucket-owner, accepted by most operations: a malformed account id is rejected, and
 * a bucket owned by another account is AccessDenied (never revealing more).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
 */
import type { RequestContext } from '../../core/context.ts';
import { S3Error } from '../../protocol/s3-error.ts';

export function assertExpectedOwner(ctx: RequestContext, input: unknown): void {
  const expected = (input as { ExpectedBucketOwner?: unknown }).ExpectedBucketOwner;
  if (typeof expected !== 'string') return;
  if (!/^\d{12}$/.test(expected)) {
    throw new S3Error('InvalidBucketOwnerAWSAccountID', { message: `The value of the expected bucket owner parameter must be an AWS Account ID... [${expected}]` });
  }
  const bucket = ctx.bucket !== undefined ? ctx.state.getBucket(ctx.bucket) : undefined;
  if (bucket !== undefined && bucket.ownerAccountId !== expected) throw new S3Error('AccessDenied');
}
