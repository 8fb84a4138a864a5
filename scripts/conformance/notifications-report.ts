/**
 * The notification tests' results in docs/COMPATIBILITY.md. `--notifications --report` replaces a
 * block of its own there and the S3 suite's `--report` carries that block over unchanged: the two
 * runs need different servers (moto beside ours), and neither has the other's results.
 * Failures that moto, standing in for SQS, SNS and EventBridge, causes are listed with their reason
 * in test/conformance/notifications-moto.txt (the exclusion file's format) and still count as failures.
 */
import type { Exclusion } from './exclusions.ts';
import type { TestCaseResult } from './junit.ts';
import { signatureOf } from './summary.ts';

export const NOTIFICATIONS_BEGIN = '<!-- notifications: written by `npm run conformance -- --notifications --report`; the S3 suite\'s --report keeps it -->';
export const NOTIFICATIONS_END = '<!-- notifications:end -->';
/** Where the block goes in a report that has none yet. */
const BEFORE_HEADING = '## Operations that answer NotImplemented';

const pct = (passed: number, runnable: number): string => `${runnable === 0 ? '0.0' : ((passed / runnable) * 100).toFixed(1)}%`;

function countOf(results: readonly TestCaseResult[], outcome: TestCaseResult['outcome']): number {
  return results.filter((r) => r.outcome === outcome).length;
}

function fileTable(results: readonly TestCaseResult[]): string {
  const files = [...new Set(results.map((r) => r.file.split('/').pop() ?? r.file))].sort();
  const rows = files.map((f) => {
    const mine = results.filter((r) => (r.file.split('/').pop() ?? r.file) === f);
    return `| ${f} | ${countOf(mine, 'passed')} | ${countOf(mine, 'failed')} | ${countOf(mine, 'errored')} | ${countOf(mine, 'skipped')} |`;
  });
  return ['| file | passed | failed | errored | skipped |', '| --- | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

export function renderNotifications(results: readonly TestCaseResult[], moto: readonly Exclusion[], meta: { commit: string }): string {
  const passed = countOf(results, 'passed');
  const failing = results.filter((r) => r.outcome === 'failed' || r.outcome === 'errored');
  const runnable = passed + failing.length;
  const motoOf = (r: TestCaseResult): Exclusion | undefined => moto.find((m) => r.id.startsWith(m.id));
  const ours = failing.filter((r) => motoOf(r) === undefined);
  return [
    NOTIFICATIONS_BEGIN,
    '## Event notifications',
    '',
    `LocalStack's notification tests (localstack/localstack@${meta.commit}: test_s3_notifications_sqs.py, _sns.py and`,
    '_eventbridge.py), run with `npm run conformance -- --notifications`: our server delivers to moto\'s server, which',
    `plays SQS, SNS and EventBridge for the suite too: **${passed} of ${runnable} runnable tests pass`,
    `(${pct(passed, runnable)})**; ${countOf(results, 'skipped')} skipped by the suite itself; of the ${failing.length} failing,`,
    `${failing.length - ours.length} fail on moto's side (listed with the reason in test/conformance/notifications-moto.txt).`,
    '',
    fileTable(results),
    '',
    ...(failing.length === 0 ? ['Every runnable notification test passed.'] : failing.map((r) => {
      const m = motoOf(r);
      return `- \`${r.className.split('.').pop() ?? ''}::${r.name}\`: ${m !== undefined ? `moto: ${m.reason}` : `\`${signatureOf(r.message).replace(/`/g, "'")}\``}`;
    })),
    NOTIFICATIONS_END,
  ].join('\n');
}

/** The report's notification block, if it has one. */
export function notificationsBlockOf(doc: string): string | undefined {
  const begin = doc.indexOf(NOTIFICATIONS_BEGIN);
  const end = doc.indexOf(NOTIFICATIONS_END);
  return begin === -1 || end < begin ? undefined : doc.slice(begin, end + NOTIFICATIONS_END.length);
}

/** The report with `block` in place of its notification block (or before the operations list). */
export function withNotifications(doc: string, block: string): string {
  const old = notificationsBlockOf(doc);
  if (old !== undefined) return doc.replace(old, () => block);
  const at = doc.indexOf(BEFORE_HEADING);
  return at === -1 ? `${doc.trimEnd()}\n\n${block}\n` : `${doc.slice(0, at)}${block}\n\n${doc.slice(at)}`;
}
