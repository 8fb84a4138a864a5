/**
 * The events an operation's success produces, from its name, input and output (and the object as
 * the state now holds it): ops stay untouched, whichever path writes the version.
 */
import type { RequestContext } from '../core/context.ts';
import type { OperationInputs, OperationName, OperationOutputs } from '../protocol/generated/types.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3EventName } from './event-match.ts';
import { nextSequencer, type ObjectEvent } from './object-event.ts';
import { objectFacts, recordVersionId, type ObjectFacts } from './object-facts.ts';
import { callerPrincipalId } from './principal-ids.ts';

type Emitter<K extends OperationName> = (scope: EmitScope, input: OperationInputs[K], output: OperationOutputs[K]) => ObjectEvent[];
type Emitters = { readonly [K in OperationName]?: Emitter<K> };

interface EmitScope {
  readonly ctx: RequestContext;
  readonly bucket: Bucket;
  /** Whether any destination takes this event: checked before anything is looked up or built. */
  readonly wants: (name: S3EventName, key: string) => boolean;
}

function sourceIp(ctx: RequestContext): string {
  const forwarded = ctx.headers.get('x-forwarded-for');
  return forwarded?.split(',')[0]?.trim() || '127.0.0.1';
}

function event(scope: EmitScope, name: S3EventName, key: string, facts: Partial<ObjectFacts>, sequenced = true): ObjectEvent {
  const { ctx, bucket } = scope;
  // ctx.now has whole seconds (it dates the object); records carry the millisecond S3 finished.
  const time = new Date();
  return {
    name,
    // The bucket record itself (never changed in place): records written from it share its text.
    bucket,
    key,
    size: facts.size,
    eTag: facts.eTag,
    versionId: facts.versionId,
    sequencer: sequenced ? nextSequencer(time) : undefined,
    time,
    requestId: ctx.requestId,
    requester: ctx.accountId,
    principal: callerPrincipalId(ctx.accountId),
    sourceIp: sourceIp(ctx),
    storageClass: facts.storageClass,
    restoreExpiry: facts.restoreExpiry,
    traceHeader: ctx.headers.get('x-amzn-trace-id') ?? undefined,
  };
}

/** A write's event, with the size and ETag of the version it created. */
function created(name: S3EventName, key: string | undefined, versionId: string | undefined) {
  return (scope: EmitScope): ObjectEvent[] => {
    if (key === undefined || !scope.wants(name, key)) return [];
    const facts = objectFacts(scope.bucket, key, recordVersionId(versionId));
    return facts === undefined ? [] : [event(scope, name, key, facts)];
  };
}

/** DeleteObject(s): a marker when no version was named and one was made, else a removal. */
function removed(scope: EmitScope, key: string, requested: string | undefined, marker: boolean | undefined, versionId: string | undefined): ObjectEvent[] {
  const name: S3EventName = requested === undefined && marker === true ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete';
  return scope.wants(name, key) ? [event(scope, name, key, { versionId: recordVersionId(versionId ?? requested) })] : [];
}

/** Quiet DeleteObjects lists nothing: the keys asked for minus the errors, markers read back from the state. */
function deletedObjects(scope: EmitScope, input: OperationInputs['DeleteObjects'], output: OperationOutputs['DeleteObjects']): ObjectEvent[] {
  if (output.Deleted !== undefined) {
    return output.Deleted.flatMap((d) => (d.Key === undefined ? [] : removed(scope, d.Key, d.VersionId, d.DeleteMarker, d.DeleteMarker === true ? d.DeleteMarkerVersionId : d.VersionId)));
  }
  const failed = new Set((output.Errors ?? []).map((e) => `${e.Key ?? ''}\n${e.VersionId ?? ''}`));
  return input.Delete.Objects.filter((o) => !failed.has(`${o.Key}\n${o.VersionId ?? ''}`)).flatMap((o) => {
    const latest = o.VersionId === undefined ? scope.bucket.objects.getLatest(o.Key) : undefined;
    return removed(scope, o.Key, o.VersionId, latest?.isDeleteMarker, latest?.versionId);
  });
}

/** Tagging and ACL changes name the version they changed; their records carry the ETag but no size. */
function changed(name: S3EventName, key: string, versionId: string | undefined) {
  return (scope: EmitScope): ObjectEvent[] => {
    if (!scope.wants(name, key)) return [];
    const facts = objectFacts(scope.bucket, key, recordVersionId(versionId));
    return facts === undefined ? [] : [event(scope, name, key, facts, false)];
  };
}

/** RestoreObject starts a restore, which completes at once here (src/ops/restore.ts): both events. */
function restored(scope: EmitScope, key: string, versionId: string | undefined): ObjectEvent[] {
  const names = (['ObjectRestore:Post', 'ObjectRestore:Completed'] as const).filter((name) => scope.wants(name, key));
  const facts = names.length === 0 ? undefined : objectFacts(scope.bucket, key, recordVersionId(versionId));
  return facts === undefined ? [] : names.map((name) => event(scope, name, key, facts));
}

const EMITTERS: Emitters = {
  PutObject: (s, i, o) => created('ObjectCreated:Put', i.Key, o.VersionId)(s),
  PostObject: (s, _i, o) => created('ObjectCreated:Post', o.Key, o.VersionId)(s),
  CopyObject: (s, i, o) => created('ObjectCreated:Copy', i.Key, o.VersionId)(s),
  CompleteMultipartUpload: (s, i, o) => created('ObjectCreated:CompleteMultipartUpload', o.Key ?? i.Key, o.VersionId)(s),
  DeleteObject: (s, i, o) => removed(s, i.Key, i.VersionId, o.DeleteMarker, o.VersionId),
  DeleteObjects: deletedObjects,
  PutObjectTagging: (s, i, o) => changed('ObjectTagging:Put', i.Key, o.VersionId ?? i.VersionId)(s),
  DeleteObjectTagging: (s, i, o) => changed('ObjectTagging:Delete', i.Key, o.VersionId ?? i.VersionId)(s),
  PutObjectAcl: (s, i) => changed('ObjectAcl:Put', i.Key, i.VersionId)(s),
  // 200 means an already restored copy got a new expiry: AWS sends no event for it.
  RestoreObject: (s, i, o) => (o.StatusCode === 202 ? restored(s, i.Key, i.VersionId) : []),
};

/** Whether the operation can produce events at all: the first, cheapest check per request. */
export function emitsEvents(operation: OperationName): boolean {
  return EMITTERS[operation] !== undefined;
}

export function eventsFromOperation<K extends OperationName>(
  operation: K, ctx: RequestContext, bucket: Bucket, input: OperationInputs[K], output: OperationOutputs[K],
  wants: (name: S3EventName, key: string) => boolean,
): ObjectEvent[] {
  const emitter = EMITTERS[operation] as Emitter<K> | undefined;
  return emitter === undefined ? [] : emitter({ ctx, bucket, wants }, input, output);
}
