/**
 * Server-side encryption of new objects: the request's headers, else the bucket default, which is
 * SSE-S3 (AES256) for every bucket since 2023. Bytes are not actually encrypted in an emulator.
 */
import type { RequestContext } from '../../core/context.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import type { Bucket } from '../../state/bucket.ts';
import type { S3Object } from '../../state/object.ts';

export interface SseInput {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
  SSECustomerAlgorithm?: string;
}

const SSE_ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

/** SSE-S3, the common case: one shared (never mutated) value for every object that has it. */
const SSE_S3: NonNullable<S3Object['sse']> = { algorithm: 'AES256' };

export function defaultKmsKeyArn(ctx: RequestContext): string {
  return `arn:aws:kms:${ctx.region}:${ctx.accountId}:alias/aws/s3`;
}

export function encryptionFor(ctx: RequestContext, bucket: Bucket, input: SseInput): S3Object['sse'] {
  if (input.SSECustomerAlgorithm !== undefined) return undefined;
  const requested = input.ServerSideEncryption;
  if (requested !== undefined) {
    if (!SSE_ALGORITHMS.has(requested)) {
      throw new S3Error('InvalidArgument', {
        message: 'The encryption method specified is not supported',
        fields: {
          ArgumentName: 'x-amz-server-side-encryption',
          ArgumentValue: requested,
        },
      });
    }
    if (requested === 'AES256') return SSE_S3;
    return {
      algorithm: requested,
      kmsKeyId: input.SSEKMSKeyId ?? defaultKmsKeyArn(ctx),
      ...(input.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: input.BucketKeyEnabled } : {}),
    };
  }
  const fallback = bucket.configs.encryption;
  if (fallback === undefined) return SSE_S3;
  // S3 Bucket Keys apply to KMS only; SSE-S3 objects never report BucketKeyEnabled.
  if (fallback.algorithm === 'AES256') return SSE_S3;
  return { ...fallback };
}
