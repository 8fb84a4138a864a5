/** Bucket lifecycle configuration (rules are stored and shown on objects; nothing is expired). */
import { randomBytes } from '../checksum/digest.ts';
import type { RequestContext } from '../core/context.ts';
import type {
  DeleteBucketLifecycleRequest,
  GetBucketLifecycleConfigurationOutput,
  GetBucketLifecycleConfigurationRequest,
  LifecycleRule,
  PutBucketLifecycleConfigurationOutput,
  PutBucketLifecycleConfigurationRequest,
  TransitionDefaultMinimumObjectSize,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { requireBucket } from './bucket-rules.ts';
import type { OperationHandlers } from './registry.ts';

const SIZES = new Set(['all_storage_classes_128K', 'varies_by_storage_class']);
/** A configuration holds at most 1,000 rules; AWS answers more with MalformedXML (flightstats/hub#529). */
const MAX_RULES = 1000;
const DAY_MS = 86_400_000;

function validateRule(rule: LifecycleRule): LifecycleRule {
  if (rule.Filter === undefined && rule.Prefix === undefined) throw new S3Error('MalformedXML');
  const filter = rule.Filter;
  if (filter !== undefined && Object.values(filter).filter((v) => v !== undefined).length > 1) throw new S3Error('MalformedXML');
  const exp = rule.Expiration;
  if (exp?.ExpiredObjectDeleteMarker !== undefined && (exp.Days !== undefined || exp.Date !== undefined)) throw new S3Error('MalformedXML');
  if (exp?.Date !== undefined && exp.Date.getTime() % DAY_MS !== 0) {
    throw new S3Error('InvalidArgument', "'Date' must be at midnight GMT", { ArgumentName: 'Date', ArgumentValue: exp.Date.toISOString() });
  }
  const nce = rule.NoncurrentVersionExpiration;
  if (nce !== undefined && nce.NoncurrentDays === undefined && nce.NewerNoncurrentVersions === undefined) throw new S3Error('MalformedXML');
  const tags = filter?.And?.Tags ?? [];
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw new S3Error('InvalidRequest', 'Duplicate Tag Keys are not allowed.');
  return { ...rule, ID: rule.ID ?? randomBytes(24).toString('base64url') };
}

async function putBucketLifecycleConfiguration(ctx: RequestContext, input: PutBucketLifecycleConfigurationRequest): Promise<PutBucketLifecycleConfigurationOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const size = input.TransitionDefaultMinimumObjectSize ?? 'all_storage_classes_128K';
  if (!SIZES.has(size)) throw new S3Error('InvalidRequest', `Invalid TransitionDefaultMinimumObjectSize found: ${size}`);
  const rules = input.LifecycleConfiguration?.Rules;
  if (rules === undefined || rules.length === 0 || rules.length > MAX_RULES) throw new S3Error('MalformedXML');
  ctx.state.setConfig(bucket, 'lifecycle', { rules: rules.map(validateRule), transitionDefaultMinimumObjectSize: size });
  return { TransitionDefaultMinimumObjectSize: size };
}

async function getBucketLifecycleConfiguration(ctx: RequestContext, input: GetBucketLifecycleConfigurationRequest): Promise<GetBucketLifecycleConfigurationOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const lifecycle = bucket.configs.lifecycle;
  if (lifecycle === undefined) {
    throw new S3Error('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', { BucketName: bucket.name }, 404);
  }
  return { Rules: lifecycle.rules, TransitionDefaultMinimumObjectSize: lifecycle.transitionDefaultMinimumObjectSize as TransitionDefaultMinimumObjectSize };
}

async function deleteBucketLifecycle(ctx: RequestContext, input: DeleteBucketLifecycleRequest): Promise<Record<string, never>> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'lifecycle', undefined);
  return {};
}

export const LIFECYCLE_OPERATIONS: OperationHandlers = {
  PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  DeleteBucketLifecycle: deleteBucketLifecycle,
};
