/**
 * Object Lock as writes and deletes meet it: the lock a new version gets, whether a version may be
 * deleted, and S3's Java-style date in retention errors.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
import { S3Error } from '../../protocol/s3-error.ts';
import type { Bucket } from '../../state/bucket.ts';
import type { S3Object } from '../../state/object.ts';

export const LOCK_MODES: ReadonlySet<string> = new Set(['GOVERNANCE', 'COMPLIANCE']);
const LOCKED_MESSAGE = 'Access Denied because object protected by object lock.';

/** Created on first use: loading ICU's time zone data costs several ms at startup. */
let pacific: Intl.DateTimeFormat | undefined;

/** S3 echoes a rejected date the way Java's Date.toString() prints it in Seattle: `Tue Dec 31 16:00:00 PST 2019`. */
export function javaDateString(date: Date): string {
  pacific ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles', weekday: 'short', month: 'short', day: '2-digit', year: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'short',
  });
  const p = Object.fromEntries(pacific.formatToParts(date).map((x) => [x.type, x.value]));
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.weekday} ${p.month} ${p.day} ${hour}:${p.minute}:${p.second} ${p.timeZoneName} ${p.year}`;
}

/** True when this version may not be deleted (legal hold, or retention not bypassed). */
export function isLocked(obj: S3Object, bypassGovernance: boolean, now: Date): boolean {
  if (obj.lock?.legalHold === 'ON') return true;
  if (bypassGovernance && obj.lock?.mode === 'GOVERNANCE') return false;
  return obj.lock?.retainUntil !== undefined && obj.lock.retainUntil > now;
}

export function lockedError(): S3Error {
  return new S3Error('AccessDenied', { message: LOCKED_MESSAGE });
}

export interface LockHeaders {
  ObjectLockMode?: string;
  ObjectLockRetainUntilDate?: Date;
  ObjectLockLegalHoldStatus?: string;
}

/** The lock of a new version: the request's headers, else the bucket's default retention. */
export function lockForWrite(bucket: Bucket, input: LockHeaders, now: Date): S3Object['lock'] {
  const { ObjectLockMode: mode, ObjectLockRetainUntilDate: until, ObjectLockLegalHoldStatus: hold } = input;
  if (mode !== undefined && until === undefined) {
    throw new S3Error('InvalidArgument', { message: 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied', fields: { ArgumentName: 'x-amz-object-lock-retain-until-date' } });
  }
  if (mode === undefined && until !== undefined) {
    throw new S3Error('InvalidArgument', { message: 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied', fields: { ArgumentName: 'x-amz-object-lock-mode' } });
  }
  if (mode !== undefined && !LOCK_MODES.has(mode)) {
    throw new S3Error('InvalidArgument', { message: 'Unknown wormMode directive.', fields: { ArgumentName: 'x-amz-object-lock-mode', ArgumentValue: mode } });
  }
  const rule = bucket.configs.objectLock?.Rule?.DefaultRetention;
  if (mode === undefined && rule?.Mode !== undefined) {
    const retainUntil = new Date(now);
    if (rule.Days !== undefined) retainUntil.setUTCDate(retainUntil.getUTCDate() + rule.Days);
    if (rule.Years !== undefined) retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + rule.Years);
    return { mode: rule.Mode, retainUntil, ...(hold !== undefined ? { legalHold: hold } : {}) };
  }
  if (mode === undefined && hold === undefined) return undefined;
  return { ...(mode !== undefined ? { mode } : {}), ...(until !== undefined ? { retainUntil: until } : {}), ...(hold !== undefined ? { legalHold: hold } : {}) };
}
