import { describe, expect, it } from 'vitest';
import { parseExclusions } from './exclusions.ts';
import type { TestCaseResult } from './junit.ts';
import { OPERATIONS } from '../../src/protocol/generated/model.ts';
import { areaOf, operationCoverage, renderCompatibility, signatureOf, summarize } from './summary.ts';

const result = (name: string, outcome: TestCaseResult['outcome'], message?: string): TestCaseResult => ({
  id: `tests/aws/services/s3/test_s3.py::TestS3::${name}`, file: 'tests/aws/services/s3/test_s3.py', className: 'TestS3',
  name, outcome, seconds: 0.1, ...(message !== undefined ? { message } : {}),
});

describe('conformance summary', () => {
  it('counts the pass rate over runnable tests only (skipped ones are not runnable)', () => {
    const s = summarize([result('test_a', 'passed'), result('test_b', 'failed', 'x'), result('test_c', 'skipped')], []);
    expect(s.totals).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 1 });
    expect(s.passRate).toBe(0.5);
  });

  it('groups failures whose messages differ only in ids and numbers', () => {
    const s = summarize([
      result('test_a', 'failed', 'NoSuchBucket test-bucket-1a2b3c4d at 12\nmore'),
      result('test_b', 'failed', 'NoSuchBucket test-bucket-99ffee00 at 7'),
    ], []);
    expect(s.failureGroups).toHaveLength(1);
    expect(s.failureGroups[0]?.count).toBe(2);
    expect(signatureOf('a\nb')).toBe('a');
  });

  it('maps tests to feature areas and renders the compatibility report', () => {
    expect(areaOf({ className: 'TestS3Cors', name: 'test_x' })).toBe('CORS');
    expect(areaOf({ className: 'TestS3', name: 'test_s3_put_object_versioned' })).toBe('Versioning');
    const s = summarize([result('test_a', 'passed')], parseExclusions('tests/aws/x.py::T::t  # needs SQS'));
    const operations = { total: 3, notImplemented: ['SelectObjectContent'] };
    const doc = renderCompatibility(s, { commit: 'abc', files: ['test_s3.py'], operations });
    expect(doc).toContain('**1 of 1 runnable tests pass');
    expect(doc).toContain('`tests/aws/x.py::T::t`: needs SQS');
    expect(doc).toContain("## Operations that answer NotImplemented\n\n1 of the model's 3 operations have no handler"
      + ' and answer 501 NotImplemented:\n\n- `SelectObjectContent`\n');
  });

  it('lists, sorted, the model operations the registry has no handler for', () => {
    const { total, notImplemented } = operationCoverage();
    const model = Object.keys(OPERATIONS);
    expect(total).toBe(model.length);
    expect(notImplemented).toEqual([...notImplemented].sort());
    expect(model).toEqual(expect.arrayContaining([...notImplemented]));
    expect(notImplemented).toEqual(expect.arrayContaining(['SelectObjectContent', 'WriteGetObjectResponse']));
    expect(notImplemented).not.toContain('PutObject');
    expect(notImplemented).not.toContain('PostObject');
  });

  it('refuses exclusion lines without a reason', () => {
    expect(() => parseExclusions('tests/aws/x.py::T::t')).toThrow(/no reason/);
  });
});
