/** Conformance results -> counts per file/class/feature area, failures grouped by signature, markdown. */
import { isImplemented } from '../../src/ops/registry.ts';
import { OPERATIONS } from '../../src/protocol/generated/model.ts';
import type { OperationName } from '../../src/protocol/generated/types.ts';
import type { Exclusion } from './exclusions.ts';
import type { Outcome, TestCaseResult } from './junit.ts';

export interface Counts {
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export interface Summary {
  readonly totals: Counts;
  /** Passed over runnable (passed + failed + errored); skipped and excluded tests are not runnable. */
  readonly passRate: number;
  readonly files: Record<string, Counts>;
  readonly classes: Record<string, Counts>;
  readonly areas: Record<string, Counts>;
  readonly failureGroups: { signature: string; count: number; examples: string[] }[];
  readonly excluded: { id: string; reason: string }[];
}

/** Feature areas by test class or name, first match wins. */
const AREAS: readonly [string, RegExp][] = [
  ['CORS', /cors/i],
  ['Presigned URLs and POST uploads', /presign|post_object|PresignedPost/i],
  ['Static website hosting', /website|routing_rule/i],
  ['Lifecycle', /lifecycle|expiration/i],
  ['Object Lock', /lock|retention|legal_hold/i],
  ['Server-side encryption (SSE-C, KMS, defaults)', /sse|encrypt/i],
  ['Multipart uploads', /multipart|upload_part|list_parts/i],
  ['Checksums and Content-MD5', /checksum|md5|crc/i],
  ['Versioning', /version/i],
  ['Preconditions and conditional writes', /precondition|if_match|if_none_match|if_modified|if_unmodified/i],
  ['Listing', /list/i],
  ['ACLs', /acl/i],
  ['Tagging', /tag/i],
  ['CopyObject', /copy/i],
  ['Object attributes', /attributes|attrs/i],
  ['Bucket configuration', /policy|ownership|public_access|metrics|analytics|inventory|intelligent|logging|notification|replication|accelerate|request_pay/i],
];

const zero = (): Counts => ({ passed: 0, failed: 0, errored: 0, skipped: 0 });

function bump(map: Record<string, Counts>, key: string, outcome: Outcome): void {
  const c = (map[key] ??= zero());
  c[outcome === 'passed' ? 'passed' : outcome === 'failed' ? 'failed' : outcome === 'errored' ? 'errored' : 'skipped'] += 1;
}

export function areaOf(test: Pick<TestCaseResult, 'className' | 'name'>): string {
  const text = `${test.className} ${test.name}`;
  return AREAS.find(([, re]) => re.test(text))?.[0] ?? 'Core object and bucket operations';
}

/** The first line of a failure, with ids, names and numbers blanked so that alike failures group. */
export function signatureOf(message: string | undefined): string {
  const text = (message ?? 'no message')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/\x1b\[[0-9;]*m/g, '');
  // A snapshot mismatch is best told apart by its first difference line.
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines.find((l) => /^\((\+|-)\)/.test(l)) ?? lines[0] ?? '';
  return first
    .replace(/test-bucket-[0-9a-f]+|bucket-[0-9a-f]{6,}/g, '<bucket>')
    .replace(/[0-9a-f]{16,}/gi, '<hex>')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}

export function summarize(results: readonly TestCaseResult[], exclusions: readonly Exclusion[]): Summary {
  const totals = zero();
  const files: Record<string, Counts> = {};
  const classes: Record<string, Counts> = {};
  const areas: Record<string, Counts> = {};
  const groups = new Map<string, string[]>();
  for (const r of results) {
    bump({ t: totals }, 't', r.outcome);
    bump(files, r.file.split('/').pop() ?? r.file, r.outcome);
    bump(classes, r.className || '(module)', r.outcome);
    bump(areas, areaOf(r), r.outcome);
    if (r.outcome === 'failed' || r.outcome === 'errored') {
      const sig = signatureOf(r.message);
      groups.set(sig, [...(groups.get(sig) ?? []), r.id]);
    }
  }
  const runnable = totals.passed + totals.failed + totals.errored;
  return {
    totals,
    passRate: runnable === 0 ? 0 : totals.passed / runnable,
    files,
    classes,
    areas,
    failureGroups: [...groups].map(([signature, ids]) => ({ signature, count: ids.length, examples: ids.slice(0, 3) }))
      .sort((a, b) => b.count - a.count),
    excluded: exclusions.map((e) => ({ id: e.id, reason: e.reason })),
  };
}

export interface OperationCoverage {
  /** Operations in the generated model (AWS's, plus PostObject from overrides.json). */
  readonly total: number;
  /** Those with no handler in src/ops/registry.ts, sorted: they answer 501 NotImplemented. */
  readonly notImplemented: readonly string[];
}

/** Read from the code rather than the run, so the report names every unhandled operation. */
export function operationCoverage(): OperationCoverage {
  const all = Object.keys(OPERATIONS) as OperationName[];
  return { total: all.length, notImplemented: all.filter((op) => !isImplemented(op)).sort() };
}

function table(title: string, rows: Record<string, Counts>): string {
  const lines = [`| ${title} | passed | failed | errored | skipped |`, '| --- | ---: | ---: | ---: | ---: |'];
  for (const [k, c] of Object.entries(rows).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${k} | ${c.passed} | ${c.failed} | ${c.errored} | ${c.skipped} |`);
  }
  return lines.join('\n');
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Passing over runnable per feature area, largest areas first. */
function areaTable(s: Summary): string {
  const lines = Object.entries(s.areas)
    .sort(([, a], [, b]) => b.passed + b.failed + b.errored - (a.passed + a.failed + a.errored))
    .map(([area, c]) => {
      const n = c.passed + c.failed + c.errored;
      return `| ${area} | ${c.passed}/${n} | ${n === 0 ? '-' : pct(c.passed / n)} |`;
    });
  return ['| area | passing | rate |', '| --- | ---: | ---: |', ...lines].join('\n');
}

export function renderSummary(s: Summary): string {
  const t = s.totals;
  const runnable = t.passed + t.failed + t.errored;
  return [
    `# Conformance: ${t.passed}/${runnable} runnable tests pass (${pct(s.passRate)})`,
    '',
    `passed ${t.passed}, failed ${t.failed}, errored ${t.errored}, skipped ${t.skipped}; excluded ${s.excluded.length}`,
    '', areaTable(s), '', table('file', s.files), '', table('class', s.classes), '',
    '## Failures by signature', '',
    ...s.failureGroups.slice(0, 40).map((g) => `- ${g.count} x \`${g.signature.replace(/`/g, "'")}\` (e.g. ${g.examples[0] ?? ''})`),
    '',
  ].join('\n');
}

export function renderCompatibility(
  s: Summary,
  meta: { commit: string; files: readonly string[]; operations: OperationCoverage },
): string {
  const ops = meta.operations;
  const t = s.totals;
  const runnable = t.passed + t.failed + t.errored;
  return [
    '# Compatibility',
    '',
    '<!-- Generated by `npm run conformance -- --report` from its last run. Do not edit by hand. -->',
    '',
    `LocalStack's own S3 test suite (localstack/localstack@${meta.commit}, snapshots recorded against AWS)`,
    `run against ruststack-s3 with \`npm run conformance\`: **${t.passed} of ${runnable} runnable tests pass`,
    `(${pct(s.passRate)})**; ${t.skipped} were skipped by the suite itself (they need other AWS services`,
    'or AWS-only setups). Tests marked `requires_in_process` patch LocalStack\'s in-process configuration',
    '(signature validation, `LOCALSTACK_HOST`, non-standard regions, CORS): the runner sends those patches',
    'to the server\'s runtime configuration (`ENABLE_CONFIG_UPDATES=1`), so they run and are counted above.',
    '',
    `Files: ${meta.files.join(', ')}.`,
    '',
    '## By feature area', '', areaTable(s), '',
    table('file', s.files), '',
    '## What does not work yet', '',
    ...(s.failureGroups.length === 0
      ? ['Every runnable test of the last run passed.']
      : ['The most common failure signatures of the last run:', '',
        ...s.failureGroups.slice(0, 25).map((g) => `- ${g.count} x \`${g.signature.replace(/`/g, "'")}\``)]),
    '',
    '## Operations that answer NotImplemented', '',
    `${ops.notImplemented.length} of the model's ${ops.total} operations have no handler and answer 501 NotImplemented:`,
    '',
    ...(ops.notImplemented.length === 0 ? ['None.'] : ops.notImplemented.map((op) => `- \`${op}\``)),
    '',
    '## Excluded tests', '',
    ...(s.excluded.length === 0 ? ['None.'] : s.excluded.map((e) => `- \`${e.id}\`: ${e.reason}`)),
    '',
    '## Known limitations', '',
    '- Multipart parts stored on disk are joined into one file at CompleteMultipartUpload (one',
    '  sequential copy), so the Complete of a large upload takes as long as copying it once.',
    '- A CompleteMultipartUpload retried after it succeeded answers 200 with the first result while the',
    '  object it made is the key\'s current version and the retry lists the same parts, as AWS does.',
    '  A retry with another part list, or after the key was overwritten or deleted, answers 404',
    '  NoSuchUpload: AWS\'s answer to those is not recorded anywhere we could find.',
    '- Limits the HTTP front enforces: a request header section over 8 KiB answers 400',
    '  RequestHeaderSectionTooLarge (AWS\'s documented limit); a head not complete within 20 s, or a body',
    '  bringing less than 16 KiB in 20 s while the server reads it, answers 400 RequestTimeout and the',
    '  connection closes; a connection that sends nothing for 20 s is closed; connections beyond 4,096',
    '  answer 503 SlowDown. HTTP/1.1 only (no HTTP/2).',
    '- XML/JSON request bodies are capped per operation at the sizes AWS answers MaxMessageLengthExceeded',
    '  for (src/protocol/overrides.json `maxPayloadBytes`); operations whose AWS limit is not recorded',
    '  (PutObjectTagging, PutObjectAcl, PutBucketPolicy, ...) get 2 MiB, AWS\'s most common value.',
    '- A bucket policy over 20 KB, counted without whitespace (the parsed JSON written back compactly),',
    '  answers MalformedPolicy "Policy exceeds the maximum allowed document size." AWS\'s exact',
    '  normalisation and its error for this case are not recorded; the text is MinIO\'s.',
    '- A stored value that no header can carry as it is (CR, LF or NUL in a PostObject form field, a',
    '  lifecycle rule ID, a KMS key id or a CORS ExposeHeader) goes out with those characters as spaces;',
    '  metadata whose name is no header name (a form field `x-amz-meta-a b`) is kept but not sent.',
    '- Replication copies only to buckets on this server: a destination elsewhere leaves the source',
    '  version FAILED. Later tag, ACL and retention changes of a source version do not reach its',
    '  replicas; replica modification sync, Replication Time Control and metrics (beyond the failure',
    '  event), Batch Replication and ExistingObjectReplication are not carried out.',
    '',
  ].join('\n');
}
