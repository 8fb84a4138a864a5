/** Bucket CORS configuration: PutBucketCors, GetBucketCors, DeleteBucketCors. */
import type { RequestContext } from '../core/context.ts';
import { hasManyWildcards } from './wildcard.ts';
import type { DeleteBucketCorsRequest, GetBucketCorsOutput, GetBucketCorsRequest, PutBucketCorsRequest } from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { requireBucket } from '../ops/_shared/bucket-rules.ts';
import type { OperationHandlers } from '../ops/operation-handler.ts';

const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);
const MAX_RULES = 100;

/**
 * One `*` per AllowedOrigin or AllowedHeader (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html);
 * the message is S3's as observed (versitygw#1870).
 */
function checkWildcards(element: 'AllowedOrigin' | 'AllowedHeader', values: readonly string[]): void {
  const bad = values.find(hasManyWildcards);
  if (bad !== undefined) throw new S3Error('InvalidRequest', { message: `${element} "${bad}" can not have more than one wildcard.` });
}

async function putBucketCors(ctx: RequestContext, input: PutBucketCorsRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  const rules = input.CORSConfiguration.CORSRules;
  if (rules.length === 0) throw new S3Error('MalformedXML');
  // InvalidRequest, not MalformedXML, past 100 rules; the text is MinIO's (internal/bucket/cors), unrecorded from AWS.
  if (rules.length > MAX_RULES) {
    throw new S3Error('InvalidRequest', { message: `The number of CORS rules should not exceed allowed limit of ${MAX_RULES} rules.` });
  }
  for (const rule of rules) {
    if (rule.AllowedMethods.length === 0 || rule.AllowedOrigins.length === 0) throw new S3Error('MalformedXML');
    const bad = rule.AllowedMethods.find((m) => !METHODS.has(m));
    if (bad !== undefined) throw new S3Error('InvalidRequest', { message: `Found unsupported HTTP method in CORS config. Unsupported method is ${bad}` });
    checkWildcards('AllowedOrigin', rule.AllowedOrigins);
    checkWildcards('AllowedHeader', rule.AllowedHeaders ?? []);
  }
  ctx.state.setConfig(bucket, 'cors', { CORSRules: rules });
  return {};
}

async function getBucketCors(ctx: RequestContext, input: GetBucketCorsRequest): Promise<GetBucketCorsOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.configs.cors === undefined) {
    throw new S3Error('NoSuchCORSConfiguration', { fields: { BucketName: bucket.name } });
  }
  return { CORSRules: bucket.configs.cors.CORSRules };
}

async function deleteBucketCors(ctx: RequestContext, input: DeleteBucketCorsRequest): Promise<Record<string, never>> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'cors', undefined);
  return {};
}

export const CORS_OPERATIONS: OperationHandlers = {
  PutBucketCors: putBucketCors,
  GetBucketCors: getBucketCors,
  DeleteBucketCors: deleteBucketCors,
};
