/**
 * Operation name -> handler. The wire layer can route every operation in the model; one that has
 * no handler here answers NotImplemented without anyone having to remember to.
 */
import type { RequestContext } from '../core/context.ts';
import type { OperationInputs, OperationName, OperationOutputs } from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { OperationHandler, OperationHandlers } from './operation-handler.ts';
import { ACL_OPERATIONS } from './acl.ts';
import { BUCKET_ID_CONFIG_OPERATIONS } from './bucket-config-ids.ts';
import { BUCKET_CONFIG_OPERATIONS } from './bucket-config.ts';
import { BUCKET_OPERATIONS } from './bucket.ts';
import { LIST_OPERATIONS } from './list.ts';
import { OBJECT_OPERATIONS } from './object.ts';
import { COPY_OPERATIONS } from './copy.ts';
import { LIFECYCLE_OPERATIONS } from './lifecycle.ts';
import { WEBSITE_OPERATIONS } from '../website/operations.ts';
import { CORS_OPERATIONS } from '../cors/operations.ts';
import { DELETE_OPERATIONS } from './delete.ts';
import { assertExpectedOwner } from './_shared/expected-owner.ts';
import { COMPLETE_OPERATIONS } from './multipart-complete.ts';
import { MULTIPART_LIST_OPERATIONS } from './multipart-list.ts';
import { OBJECT_ATTRIBUTES_OPERATIONS } from './object-attributes.ts';
import { OBJECT_LOCK_OPERATIONS } from './object-lock.ts';
import { MULTIPART_OPERATIONS } from './multipart.ts';
import { TAGGING_OPERATIONS } from './tagging.ts';
import { POST_OBJECT_OPERATIONS } from './post-object.ts';
import { RESTORE_OPERATIONS } from './restore.ts';
import { VERSIONING_OPERATIONS } from './versioning.ts';

const HANDLERS: OperationHandlers = {
  ...BUCKET_OPERATIONS,
  ...BUCKET_CONFIG_OPERATIONS,
  ...BUCKET_ID_CONFIG_OPERATIONS,
  ...OBJECT_OPERATIONS,
  ...POST_OBJECT_OPERATIONS,
  ...RESTORE_OPERATIONS,
  ...DELETE_OPERATIONS,
  ...LIST_OPERATIONS,
  ...VERSIONING_OPERATIONS,
  ...MULTIPART_OPERATIONS,
  ...COMPLETE_OPERATIONS,
  ...MULTIPART_LIST_OPERATIONS,
  ...COPY_OPERATIONS,
  ...TAGGING_OPERATIONS,
  ...ACL_OPERATIONS,
  ...OBJECT_ATTRIBUTES_OPERATIONS,
  ...OBJECT_LOCK_OPERATIONS,
  ...CORS_OPERATIONS,
  ...LIFECYCLE_OPERATIONS,
  ...WEBSITE_OPERATIONS,
};

export function isImplemented(op: OperationName): boolean {
  return HANDLERS[op] !== undefined;
}

export function runOperation<K extends OperationName>(
  op: K,
  ctx: RequestContext,
  input: OperationInputs[K],
): Promise<OperationOutputs[K]> {
  const handler = HANDLERS[op] as OperationHandler<K> | undefined;
  if (handler === undefined) {
    throw new S3Error('NotImplemented', { message: `The ${op} operation has not been implemented` });
  }
  assertExpectedOwner(ctx, input);
  return handler(ctx, input);
}
