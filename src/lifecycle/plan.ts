/**
 * What one lifecycle pass does to one key, decided from its versions as they are (pure): the
 * current version expires or transitions, noncurrent versions expire or transition, an expired
 * object delete marker goes. Actions are not chained within a pass: a version this pass makes
 * noncurrent counts its NoncurrentDays from the marker's creation, as on AWS's next daily run.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
 */
import type { LifecycleRule } from '../protocol/generated/types.ts';
import type { S3Object } from '../state/object.ts';
import { currentExpiryMs, dueAfterDays, hasSizeFilter, ruleMatches } from './rules.ts';

export type KeyAction =
  /** Unversioned: the object goes; versioned: a delete marker becomes current. */
  | { readonly kind: 'expire'; readonly version: S3Object }
  | { readonly kind: 'expire-noncurrent'; readonly version: S3Object }
  /** A delete marker with no other version left (ExpiredObjectDeleteMarker, or old enough for Days/Date). */
  | { readonly kind: 'remove-marker'; readonly version: S3Object }
  | { readonly kind: 'transition'; readonly version: S3Object; readonly storageClass: string };

export interface BucketLifecycle {
  readonly rules: readonly LifecycleRule[];
  readonly transitionDefaultMinimumObjectSize: string;
}

/** AWS's transition waterfall: a version only moves down it (lifecycle-transition-general-considerations.html). */
const CLASS_RANK: Readonly<Record<string, number>> = {
  STANDARD: 0, REDUCED_REDUNDANCY: 0, STANDARD_IA: 1, INTELLIGENT_TIERING: 2, ONEZONE_IA: 3, GLACIER_IR: 4, GLACIER: 5, DEEP_ARCHIVE: 6,
};
const MIN_TRANSITION_SIZE = 128 * 1024;
const SMALL_OBJECT_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

function rankOf(storageClass: string): number {
  return CLASS_RANK[storageClass] ?? 0;
}

/** Objects under 128 KB stay unless the rule filters by size or the bucket lets them into Glacier classes. */
function sizeAllows(rule: LifecycleRule, obj: S3Object, target: string, lifecycle: BucketLifecycle): boolean {
  if (obj.size >= MIN_TRANSITION_SIZE || hasSizeFilter(rule)) return true;
  return lifecycle.transitionDefaultMinimumObjectSize === 'varies_by_storage_class' && SMALL_OBJECT_CLASSES.has(target);
}

/** The deepest class among due transitions that moves `obj` down the waterfall. */
function deeper(best: string | undefined, obj: S3Object, target: string | undefined): string | undefined {
  if (target === undefined || rankOf(target) <= rankOf(obj.storageClass)) return best;
  return best === undefined || rankOf(target) > rankOf(best) ? target : best;
}

function currentTransition(lifecycle: BucketLifecycle, obj: S3Object, now: number): string | undefined {
  let best: string | undefined;
  for (const rule of lifecycle.rules) {
    if (rule.Transitions === undefined || !ruleMatches(rule, obj)) continue;
    for (const t of rule.Transitions) {
      const due = t.Days !== undefined ? dueAfterDays(obj.lastModified, t.Days) : t.Date?.getTime();
      if (due === undefined || due > now || t.StorageClass === undefined || !sizeAllows(rule, obj, t.StorageClass, lifecycle)) continue;
      best = deeper(best, obj, t.StorageClass);
    }
  }
  return best;
}

/** `newer`: how many noncurrent versions are newer than this one (NewerNoncurrentVersions keeps that many). */
interface Noncurrent {
  readonly version: S3Object;
  readonly since: Date;
  readonly newer: number;
}

function noncurrentDue(days: number | undefined, keep: number | undefined, nc: Noncurrent, now: number): boolean {
  return dueAfterDays(nc.since, days ?? 0) <= now && nc.newer >= (keep ?? 0);
}

function noncurrentAction(lifecycle: BucketLifecycle, nc: Noncurrent, now: number): KeyAction | undefined {
  let target: string | undefined;
  for (const rule of lifecycle.rules) {
    if (!ruleMatches(rule, nc.version)) continue;
    const nce = rule.NoncurrentVersionExpiration;
    if (nce !== undefined && noncurrentDue(nce.NoncurrentDays, nce.NewerNoncurrentVersions, nc, now)) {
      return { kind: 'expire-noncurrent', version: nc.version };
    }
    if (nc.version.isDeleteMarker) continue;
    for (const t of rule.NoncurrentVersionTransitions ?? []) {
      if (t.StorageClass === undefined || !noncurrentDue(t.NoncurrentDays, t.NewerNoncurrentVersions, nc, now)) continue;
      if (sizeAllows(rule, nc.version, t.StorageClass, lifecycle)) target = deeper(target, nc.version, t.StorageClass);
    }
  }
  return target === undefined ? undefined : { kind: 'transition', version: nc.version, storageClass: target };
}

/** A lone delete marker goes with ExpiredObjectDeleteMarker, or once Days/Date of a matching rule have passed. */
function markerExpired(lifecycle: BucketLifecycle, marker: S3Object, now: number): boolean {
  return lifecycle.rules.some((rule) => {
    const exp = rule.Expiration;
    if (exp === undefined || !ruleMatches(rule, marker)) return false;
    if (exp.ExpiredObjectDeleteMarker === true) return true;
    const due = exp.Days !== undefined ? dueAfterDays(marker.lastModified, exp.Days) : exp.Date?.getTime();
    return due !== undefined && due <= now;
  });
}

function currentAction(lifecycle: BucketLifecycle, chain: readonly S3Object[], now: number): KeyAction | undefined {
  const current = chain[chain.length - 1];
  if (current === undefined) return undefined;
  if (current.isDeleteMarker) {
    return chain.length === 1 && markerExpired(lifecycle, current, now) ? { kind: 'remove-marker', version: current } : undefined;
  }
  // Expiration wins over a transition due the same day (AWS: deletion takes precedence).
  if (currentExpiryMs(lifecycle.rules, current) <= now) return { kind: 'expire', version: current };
  const target = currentTransition(lifecycle, current, now);
  return target === undefined ? undefined : { kind: 'transition', version: current, storageClass: target };
}

/** What most keys get: nothing (shared, so a scan allocates nothing per key). */
const NO_ACTIONS: readonly KeyAction[] = Object.freeze([]);

/** `chain`: the key's versions, OLDEST first (the index's order). `now`: the evaluation time in ms. */
export function planKey(lifecycle: BucketLifecycle, chain: readonly S3Object[], now: number): readonly KeyAction[] {
  let actions: KeyAction[] | undefined;
  const last = chain.length - 1;
  for (let i = 0; i < last; i++) {
    const version = chain[i] as S3Object;
    const action = noncurrentAction(lifecycle, { version, since: (chain[i + 1] as S3Object).lastModified, newer: last - 1 - i }, now);
    if (action !== undefined) (actions ??= []).push(action);
  }
  const current = currentAction(lifecycle, chain, now);
  if (current !== undefined) (actions ??= []).push(current);
  return actions ?? NO_ACTIONS;
}
