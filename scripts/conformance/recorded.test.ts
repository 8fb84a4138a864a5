import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestCaseResult } from './junit.ts';
import { compareToRecorded, loadRecorded, recordedOf } from './recorded.ts';
import { summarize } from './summary.ts';

const ROOT = join(import.meta.dirname, '../..');
const result = (name: string, outcome: TestCaseResult['outcome']): TestCaseResult => ({
  id: `tests/aws/services/s3/test_s3.py::TestS3::${name}`, file: 'tests/aws/services/s3/test_s3.py', className: 'TestS3',
  name, outcome, seconds: 0.1,
});
const recorded = { commit: 'c', files: ['test_s3.py'], passed: 3, runnable: 4 };

describe('recorded conformance result', () => {
  it('passes a run whose rate equals or beats the recorded one, whatever the counts', () => {
    const same = summarize([result('a', 'passed'), result('b', 'passed'), result('c', 'passed'), result('d', 'failed')], []);
    expect(compareToRecorded(same, recorded).ok).toBe(true);
    const better = summarize([result('a', 'passed'), result('b', 'skipped')], []);
    expect(compareToRecorded(better, recorded)).toMatchObject({ ok: true, message: expect.stringContaining('1/1 (100.0%)') });
  });

  it('fails a run whose rate is below the recorded one and says both rates', () => {
    const worse = summarize([result('a', 'passed'), result('b', 'failed')], []);
    expect(compareToRecorded(worse, recorded)).toEqual({
      ok: false, message: 'pass rate dropped: 1/2 (50.0%) against the recorded 3/4 (75.0%)',
    });
  });

  it('records what --report writes and reads it back', () => {
    const s = summarize([result('a', 'passed'), result('b', 'errored'), result('c', 'skipped')], []);
    expect(recordedOf(s, { commit: 'c', files: ['test_s3.py'] })).toEqual({ commit: 'c', files: ['test_s3.py'], passed: 1, runnable: 2 });
    expect(loadRecorded(join(ROOT, 'test/conformance/recorded.json')).runnable).toBeGreaterThan(0);
  });

  it('CI checks out the localstack/localstack commit the runner and the record name', () => {
    const main = readFileSync(join(ROOT, 'scripts/conformance/main.ts'), 'utf8');
    const sha = /PINNED_COMMIT = '([0-9a-f]{40})'/.exec(main)?.[1];
    expect(sha).toBeDefined();
    expect(loadRecorded(join(ROOT, 'test/conformance/recorded.json')).commit).toBe(sha);
    expect(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')).toContain(`ref: ${sha}`);
  });
});
