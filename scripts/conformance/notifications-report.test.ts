import { describe, expect, it } from 'vitest';
import { parseExclusions } from './exclusions.ts';
import type { TestCaseResult } from './junit.ts';
import { NOTIFICATIONS_BEGIN, NOTIFICATIONS_END, notificationsBlockOf, renderNotifications, withNotifications } from './notifications-report.ts';

const FILE = 'tests/aws/services/s3/test_s3_notifications_sqs.py';
const result = (name: string, outcome: TestCaseResult['outcome'], message?: string): TestCaseResult => ({
  id: `${FILE}::TestS3NotificationsToSQS::${name}`, file: FILE, className: 'TestS3NotificationsToSQS',
  name, outcome, seconds: 1, ...(message !== undefined ? { message } : {}),
});
const moto = parseExclusions(`${FILE}::TestS3NotificationsToSQS::test_b  # moto drops the attribute\n`);

describe('notification report', () => {
  const block = renderNotifications(
    [result('test_a', 'passed'), result('test_b', 'failed', 'KeyError: x'), result('test_c', 'failed', 'AssertionError: 1 != 2'), result('test_d', 'skipped')],
    moto, { commit: '8b9a79f' },
  );

  it('counts passes over runnable tests and tells moto\'s failures from ours', () => {
    expect(block.startsWith(NOTIFICATIONS_BEGIN) && block.endsWith(NOTIFICATIONS_END)).toBe(true);
    expect(block).toContain('**1 of 3 runnable tests pass\n(33.3%)**; 1 skipped');
    expect(block).toContain('of the 2 failing,\n1 fail on moto\'s side');
    expect(block).toContain('| test_s3_notifications_sqs.py | 1 | 2 | 0 | 1 |');
    expect(block).toContain('- `TestS3NotificationsToSQS::test_b`: moto: moto drops the attribute');
    expect(block).toContain('- `TestS3NotificationsToSQS::test_c`: `AssertionError: N != N`');
  });

  it('goes before the operations list of a report without one, and replaces its own block after', () => {
    const doc = '# Compatibility\n\nintro\n\n## Operations that answer NotImplemented\n\n- `X`\n';
    const first = withNotifications(doc, block);
    expect(first.indexOf(NOTIFICATIONS_BEGIN)).toBeLessThan(first.indexOf('## Operations'));
    expect(notificationsBlockOf(first)).toBe(block);
    const next = withNotifications(first, `${NOTIFICATIONS_BEGIN}\nnew $& text\n${NOTIFICATIONS_END}`);
    expect(next).toContain('new $& text');
    expect(next).not.toContain('test_b');
    expect(next.split(NOTIFICATIONS_BEGIN)).toHaveLength(2);
  });

  it('finds no block in a report without one', () => {
    expect(notificationsBlockOf('# Compatibility\n')).toBeUndefined();
  });
});
