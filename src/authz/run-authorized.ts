/**
 * The operation step when access is enforced: authorise, then run with what the decision settled
 * (object ownership, PostObject's late check), answering refused DeleteObjects keys one by one.
 */
import type { AuthInfo } from '../auth/index.ts';
import type { RequestAccess, RequestContext } from '../core/context.ts';
import type { DeleteObjectsOutput, DeleteObjectsRequest, ObjectIdentifier, OperationInputs, OperationName, OperationOutputs } from '../protocol/generated/types.ts';
import { assertExpectedOwner } from '../ops/_shared/expected-owner.ts';
import { runOperation } from '../ops/registry.ts';
import { allowedOn, authorizeOperation, newObjectOwner, type AccessRequest } from './authorize.ts';
import { ANONYMOUS, callerFromAuth, callerOf } from './caller.ts';
import { accessDenied, checkRequestRules } from './request-rules.ts';

function accessFor(req: AccessRequest, ctx: RequestContext, objectOwner: string | undefined): RequestAccess {
  return {
    objectOwner,
    authorizePost(signer, key, fields) {
      const bucket = ctx.bucket !== undefined ? ctx.state.getBucket(ctx.bucket) : undefined;
      const caller = signer === undefined
        ? ANONYMOUS
        : callerOf(signer.accessKeyId, ctx.config.credentials, 'POST', signer.signatureVersion === 'v4' ? 'AWS4-HMAC-SHA256' : 'AWS');
      if (bucket === undefined) return caller.accountId ?? ctx.accountId;
      const posting = { ...req, caller };
      const acl = fields.get('acl');
      // The form's tagging is an XML document read later: s3:RequestObjectTag is not offered for POST.
      if (!allowedOn(posting, bucket, 's3:PutObject', key)) throw accessDenied();
      checkRequestRules('PostObject', { ACL: acl }, bucket);
      return newObjectOwner(bucket, caller, acl);
    },
  };
}

async function deleteAllowed(ctx: RequestContext, input: DeleteObjectsRequest, refused: readonly ObjectIdentifier[]): Promise<DeleteObjectsOutput> {
  const errors = refused.map((o) => ({ Key: o.Key, ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}), Code: 'AccessDenied', Message: 'Access Denied' }));
  const remaining = input.Delete.Objects.filter((o) => !refused.includes(o));
  if (remaining.length === 0) return { Errors: errors };
  const out = await runOperation('DeleteObjects', ctx, { ...input, Delete: { ...input.Delete, Objects: remaining } });
  return { ...out, Errors: [...(out.Errors ?? []), ...errors] };
}

export function runAuthorized<K extends OperationName>(op: K, ctx: RequestContext, input: OperationInputs[K], auth: AuthInfo | null): Promise<OperationOutputs[K]> {
  const req: AccessRequest = { state: ctx.state, caller: callerFromAuth(auth, ctx.config.credentials), headers: ctx.headers, query: ctx.query, now: ctx.now };
  // A form upload names its signer in the form: PostObject authorises itself once it has read it.
  if (op === 'PostObject') return runOperation(op, { ...ctx, access: accessFor(req, ctx, undefined) }, input);
  // A malformed x-amz-expected-bucket-owner is a 400 before any access decision.
  assertExpectedOwner(ctx, input);
  const outcome = authorizeOperation(op, input, req);
  const authorized: RequestContext = { ...ctx, access: accessFor(req, ctx, outcome.objectOwner) };
  if (op === 'DeleteObjects' && outcome.refusedDeletes !== undefined) {
    return deleteAllowed(authorized, input as DeleteObjectsRequest, outcome.refusedDeletes) as Promise<OperationOutputs[K]>;
  }
  return runOperation(op, authorized, input);
}
