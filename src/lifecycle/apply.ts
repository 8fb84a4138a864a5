/**
 * Carries out what plan.ts decided, through the MetadataStore as the operations do (so a
 * persistent store writes each change), releasing the bytes of what a change removed, and
 * publishing the lifecycle events.
 */
import type { EventNotifier } from '../events/notifier.ts';
import { deleteMarker } from '../ops/_shared/delete-marker.ts';
import { isLocked } from '../ops/_shared/object-lock-rules.ts';
import type { Bucket } from '../state/bucket.ts';
import type { MetadataStore } from '../state/metadata-store.ts';
import type { MultipartUpload } from '../state/multipart.ts';
import type { S3Object } from '../state/object.ts';
import type { BlobStore } from '../storage/types.ts';
import { lifecycleEvent, type LifecycleEventName } from './events.ts';
import type { BucketLifecycle, KeyAction } from './plan.ts';
import { dueAfterDays, ruleMatchesUpload, startOfDay } from './rules.ts';

/** What a pass uses of the app (HandlerDeps fits). */
export interface LifecycleDeps {
  readonly state: MetadataStore;
  readonly blobs: Pick<BlobStore, 'release'>;
  readonly events?: Pick<EventNotifier, 'publish'> | undefined;
}

export interface LifecycleCounts {
  /** Current versions expired: removed (unversioned) or hidden behind a new delete marker. */
  expired: number;
  deleteMarkersCreated: number;
  noncurrentExpired: number;
  /** Expired object delete markers removed. */
  deleteMarkersRemoved: number;
  transitioned: number;
  /** Incomplete multipart uploads aborted. */
  aborted: number;
  /** Noncurrent versions due but kept by Object Lock (retention or legal hold). */
  locked: number;
}

export interface Pass {
  readonly deps: LifecycleDeps;
  readonly now: Date;
  /** AWS dates the delete markers lifecycle creates at 00:00 UTC of the day it runs. */
  readonly markerTime: Date;
  /** One request id names every event of a pass. */
  readonly requestId: string;
  readonly counts: LifecycleCounts;
}

export function newCounts(): LifecycleCounts {
  return { expired: 0, deleteMarkersCreated: 0, noncurrentExpired: 0, deleteMarkersRemoved: 0, transitioned: 0, aborted: 0, locked: 0 };
}

export function newPass(deps: LifecycleDeps, now: Date, requestId: string): Pass {
  return { deps, now, markerTime: new Date(startOfDay(now.getTime())), requestId, counts: newCounts() };
}

function publish(pass: Pass, bucket: Bucket, name: LifecycleEventName, obj: S3Object): void {
  const events = pass.deps.events;
  if (events === undefined || bucket.configs.notification === undefined) return;
  events.publish(bucket, lifecycleEvent(bucket, name, obj, pass.requestId));
}

function removeVersion(pass: Pass, bucket: Bucket, version: S3Object): S3Object | undefined {
  const removed = pass.deps.state.deleteVersion(bucket, version.key, version.versionId);
  if (removed?.blob !== undefined) pass.deps.blobs.release(removed.blob);
  if (removed !== undefined) publish(pass, bucket, 'LifecycleExpiration:Delete', removed);
  return removed;
}

/** Unversioned buckets lose the object; versioned ones get a delete marker (the null one when Suspended). */
function expireCurrent(pass: Pass, bucket: Bucket, version: S3Object): void {
  const { counts, deps } = pass;
  if (bucket.versioning === undefined) {
    if (removeVersion(pass, bucket, version) !== undefined) counts.expired++;
    return;
  }
  const marker = deleteMarker(bucket, version.key, bucket.ownerAccountId, pass.markerTime);
  const replaced = deps.state.putVersion(bucket, marker);
  if (replaced?.blob !== undefined) deps.blobs.release(replaced.blob);
  counts.expired++;
  counts.deleteMarkersCreated++;
  publish(pass, bucket, 'LifecycleExpiration:DeleteMarkerCreated', marker);
}

export function applyAction(pass: Pass, bucket: Bucket, action: KeyAction): void {
  const { counts, deps } = pass;
  const version = action.version;
  switch (action.kind) {
    case 'expire':
      expireCurrent(pass, bucket, version);
      return;
    case 'expire-noncurrent':
      // Lifecycle never removes a version Object Lock protects (object-lock-managing.html).
      if (isLocked(version, false, pass.now)) counts.locked++;
      else if (removeVersion(pass, bucket, version) !== undefined) counts.noncurrentExpired++;
      return;
    case 'remove-marker':
      if (removeVersion(pass, bucket, version) !== undefined) counts.deleteMarkersRemoved++;
      return;
    case 'transition':
      // A restored copy belongs to the old class: the version starts over in its new one.
      deps.state.updateVersion(bucket, version, { storageClass: action.storageClass, restore: undefined });
      counts.transitioned++;
      publish(pass, bucket, 'LifecycleTransition', version);
      return;
  }
}

/** AbortIncompleteMultipartUpload: DaysAfterInitiation, rounded to midnight UTC as expirations are. */
export function uploadDue(lifecycle: BucketLifecycle, upload: MultipartUpload, now: number): boolean {
  return lifecycle.rules.some((rule) => {
    const days = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
    return days !== undefined && ruleMatchesUpload(rule, upload.key) && dueAfterDays(upload.initiated, days) <= now;
  });
}

export function abortUpload(pass: Pass, bucket: Bucket, upload: MultipartUpload): void {
  for (const part of pass.deps.state.deleteUpload(bucket, upload)) pass.deps.blobs.release(part.blob);
  pass.counts.aborted++;
}
