/**
 * Carries out one queued replication: the version is copied to each destination through the
 * MetadataStore (so a persistent store writes it), sharing the source's bytes, and the source
 * version records the outcome. Replicas are written here, not through writeVersion: they keep
 * their source's version id and are never replicated again.
 */
import type { Bucket } from '../state/bucket.ts';
import type { MetadataStore } from '../state/metadata-store.ts';
import type { ReplicationState, S3Object } from '../state/object.ts';
import type { BlobStore } from '../storage/types.ts';
import { destinationProblem, replicaChanges, replicaOf, type ReplicationProblem } from './replica.ts';
import { replicationTargets, type ReplicationTarget } from './rules.ts';

export interface ReplicationDeps {
  readonly state: MetadataStore;
  readonly blobs: Pick<BlobStore, 'concat' | 'release'>;
}

/** A version waiting to be replicated, named rather than held: it may be gone when its turn comes. */
export interface ReplicationJob {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
}

export interface ReplicationOutcome {
  readonly source: Bucket;
  readonly version: S3Object;
  readonly status: Extract<ReplicationState, 'COMPLETED' | 'FAILED'>;
  /** Why destinations were not written (empty when COMPLETED). */
  readonly problems: readonly TargetProblem[];
}

/** A problem with one destination (none when no rule matches any more). */
export interface TargetProblem extends ReplicationProblem {
  readonly target?: ReplicationTarget;
}

/** The source version if it still exists and still waits. */
export function pendingVersion(state: MetadataStore, job: ReplicationJob): { source: Bucket; version: S3Object } | undefined {
  const source = state.getBucket(job.bucket);
  const version = source?.objects.getVersion(job.key, job.versionId);
  if (source === undefined || version === undefined || version.replication !== 'PENDING') return undefined;
  return { source, version };
}

/** Records the outcome on the source version, unless it (or its bucket) went meanwhile. */
export function recordStatus(state: MetadataStore, source: Bucket, version: S3Object, status: ReplicationState): void {
  if (state.getBucket(source.name) !== source || source.objects.getVersion(version.key, version.versionId) !== version) return;
  state.updateVersion(source, version, { replication: status });
}

/** undefined once the replica is in place and matches its source; else why not. */
async function copyTo(deps: ReplicationDeps, source: Bucket, version: S3Object, target: ReplicationTarget): Promise<ReplicationProblem | undefined> {
  const dest = deps.state.getBucket(target.bucket);
  const problem = destinationProblem(source, dest, target);
  if (problem !== undefined || dest === undefined) return problem;
  const existing = dest.objects.getVersion(version.key, version.versionId);
  if (existing !== undefined) {
    // Queued again by a change to the source's tags, ACL or Object Lock settings (changeVersion).
    const changes = replicaChanges(version, target, existing);
    if (changes !== undefined) deps.state.updateVersion(dest, existing, changes);
    return undefined;
  }
  const blob = version.blob === undefined ? undefined : await deps.blobs.concat([version.blob]);
  if (deps.state.getBucket(target.bucket) !== dest) {
    if (blob !== undefined) deps.blobs.release(blob);
    return { reason: 'DstBucketNotFound', detail: `destination bucket ${target.bucket} was deleted during the copy` };
  }
  let replaced: S3Object | undefined;
  try {
    replaced = deps.state.putVersion(dest, replicaOf(version, target, dest, blob));
  } catch (e) {
    if (blob !== undefined) deps.blobs.release(blob);
    throw e;
  }
  if (replaced?.blob !== undefined) deps.blobs.release(replaced.blob);
  return undefined;
}

/** Replicates one version to every destination its rules name; undefined when there was nothing to do. */
export async function replicate(deps: ReplicationDeps, job: ReplicationJob): Promise<ReplicationOutcome | undefined> {
  const found = pendingVersion(deps.state, job);
  if (found === undefined) return undefined;
  const { source, version } = found;
  const targets = replicationTargets(source.configs.replication, version);
  const problems: TargetProblem[] = targets.length === 0
    ? [{ reason: 'SrcObjectNotEligible', detail: 'no enabled replication rule matches it any more' }]
    : [];
  for (const target of targets) {
    const problem = await copyTo(deps, source, version, target);
    if (problem !== undefined) problems.push({ ...problem, target });
  }
  const status = problems.length === 0 ? 'COMPLETED' : 'FAILED';
  recordStatus(deps.state, source, version, status);
  return { source, version, status, problems };
}
