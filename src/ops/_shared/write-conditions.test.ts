import { describe, expect, it } from 'vitest';
import { caught } from '../../../test/helpers/thrown.ts';
import { version } from '../../lifecycle/version.test-helper.ts';
import { S3Error } from '../../protocol/s3-error.ts';
import { newBucket, type Bucket } from '../../state/bucket.ts';
import type { S3Object } from '../../state/object.ts';
import { ObjectIndex } from '../../state/object-index.ts';
import { assertWriteConditionForm, assertWriteConditions } from './write-conditions.ts';

/** 'ok', or the error's code, status and the field naming the condition or header. */
function verdict(run: () => void): string {
  const e = caught(S3Error, run);
  if (e === undefined) return 'ok';
  return `${e.code} ${e.status} ${String(e.fields.Condition ?? e.fields.Header ?? e.fields.Key ?? '')}`.trim();
}

describe('assertWriteConditionForm (before the body is read)', () => {
  const rows: Array<[ifMatch: string | undefined, ifNoneMatch: string | undefined, expected: string]> = [
    [undefined, undefined, 'ok'],
    [undefined, '*', 'ok'],
    ['"abc"', undefined, 'ok'],
    ['"abc"', '*', 'NotImplemented 501 If-Match,If-None-Match'],
    [undefined, '"abc"', 'NotImplemented 501 If-None-Match'],
    [undefined, '', 'NotImplemented 501 If-None-Match'],
    ['*', undefined, 'NotImplemented 501 If-Match'],
  ];
  for (const [ifMatch, ifNoneMatch, expected] of rows) {
    it(`If-Match ${ifMatch ?? '-'}, If-None-Match ${ifNoneMatch ?? '-'}: ${expected}`, () => {
      expect(verdict(() => assertWriteConditionForm(ifMatch, ifNoneMatch))).toBe(expected);
    });
  }
});

describe('assertWriteConditions (at commit)', () => {
  const live = version({ key: 'k', etag: '"e1"' });
  const marker = version({ key: 'k', isDeleteMarker: true, versionId: 'dm' });

  /** A bucket whose key `k` has `latest` as its latest version (none when undefined). */
  function bucketWith(latest: S3Object | undefined): Bucket {
    const objects = new ObjectIndex<S3Object>({ isDeleteMarker: (o) => o.isDeleteMarker, versionId: (o) => o.versionId });
    if (latest !== undefined) objects.putVersion('k', latest);
    const bucket = newBucket({
      name: 'b', ownerAccountId: '000000000000', region: 'us-east-1', creationDate: new Date(0), configs: {},
      versioning: undefined, mfaDelete: undefined, objectLockEnabled: false,
    });
    return { ...bucket, objects };
  }

  const rows: Array<[what: string, latest: S3Object | undefined, ifMatch: string | undefined, ifNoneMatch: string | undefined, expected: string]> = [
    ['no condition', live, undefined, undefined, 'ok'],
    ['If-None-Match * on a new key', undefined, undefined, '*', 'ok'],
    ['If-None-Match * over a delete marker', marker, undefined, '*', 'ok'],
    ['If-None-Match * on an existing key', live, undefined, '*', 'PreconditionFailed 412 If-None-Match'],
    ['If-Match of the current ETag', live, '"e1"', undefined, 'ok'],
    ['If-Match of the current ETag, unquoted', live, 'e1', undefined, 'ok'],
    ['If-Match among a list holding the current ETag', live, '"x", "e1"', undefined, 'ok'],
    ['If-Match of another ETag', live, '"e2"', undefined, 'PreconditionFailed 412 If-Match'],
    ['If-Match on a missing key', undefined, '"e1"', undefined, 'NoSuchKey 404 k'],
    ['If-Match over a delete marker', marker, '"e1"', undefined, 'NoSuchKey 404 k'],
  ];
  for (const [what, latest, ifMatch, ifNoneMatch, expected] of rows) {
    it(`${what}: ${expected}`, () => {
      expect(verdict(() => assertWriteConditions(bucketWith(latest), 'k', ifMatch, ifNoneMatch))).toBe(expected);
    });
  }

  it('answers 409 ConditionalRequestConflict when another write changed the key since the request began', () => {
    const now = bucketWith(live);
    expect(verdict(() => assertWriteConditions(now, 'k', undefined, '*', null))).toBe('ConditionalRequestConflict 409 If-None-Match');
    expect(verdict(() => assertWriteConditions(now, 'k', '"e1"', undefined, version({ key: 'k' })))).toBe('ConditionalRequestConflict 409 If-Match');
    // The same version as at the start: the condition itself decides.
    expect(verdict(() => assertWriteConditions(now, 'k', '"e1"', undefined, live))).toBe('ok');
    expect(verdict(() => assertWriteConditions(bucketWith(undefined), 'k', undefined, '*', null))).toBe('ok');
    // Without a condition nothing is compared.
    expect(verdict(() => assertWriteConditions(now, 'k', undefined, undefined, null))).toBe('ok');
  });
});
