/**
 * npm run conformance -- [--binary PATH | --image NAME] [--files a.py,b.py] [--report]
 *                        [--check-recorded] [--keep-server] [--notifications] [pytest args]
 *
 * Runs LocalStack's own S3 test suite (snapshots recorded against AWS) against this server:
 * 1. the suite from LOCALSTACK_SRC (a checkout/export of localstack/localstack; never copied here);
 * 2. a cached Python 3.13 venv with the pinned requirements;
 * 3. our server on 4566 (source, --binary, or a container of --image), waited for on
 *    /_localstack/health;
 * 4. pytest on the S3-only files with our plugin (name resolution, S3-only mode) and the exclusions;
 * 5. the tests that patch LocalStack's in-process configuration (requires_in_process) in the same
 *    pass: the server runs with ENABLE_CONFIG_UPDATES=1 and the plugin sends their patches to
 *    POST /_localstack/config, restoring the server's settings after each test;
 * 6. JUnit XML + summary under .cache/conformance/last-run/ (and in the GitHub job
 *    summary when GITHUB_STEP_SUMMARY is set); with --report docs/COMPATIBILITY.md and
 *    test/conformance/recorded.json; with --check-recorded exit 1 when the pass rate is below the
 *    recorded one;
 * 7. the server stopped, whatever happened.
 *
 * --notifications runs LocalStack's notification tests (SQS, SNS, EventBridge) instead: moto's server
 * (from the client-test venv) plays those services, our server delivers to it (S3_EVENTS_ENDPOINT)
 * and the plugin points the suite's clients for them at it; with --report it writes the notification
 * block of docs/COMPATIBILITY.md (scripts/conformance/notifications-report.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadExclusions, type Exclusion } from './exclusions.ts';
import { parseJUnit, type TestCaseResult } from './junit.ts';
import { runProcess } from './run-process.ts';
import { compareToRecorded, loadRecorded, recordedOf } from './recorded.ts';
import { startServer, type ServerSource } from './server.ts';
import { operationCoverage, renderCompatibility, renderSummary, summarize, type Summary } from './summary.ts';
import { notificationsBlockOf, renderNotifications, withNotifications } from './notifications-report.ts';
import { startMoto, type Moto } from '../../test/events/moto.ts';

const ROOT = resolve(import.meta.dir, '../..');
/** localstack/localstack's commit; .github/workflows/ci.yml checks out the same one. */
export const PINNED_COMMIT = '8b9a79f05846835cf4dff63ab7eefdde9df83783';
const S3_DIR = 'tests/aws/services/s3';
const NOTIFICATION_FILES = ['test_s3_notifications_sqs.py', 'test_s3_notifications_sns.py', 'test_s3_notifications_eventbridge.py'];
const DEFAULT_FILES = ['test_s3.py', 'test_s3_api.py', 'test_s3_list_operations.py', 'test_s3_cors.py', 'test_s3_concurrency.py', 'test_s3_preconditions.py'];
const OUT_DIR = join(ROOT, '.cache/conformance/last-run');
const RECORDED = join(ROOT, 'test/conformance/recorded.json');

interface Options {
  server: ServerSource;
  files: string[];
  report: boolean;
  checkRecorded: boolean;
  keepServer: boolean;
  notifications: boolean;
  pytestArgs: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = {
    server: { kind: 'source' }, files: DEFAULT_FILES, report: false, checkRecorded: false, keepServer: false, notifications: false, pytestArgs: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--binary') opts.server = { kind: 'binary', path: resolve(argv[++i] ?? '') };
    else if (a === '--image') opts.server = { kind: 'image', name: argv[++i] ?? '' };
    else if (a === '--files') opts.files = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--report') opts.report = true;
    else if (a === '--check-recorded') opts.checkRecorded = true;
    else if (a === '--keep-server') opts.keepServer = true;
    else if (a === '--no-signature-pass') fail('there is no signature pass any more: those tests run in the main pass');
    else if (a === '--notifications') opts.notifications = true;
    else opts.pytestArgs.push(a);
  }
  return opts;
}

function fail(message: string): never {
  console.error(`conformance: ${message}`);
  process.exit(2);
}

/** LOCALSTACK_SRC, or a clone at the pinned commit where the network allows it. */
function localstackSource(): string {
  const given = process.env.LOCALSTACK_SRC;
  if (given !== undefined && given !== '') {
    if (!existsSync(join(given, S3_DIR))) fail(`LOCALSTACK_SRC=${given} has no ${S3_DIR}`);
    return resolve(given);
  }
  const target = join(ROOT, '.cache/conformance/localstack');
  if (existsSync(join(target, S3_DIR))) return target;
  console.log(`LOCALSTACK_SRC is not set: cloning localstack/localstack at ${PINNED_COMMIT.slice(0, 7)}...`);
  const clone = spawnSync('git', ['clone', '--quiet', 'https://github.com/localstack/localstack.git', target], { stdio: 'inherit', timeout: 600_000 });
  const checkout = clone.status === 0 ? spawnSync('git', ['-C', target, 'checkout', '--quiet', PINNED_COMMIT], { stdio: 'inherit' }) : clone;
  if (checkout.status !== 0) {
    fail('could not clone localstack/localstack; set LOCALSTACK_SRC to a checkout or `git archive` export of it');
  }
  return target;
}

function findPython313(): string {
  const candidates = ['python3.13', ...['3.13', '3.13.0', '3.13.1', '3.13.2'].map((v) => `/root/.pyenv/versions/${v}/bin/python3.13`)];
  const pyenv = spawnSync('pyenv', ['prefix', '3.13'], { encoding: 'utf8' });
  if (pyenv.status === 0) candidates.push(join(pyenv.stdout.trim(), 'bin/python3.13'));
  for (const c of candidates) {
    if (spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0) return c;
  }
  return fail('Python 3.13 is needed to collect LocalStack\'s suite (python3.13 on PATH or through pyenv)');
}

/** A venv keyed by the requirements' hash, created once and reused. */
function venvPython(): string {
  const requirements = join(import.meta.dir, 'requirements.txt');
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 12);
  const venv = join(ROOT, `.cache/conformance-venv-${hash}`);
  const python = join(venv, 'bin/python');
  if (existsSync(join(venv, '.complete'))) return python;
  console.log(`creating ${venv} (one time)...`);
  const steps: [string, string[]][] = [
    [findPython313(), ['-m', 'venv', venv]],
    [python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]],
  ];
  for (const [cmd, args] of steps) {
    if (spawnSync(cmd, args, { stdio: 'inherit' }).status !== 0) fail(`${cmd} ${args.join(' ')} failed`);
  }
  writeFileSync(join(venv, '.complete'), hash);
  return python;
}

interface Pass {
  readonly name: string;
  /** The server's extra environment. */
  readonly serverEnv: Record<string, string>;
  /** pytest's extra environment (read by the plugin). */
  readonly pytestEnv: Record<string, string>;
  readonly marker?: string;
}

/** One pass: the suite's in-process config patches go to the server's runtime configuration. */
const MAIN_PASS: Pass = { name: 'junit', serverEnv: { ENABLE_CONFIG_UPDATES: '1' }, pytestEnv: { RUSTSTACK_CONFIG_UPDATES: '1' } };

function pytestArgs(src: string, opts: Options, exclusions: readonly Exclusion[], pass: Pass): string[] {
  return [
    '-m', 'pytest', '-p', 'ruststack_conformance', '-p', 'no:cacheprovider', '-p', 'no:randomly',
    ...(pass.marker !== undefined ? ['-m', pass.marker] : []),
    '-o', 'junit_family=xunit1', '-o', 'log_level=WARNING', '-q', '-rN',
    `--junitxml=${join(OUT_DIR, `${pass.name}.xml`)}`,
    ...exclusions.flatMap((e) => ['--deselect', e.id]),
    ...opts.files.map((f) => join(src, S3_DIR, f)),
    ...opts.pytestArgs,
  ];
}

const COMPATIBILITY = join(ROOT, 'docs/COMPATIBILITY.md');
const NOTIFICATIONS_MOTO = join(ROOT, 'test/conformance/notifications-moto.txt');

/** --notifications --report: the notification block of docs/COMPATIBILITY.md, the rest left as it is. */
function reportNotifications(results: readonly TestCaseResult[]): void {
  const block = renderNotifications(results, loadExclusions(NOTIFICATIONS_MOTO), { commit: PINNED_COMMIT.slice(0, 7) });
  writeFileSync(COMPATIBILITY, withNotifications(existsSync(COMPATIBILITY) ? readFileSync(COMPATIBILITY, 'utf8') : '# Compatibility\n', block));
  console.log('wrote the notification block of docs/COMPATIBILITY.md');
}

/** Writes the reports; false when --check-recorded finds the pass rate below the recorded one. */
function report(summary: Summary, opts: Options): boolean {
  writeFileSync(join(OUT_DIR, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const markdown = renderSummary(summary);
  writeFileSync(join(OUT_DIR, 'summary.md'), markdown);
  console.log(markdown);
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  if (stepSummary !== undefined && stepSummary !== '') appendFileSync(stepSummary, markdown);
  const meta = { commit: PINNED_COMMIT, files: opts.files };
  if (opts.report) {
    const rendered = renderCompatibility(summary, { ...meta, commit: PINNED_COMMIT.slice(0, 7), operations: operationCoverage() });
    // The notification tests' block comes from their own run (--notifications --report): kept as it is.
    const kept = existsSync(COMPATIBILITY) ? notificationsBlockOf(readFileSync(COMPATIBILITY, 'utf8')) : undefined;
    writeFileSync(COMPATIBILITY, kept === undefined ? rendered : withNotifications(rendered, kept));
    writeFileSync(RECORDED, `${JSON.stringify(recordedOf(summary, meta), null, 2)}\n`);
    console.log('wrote docs/COMPATIBILITY.md and test/conformance/recorded.json');
  }
  if (!opts.checkRecorded) return true;
  const verdict = compareToRecorded(summary, loadRecorded(RECORDED));
  console.log(`conformance: ${verdict.message}`);
  if (stepSummary !== undefined && stepSummary !== '') appendFileSync(stepSummary, `\n**${verdict.message}**\n`);
  return verdict.ok;
}

/** Notification mode: one pass, our server delivering to moto, the suite's SQS/SNS/EventBridge clients on moto. */
function notificationPass(moto: Moto): Pass {
  return {
    name: 'junit-notifications', marker: 'not requires_in_process',
    serverEnv: { S3_EVENTS_ENDPOINT: moto.endpoint }, pytestEnv: { RUSTSTACK_EVENTS_ENDPOINT: moto.endpoint },
  };
}

async function runPasses(src: string, python: string, opts: Options, exclusions: readonly Exclusion[], passes: readonly Pass[], results: TestCaseResult[]): Promise<void> {
  for (const pass of passes) {
    const junit = join(OUT_DIR, `${pass.name}.xml`);
    rmSync(junit, { force: true });
    const server = await startServer(opts.server, pass.serverEnv);
    let code = 1;
    try {
      const env = { ...process.env, ...pass.pytestEnv, PYTHONPATH: [join(import.meta.dir, 'plugin'), src].join(':') };
      // Not spawnSync: moto's output must keep being read while pytest runs (run-process.ts).
      const run = await runProcess(python, pytestArgs(src, opts, exclusions, pass), { cwd: src, env });
      writeFileSync(join(OUT_DIR, pass.name === 'junit' ? 'pytest.log' : `pytest-${pass.name}.log`), run.stdout);
      code = run.status ?? 1;
    } finally {
      // --keep-server keeps the last pass's server running.
      if (!opts.keepServer || pass !== passes[passes.length - 1]) await server.stop();
    }
    // pytest exits 5 when a pass selects no test (e.g. a -k filter that matches none of them).
    if (!existsSync(junit)) {
      if (code === 5) continue;
      fail(`pytest wrote no JUnit XML (exit ${code}); see ${OUT_DIR}`);
    }
    results.push(...parseJUnit(readFileSync(junit, 'utf8')));
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.notifications) {
    if (opts.files === DEFAULT_FILES) opts.files = NOTIFICATION_FILES;
    if (opts.checkRecorded) fail('--check-recorded is about the S3 suite');
  }
  if (opts.pytestArgs.includes('--snapshot-update')) fail('--snapshot-update would rewrite AWS\'s reference data');
  if (opts.server.kind === 'image' && opts.server.name === '') fail('--image needs an image name');
  // A rate over fewer files or a -k selection says nothing against the recorded one.
  if (opts.checkRecorded && (opts.pytestArgs.length > 0 || opts.files !== DEFAULT_FILES)) {
    fail('--check-recorded compares whole runs: no --files or pytest arguments with it');
  }
  const src = localstackSource();
  const python = venvPython();
  const exclusions = loadExclusions(join(ROOT, 'test/conformance/exclusions.txt'));
  mkdirSync(OUT_DIR, { recursive: true });
  const results: TestCaseResult[] = [];
  // moto keeps queues and topics in account 000000000000, the account the suite's fixtures assume.
  const moto = opts.notifications ? await startMoto({ MOTO_ACCOUNT_ID: '000000000000' }) : undefined;
  const passes = moto !== undefined ? [notificationPass(moto)] : [MAIN_PASS];
  try {
    await runPasses(src, python, opts, exclusions, passes, results);
  } finally {
    await moto?.stop();
  }
  if (opts.notifications) {
    // The summary files only: the S3 suite's report and record are not this run's.
    if (!report(summarize(results, exclusions), { ...opts, report: false })) process.exit(1);
    if (opts.report) reportNotifications(results);
    return;
  }
  if (!report(summarize(results, exclusions), opts)) process.exit(1);
}

if (import.meta.main) await main();
