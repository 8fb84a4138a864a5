/**
 * Simple bucket sub-resources: policy, default encryption, ownership controls, public access
 * block, acceleration, request payment, logging, notifications and replication. Each stores a
 * validated document.
 */
import type { RequestContext } from '../core/context.ts';
import type {
  DeleteBucketEncryptionRequest,
  DeleteBucketReplicationRequest,
  GetBucketLoggingOutput,
  GetBucketLoggingRequest,
  GetBucketNotificationConfigurationRequest,
  NotificationConfiguration,
  GetBucketReplicationOutput,
  GetBucketReplicationRequest,
  PutBucketLoggingRequest,
  PutBucketNotificationConfigurationRequest,
  PutBucketReplicationRequest,
  DeleteBucketOwnershipControlsRequest,
  DeleteBucketPolicyRequest,
  DeletePublicAccessBlockRequest,
  GetBucketAccelerateConfigurationOutput,
  GetBucketAccelerateConfigurationRequest,
  GetBucketEncryptionOutput,
  GetBucketEncryptionRequest,
  GetBucketOwnershipControlsOutput,
  GetBucketOwnershipControlsRequest,
  GetBucketPolicyOutput,
  GetBucketPolicyRequest,
  GetBucketPolicyStatusOutput,
  GetBucketPolicyStatusRequest,
  GetBucketRequestPaymentOutput,
  GetBucketRequestPaymentRequest,
  GetPublicAccessBlockOutput,
  GetPublicAccessBlockRequest,
  PutBucketAccelerateConfigurationRequest,
  PutBucketEncryptionRequest,
  PutBucketOwnershipControlsRequest,
  PutBucketPolicyRequest,
  PutBucketRequestPaymentRequest,
  PutPublicAccessBlockRequest,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { assertAclFitsOwnership } from './_shared/ownership-acl.ts';

type Empty = Record<string, never>;
const OBJECT_OWNERSHIPS = new Set(['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced']);
const SSE_ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const malformedXml = (): S3Error => new S3Error('MalformedXML');
/**
 * Bucket policies are limited to 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html),
 * counted after AWS normalises the document, so whitespace does not count.
 */
const MAX_POLICY_BYTES = 20 * 1024;
const UTF8 = new TextEncoder();

async function putBucketPolicy(ctx: RequestContext, input: PutBucketPolicyRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  const policy = input.Policy;
  const malformed = (message: string): S3Error => new S3Error('MalformedPolicy', { message });
  if (!policy.startsWith('{')) throw malformed("Policies must be valid JSON and the first byte must be '{'");
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw malformed("Policies must be valid JSON and the first byte must be '{'");
  }
  // AWS records no text for this; the code is the one of every policy check, the message MinIO's.
  if (UTF8.encode(JSON.stringify(parsed)).byteLength > MAX_POLICY_BYTES) throw malformed('Policy exceeds the maximum allowed document size.');
  if (typeof parsed !== 'object' || parsed === null || Object.keys(parsed).length === 0) {
    throw malformed('Missing required field Statement');
  }
  ctx.state.setConfig(bucket, 'policy', policy);
  return {};
}

async function getBucketPolicy(ctx: RequestContext, input: GetBucketPolicyRequest): Promise<GetBucketPolicyOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.configs.policy === undefined) {
    throw new S3Error('NoSuchBucketPolicy', { fields: { BucketName: bucket.name } });
  }
  return { Policy: bucket.configs.policy };
}

async function deleteBucketPolicy(ctx: RequestContext, input: DeleteBucketPolicyRequest): Promise<Empty> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'policy', undefined);
  return {};
}

async function getBucketPolicyStatus(ctx: RequestContext, input: GetBucketPolicyStatusRequest): Promise<GetBucketPolicyStatusOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.configs.policy === undefined) {
    throw new S3Error('NoSuchBucketPolicy', { fields: { BucketName: bucket.name } });
  }
  return { PolicyStatus: { IsPublic: false } };
}

async function putBucketEncryption(ctx: RequestContext, input: PutBucketEncryptionRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  const rules = input.ServerSideEncryptionConfiguration.Rules;
  const rule = rules.length === 1 ? rules[0] : undefined;
  const byDefault = rule?.ApplyServerSideEncryptionByDefault;
  if (byDefault === undefined || !SSE_ALGORITHMS.has(byDefault.SSEAlgorithm)) throw malformedXml();
  if (byDefault.SSEAlgorithm === 'AES256' && byDefault.KMSMasterKeyID !== undefined) {
    throw new S3Error('InvalidArgument', {
      message: 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
      fields: {
        ArgumentName: 'ApplyServerSideEncryptionByDefault',
      },
    });
  }
  ctx.state.setConfig(bucket, 'encryption', {
    algorithm: byDefault.SSEAlgorithm,
    ...(byDefault.KMSMasterKeyID !== undefined ? { kmsKeyId: byDefault.KMSMasterKeyID } : {}),
    ...(rule?.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: rule.BucketKeyEnabled } : {}),
  });
  return {};
}

/** Every bucket has default encryption (SSE-S3) since 2023; deleting it restores that default. */
async function getBucketEncryption(ctx: RequestContext, input: GetBucketEncryptionRequest): Promise<GetBucketEncryptionOutput> {
  const enc = requireBucket(ctx, input.Bucket).configs.encryption ?? { algorithm: 'AES256', bucketKeyEnabled: false };
  return {
    ServerSideEncryptionConfiguration: {
      Rules: [{
        ApplyServerSideEncryptionByDefault: {
          SSEAlgorithm: enc.algorithm as 'AES256',
          ...(enc.kmsKeyId !== undefined ? { KMSMasterKeyID: enc.kmsKeyId } : {}),
        },
        BucketKeyEnabled: enc.bucketKeyEnabled ?? false,
      }],
    },
  };
}

async function deleteBucketEncryption(ctx: RequestContext, input: DeleteBucketEncryptionRequest): Promise<Empty> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'encryption', undefined);
  return {};
}

async function putBucketOwnershipControls(ctx: RequestContext, input: PutBucketOwnershipControlsRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  const rules = input.OwnershipControls.Rules;
  const ownership = rules.length === 1 ? rules[0]?.ObjectOwnership : undefined;
  if (ownership === undefined || !OBJECT_OWNERSHIPS.has(ownership)) throw malformedXml();
  assertAclFitsOwnership(ownership, bucket.acl);
  ctx.state.setConfig(bucket, 'ownership', ownership);
  return {};
}

async function getBucketOwnershipControls(ctx: RequestContext, input: GetBucketOwnershipControlsRequest): Promise<GetBucketOwnershipControlsOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const ownership = bucket.configs.ownership;
  if (ownership === undefined) {
    throw new S3Error('OwnershipControlsNotFoundError', { fields: { BucketName: bucket.name } });
  }
  return { OwnershipControls: { Rules: [{ ObjectOwnership: ownership as 'BucketOwnerEnforced' }] } };
}

async function deleteBucketOwnershipControls(ctx: RequestContext, input: DeleteBucketOwnershipControlsRequest): Promise<Empty> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'ownership', undefined);
  return {};
}

async function putPublicAccessBlock(ctx: RequestContext, input: PutPublicAccessBlockRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  const c = input.PublicAccessBlockConfiguration;
  ctx.state.setConfig(bucket, 'publicAccessBlock', {
    BlockPublicAcls: c.BlockPublicAcls ?? false,
    IgnorePublicAcls: c.IgnorePublicAcls ?? false,
    BlockPublicPolicy: c.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  });
  return {};
}

async function getPublicAccessBlock(ctx: RequestContext, input: GetPublicAccessBlockRequest): Promise<GetPublicAccessBlockOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const pab = bucket.configs.publicAccessBlock;
  if (pab === undefined) {
    throw new S3Error('NoSuchPublicAccessBlockConfiguration', { fields: { BucketName: bucket.name } });
  }
  return { PublicAccessBlockConfiguration: { ...pab } };
}

async function deletePublicAccessBlock(ctx: RequestContext, input: DeletePublicAccessBlockRequest): Promise<Empty> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'publicAccessBlock', undefined);
  return {};
}

async function putBucketAccelerateConfiguration(ctx: RequestContext, input: PutBucketAccelerateConfigurationRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.name.includes('.')) {
    throw new S3Error('InvalidRequest', { message: 'S3 Transfer Acceleration is not supported for buckets with periods (.) in their names' });
  }
  const status = input.AccelerateConfiguration.Status;
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  ctx.state.setConfig(bucket, 'accelerate', status);
  return {};
}

async function getBucketAccelerateConfiguration(ctx: RequestContext, input: GetBucketAccelerateConfigurationRequest): Promise<GetBucketAccelerateConfigurationOutput> {
  const status = requireBucket(ctx, input.Bucket).configs.accelerate;
  return status !== undefined ? { Status: status } : {};
}

async function putBucketRequestPayment(ctx: RequestContext, input: PutBucketRequestPaymentRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  const payer = input.RequestPaymentConfiguration.Payer;
  if (payer !== 'Requester' && payer !== 'BucketOwner') throw malformedXml();
  ctx.state.setConfig(bucket, 'payer', payer);
  return {};
}

async function getBucketRequestPayment(ctx: RequestContext, input: GetBucketRequestPaymentRequest): Promise<GetBucketRequestPaymentOutput> {
  return { Payer: requireBucket(ctx, input.Bucket).configs.payer ?? 'BucketOwner' };
}

async function putBucketLogging(ctx: RequestContext, input: PutBucketLoggingRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  const logging = input.BucketLoggingStatus.LoggingEnabled;
  if (logging === undefined) {
    ctx.state.setConfig(bucket, 'logging', undefined);
    return {};
  }
  if (!logging.TargetBucket) throw malformedXml();
  const target = ctx.state.getBucket(logging.TargetBucket);
  if (target === undefined) {
    throw new S3Error('InvalidTargetBucketForLogging', { fields: { TargetBucket: logging.TargetBucket } });
  }
  if (target.region !== bucket.region) {
    // AWS names the source's region too, unless it is us-east-1.
    throw new S3Error('CrossLocationLoggingProhibitted', {
      fields: {
        ...(bucket.region !== 'us-east-1' ? { SourceBucketLocation: bucket.region } : {}),
        TargetBucketLocation: target.region,
      },
    });
  }
  ctx.state.setConfig(bucket, 'logging', { ...logging, TargetPrefix: logging.TargetPrefix ?? '' });
  return {};
}

async function getBucketLogging(ctx: RequestContext, input: GetBucketLoggingRequest): Promise<GetBucketLoggingOutput> {
  const logging = requireBucket(ctx, input.Bucket).configs.logging;
  return logging !== undefined ? { LoggingEnabled: logging } : {};
}

/** Stored and returned; events are not delivered (no SQS/SNS/Lambda in a standalone S3). */
async function putBucketNotificationConfiguration(ctx: RequestContext, input: PutBucketNotificationConfigurationRequest): Promise<Empty> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'notification', input.NotificationConfiguration);
  return {};
}

async function getBucketNotificationConfiguration(ctx: RequestContext, input: GetBucketNotificationConfigurationRequest): Promise<NotificationConfiguration> {
  return { ...(requireBucket(ctx, input.Bucket).configs.notification ?? {}) };
}

async function putBucketReplication(ctx: RequestContext, input: PutBucketReplicationRequest): Promise<Empty> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.versioning !== 'Enabled') {
    throw new S3Error('InvalidRequest', { message: "Versioning must be 'Enabled' on the bucket to apply a replication configuration" });
  }
  const config = input.ReplicationConfiguration;
  if (config.Rules.length === 0) throw malformedXml();
  for (const rule of config.Rules) {
    const target = rule.Destination.Bucket.replace(/^arn:aws:s3:::/, '');
    const dest = ctx.state.getBucket(target);
    if (dest === undefined) throw new S3Error('InvalidRequest', { message: 'Destination bucket must exist.' });
    if (dest.versioning !== 'Enabled') throw new S3Error('InvalidRequest', { message: 'Destination bucket must have versioning enabled.' });
  }
  ctx.state.setConfig(bucket, 'replication', {
    ...config,
    Rules: config.Rules.map((rule) => ({ ...rule, ID: rule.ID ?? crypto.randomUUID().replace(/-/g, '').slice(0, 8) })),
  });
  return {};
}

async function getBucketReplication(ctx: RequestContext, input: GetBucketReplicationRequest): Promise<GetBucketReplicationOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.configs.replication === undefined) {
    throw new S3Error('ReplicationConfigurationNotFoundError', { fields: { BucketName: bucket.name } });
  }
  return { ReplicationConfiguration: bucket.configs.replication };
}

async function deleteBucketReplication(ctx: RequestContext, input: DeleteBucketReplicationRequest): Promise<Empty> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'replication', undefined);
  return {};
}

export const BUCKET_CONFIG_OPERATIONS: OperationHandlers = {
  PutBucketLogging: putBucketLogging,
  GetBucketLogging: getBucketLogging,
  PutBucketNotificationConfiguration: putBucketNotificationConfiguration,
  GetBucketNotificationConfiguration: getBucketNotificationConfiguration,
  PutBucketReplication: putBucketReplication,
  GetBucketReplication: getBucketReplication,
  DeleteBucketReplication: deleteBucketReplication,
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketPolicyStatus: getBucketPolicyStatus,
  PutBucketEncryption: putBucketEncryption,
  GetBucketEncryption: getBucketEncryption,
  DeleteBucketEncryption: deleteBucketEncryption,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  DeleteBucketOwnershipControls: deleteBucketOwnershipControls,
  PutPublicAccessBlock: putPublicAccessBlock,
  GetPublicAccessBlock: getPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
  PutBucketAccelerateConfiguration: putBucketAccelerateConfiguration,
  GetBucketAccelerateConfiguration: getBucketAccelerateConfiguration,
  PutBucketRequestPayment: putBucketRequestPayment,
  GetBucketRequestPayment: getBucketRequestPayment,
};
