/** Bucket lifecycle configuration (rules are stored and shown on objects; src/lifecycle/ executes them). */
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
import { requireBucket } from './_shared/bucket-rules.ts';
import type { OperationHandlers } from './operation-handler.ts';

const SIZES = new Set(['all_storage_classes_128K', 'varies_by_storage_class']);
/** A configuration holds at most 1,000 rules; AWS answers more with MalformedXML (flightstats/hub#529). */
const MAX_RULES = 1000;
const DAY_MS = 86_400_000;
const MAX_ID_LENGTH = 255;

function assertMidnight(date: Date | undefined): void {
  if (date !== undefined && date.getTime() % DAY_MS !== 0) {
    throw new S3Error('InvalidArgument', { message: "'Date' must be at midnight GMT", fields: { ArgumentName: 'Date', ArgumentValue: date.toISOString() } });
  }
}

/**
 * Checks AWS makes that the model does not express. Ceph's s3-tests (run against AWS:
 * test_lifecycle_id_too_long, _same_id, _invalid_status, _expiration_days0,
 * _transition_set_invalid_date) give the codes; the messages are the ones an AWS CLI log and
 * other emulators quote (no AWS recording of them in LocalStack's snapshots).
 */
function assertRuleFields(rule: LifecycleRule): void {
  if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw new S3Error('MalformedXML');
  if (rule.ID !== undefined && rule.ID.length > MAX_ID_LENGTH) {
    throw new S3Error('InvalidArgument', { message: `ID length should not exceed allowed limit of ${MAX_ID_LENGTH}`, fields: { ArgumentName: 'ID', ArgumentValue: rule.ID } });
  }
  const days = rule.Expiration?.Days;
  if (days !== undefined && days <= 0) throw new S3Error('InvalidArgument', { message: "'Days' for Expiration action must be a positive integer" });
  assertMidnight(rule.Expiration?.Date);
  for (const t of rule.Transitions ?? []) assertMidnight(t.Date);
}

function assertUniqueIds(rules: readonly LifecycleRule[]): void {
  const seen = new Set<string>();
  for (const { ID } of rules) {
    if (ID === undefined) continue;
    if (seen.has(ID)) {
      throw new S3Error('InvalidArgument', { message: 'Rule ID must be unique. Found same ID for more than one rule', fields: { ArgumentName: 'ID', ArgumentValue: ID } });
    }
    seen.add(ID);
  }
}

function validateRule(rule: LifecycleRule): LifecycleRule {
  if (rule.Filter === undefined && rule.Prefix === undefined) throw new S3Error('MalformedXML');
  assertRuleFields(rule);
  const filter = rule.Filter;
  if (filter !== undefined && Object.values(filter).filter((v) => v !== undefined).length > 1) throw new S3Error('MalformedXML');
  const exp = rule.Expiration;
  if (exp?.ExpiredObjectDeleteMarker !== undefined && (exp.Days !== undefined || exp.Date !== undefined)) throw new S3Error('MalformedXML');
  const nce = rule.NoncurrentVersionExpiration;
  if (nce !== undefined && nce.NoncurrentDays === undefined && nce.NewerNoncurrentVersions === undefined) throw new S3Error('MalformedXML');
  const tags = filter?.And?.Tags ?? [];
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw new S3Error('InvalidRequest', { message: 'Duplicate Tag Keys are not allowed.' });
  return { ...rule, ID: rule.ID ?? randomBytes(24).toString('base64url') };
}

async function putBucketLifecycleConfiguration(ctx: RequestContext, input: PutBucketLifecycleConfigurationRequest): Promise<PutBucketLifecycleConfigurationOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const size = input.TransitionDefaultMinimumObjectSize ?? 'all_storage_classes_128K';
  if (!SIZES.has(size)) throw new S3Error('InvalidRequest', { message: `Invalid TransitionDefaultMinimumObjectSize found: ${size}` });
  const rules = input.LifecycleConfiguration?.Rules;
  if (rules === undefined || rules.length === 0 || rules.length > MAX_RULES) throw new S3Error('MalformedXML');
  const validated = rules.map(validateRule);
  assertUniqueIds(rules);
  ctx.state.setConfig(bucket, 'lifecycle', { rules: validated, transitionDefaultMinimumObjectSize: size });
  return { TransitionDefaultMinimumObjectSize: size };
}

async function getBucketLifecycleConfiguration(ctx: RequestContext, input: GetBucketLifecycleConfigurationRequest): Promise<GetBucketLifecycleConfigurationOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const lifecycle = bucket.configs.lifecycle;
  if (lifecycle === undefined) {
    throw new S3Error('NoSuchLifecycleConfiguration', { fields: { BucketName: bucket.name } });
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
