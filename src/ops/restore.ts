/**
 * RestoreObject for GLACIER / DEEP_ARCHIVE objects. An emulator has nothing to thaw, so a restore
 * completes at once: the object becomes readable until its expiry date (midnight UTC after the
 * requested days, as AWS rounds it), and HEAD reports it in x-amz-restore.
 */
import type { RequestContext } from '../core/context.ts';
import type { RestoreObjectOutput, RestoreObjectRequest } from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { findObject } from './_shared/object-lookup.ts';
import { ARCHIVE_STORAGE_CLASSES } from './_shared/object-rules.ts';
import { restoreExpiry } from './_shared/restore-expiry.ts';
import type { OperationHandlers } from './operation-handler.ts';

async function restoreObject(ctx: RequestContext, input: RestoreObjectRequest): Promise<RestoreObjectOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'GET');
  if (!ARCHIVE_STORAGE_CLASSES.has(obj.storageClass)) {
    throw new S3Error('InvalidObjectState', { fields: { StorageClass: obj.storageClass } });
  }
  const days = input.RestoreRequest?.Days;
  // A restore without Days (SELECT requests) is not supported: nothing changes.
  if (days === undefined) return {};
  if (days < 1) {
    throw new S3Error('InvalidArgument', { message: 'The Days parameter must be a positive integer', fields: { ArgumentName: 'Days', ArgumentValue: String(days) } });
  }
  // 202 when the restore starts, 200 when an already restored copy only gets a new expiry.
  const status = obj.restore !== undefined ? 200 : 202;
  ctx.state.updateVersion(bucket, obj, { restore: { ongoing: false, expiry: restoreExpiry(ctx.now, days) } });
  return { StatusCode: status };
}

export const RESTORE_OPERATIONS: OperationHandlers = {
  RestoreObject: restoreObject,
};
