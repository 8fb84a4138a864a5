/**
 * Object Lock: the bucket configuration (with default retention), per-version retention and legal
 * hold, the lock headers on writes, and the check that protects locked versions from deletion.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
import type { RequestContext } from '../core/context.ts';
import type {
  GetObjectLegalHoldOutput,
  GetObjectLegalHoldRequest,
  GetObjectLockConfigurationOutput,
  GetObjectLockConfigurationRequest,
  GetObjectRetentionOutput,
  GetObjectRetentionRequest,
  PutObjectLegalHoldRequest,
  PutObjectLockConfigurationRequest,
  PutObjectRetentionRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { Bucket } from '../state/bucket.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { findObject } from './_shared/object-lookup.ts';
import { javaDateString, LOCK_MODES, lockedError } from './_shared/object-lock-rules.ts';
import { changeVersion } from './_shared/write-version.ts';
import type { OperationHandlers } from './operation-handler.ts';

type Empty = Record<string, never>;
const malformedXml = (): S3Error => new S3Error('MalformedXML');

function requireLockEnabled(bucket: Bucket): void {
  if (!bucket.objectLockEnabled) throw new S3Error('InvalidRequest', { message: 'Bucket is missing Object Lock Configuration' });
}

/** AWS's bounds on a default retention period (versitygw's AWS-run PutObjectLockConfiguration tests). */
const MAX_RETENTION_DAYS = 36_500;
const MAX_RETENTION_YEARS = 100;

function assertRetentionPeriod(name: 'Days' | 'Years', value: number | undefined, max: number): void {
  if (value === undefined) return;
  if (value <= 0) throw new S3Error('InvalidArgument', { message: 'Default retention period must be a positive integer value.', fields: { ArgumentName: name, ArgumentValue: String(value) } });
  if (value > max) throw new S3Error('InvalidArgument', { message: 'Default retention period too large.', fields: { ArgumentName: name, ArgumentValue: String(value) } });
}

async function putObjectLockConfiguration(ctx: RequestContext, input: PutObjectLockConfigurationRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.versioning !== 'Enabled') {
    throw new S3Error('InvalidBucketState', { message: "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration" });
  }
  const config = input.ObjectLockConfiguration;
  if (config?.ObjectLockEnabled !== 'Enabled') throw malformedXml();
  if (config.Rule !== undefined) {
    const d = config.Rule.DefaultRetention;
    if (d === undefined || d.Mode === undefined || !LOCK_MODES.has(d.Mode) || (d.Days === undefined) === (d.Years === undefined)) throw malformedXml();
    assertRetentionPeriod('Days', d.Days, MAX_RETENTION_DAYS);
    assertRetentionPeriod('Years', d.Years, MAX_RETENTION_YEARS);
  }
  ctx.state.updateBucket(bucket, { objectLockEnabled: true });
  ctx.state.setConfig(bucket, 'objectLock', config);
  return {};
}

async function getObjectLockConfiguration(ctx: RequestContext, input: GetObjectLockConfigurationRequest): Promise<GetObjectLockConfigurationOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (!bucket.objectLockEnabled) {
    throw new S3Error('ObjectLockConfigurationNotFoundError', { fields: { BucketName: bucket.name } });
  }
  return { ObjectLockConfiguration: bucket.configs.objectLock ?? { ObjectLockEnabled: 'Enabled' } };
}

function noLockConfiguration(): S3Error {
  return new S3Error('NoSuchObjectLockConfiguration');
}

async function putObjectRetention(ctx: RequestContext, input: PutObjectRetentionRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  requireLockEnabled(bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'PUT');
  // An empty <Retention/> removes the retention (governance bypass permitting), like none at all.
  const sent = input.Retention;
  const r = sent?.Mode === undefined && sent?.RetainUntilDate === undefined ? undefined : sent;
  if (r !== undefined && (r.Mode === undefined || r.RetainUntilDate === undefined || !LOCK_MODES.has(r.Mode))) throw malformedXml();
  if (r?.RetainUntilDate !== undefined && r.RetainUntilDate < ctx.now) {
    throw new S3Error('InvalidArgument', {
      message: 'The retain until date must be in the future!',
      fields: {
        ArgumentName: 'RetainUntilDate', ArgumentValue: javaDateString(r.RetainUntilDate),
      },
    });
  }
  const current = obj.lock;
  const reduces = r === undefined
    || (current?.retainUntil !== undefined && r.RetainUntilDate !== undefined && current.retainUntil > r.RetainUntilDate)
    || (r.Mode === 'GOVERNANCE' && current?.mode === 'COMPLIANCE');
  if (reduces && (current?.mode === 'COMPLIANCE' || (current?.mode === 'GOVERNANCE' && input.BypassGovernanceRetention !== true))) {
    throw lockedError();
  }
  changeVersion(ctx, bucket, obj, { lock: { ...(current?.legalHold !== undefined ? { legalHold: current.legalHold } : {}), ...(r !== undefined ? { mode: r.Mode, retainUntil: r.RetainUntilDate } : {}) } });
  return {};
}

async function getObjectRetention(ctx: RequestContext, input: GetObjectRetentionRequest): Promise<GetObjectRetentionOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  requireLockEnabled(bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'GET');
  if (obj.lock?.mode === undefined) throw noLockConfiguration();
  return { Retention: { Mode: obj.lock.mode as 'GOVERNANCE', RetainUntilDate: obj.lock.retainUntil } };
}

async function putObjectLegalHold(ctx: RequestContext, input: PutObjectLegalHoldRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (input.LegalHold === undefined) throw malformedXml();
  requireLockEnabled(bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'PUT');
  const status = input.LegalHold.Status;
  if (status !== 'ON' && status !== 'OFF') throw malformedXml();
  changeVersion(ctx, bucket, obj, { lock: { ...obj.lock, legalHold: status } });
  return {};
}

async function getObjectLegalHold(ctx: RequestContext, input: GetObjectLegalHoldRequest): Promise<GetObjectLegalHoldOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  requireLockEnabled(bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'GET');
  if (obj.lock?.legalHold === undefined) throw noLockConfiguration();
  return { LegalHold: { Status: obj.lock.legalHold as 'ON' } };
}

export const OBJECT_LOCK_OPERATIONS: OperationHandlers = {
  PutObjectLockConfiguration: putObjectLockConfiguration,
  GetObjectLockConfiguration: getObjectLockConfiguration,
  PutObjectRetention: putObjectRetention,
  GetObjectRetention: getObjectRetention,
  PutObjectLegalHold: putObjectLegalHold,
  GetObjectLegalHold: getObjectLegalHold,
};
