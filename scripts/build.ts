#!/usr/bin/env bun
/**
 * Release build: one self-contained executable per target, `bun build --compile` of src/cli/main.ts
 * (and the worker entry points it starts).
 *
 *   npm run build                      # the host's target only (fast)
 *   npm run build -- --target all      # linux x64/arm64, glibc and musl
 *   npm run build -- --target linux-arm64
 *
 * The version comes from package.json, bundled into the binary (src/version.ts).
 * Each build compiles the host target twice: the first binary records which bytecode a start and
 * a few requests use (scripts/bytecode-order.ts), the final ones are laid out in that order.
 * The executables start with the JIT held back (tier-up thresholds x10, so run-once startup code
 * stays interpreted) until serve is listening, and never read a .env or bunfig.toml from the
 * working directory: configuration is the environment, as for LocalStack.
 * Cross targets work from any host: bun fetches the target's runtime from the npm registry.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordBytecodeOrder } from './bytecode-order.ts';
import { acquireDirLock } from './dir-lock.ts';

export const TARGETS = {
  'linux-x64': 'bun-linux-x64',
  'linux-arm64': 'bun-linux-arm64',
  'linux-x64-musl': 'bun-linux-x64-musl',
  'linux-arm64-musl': 'bun-linux-arm64-musl',
} as const;
export type TargetName = keyof typeof TARGETS;

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DIST = join(ROOT, 'dist');
const ENTRY = join(ROOT, 'src/cli/main.ts');
/**
 * Worker entry points, bundled beside the main one. The binary names them relative to the entry
 * points' common root (src/): src/checksum/md5-offload.ts loads `./checksum/md5-worker.ts`.
 */
const WORKERS = [join(ROOT, 'src/checksum/md5-worker.ts')];
/** What the binary is built from: a change to any of these makes dist/ stale. */
const INPUTS = [join(ROOT, 'src'), join(ROOT, 'package.json'), join(ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)];

export function isTarget(name: string): name is TargetName {
  return Object.hasOwn(TARGETS, name);
}

/** The target this machine runs: arch from the process, libc from the dynamic loader present. */
export function hostTarget(): TargetName {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  // The C library this process runs on: a glibc host may have musl's loader installed beside it.
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const musl = report?.header?.glibcVersionRuntime === undefined;
  return `linux-${arch}${musl ? '-musl' : ''}`;
}

export function binaryPath(target: TargetName = hostTarget()): string {
  return join(DIST, `ruststack-s3-${target}`);
}

/**
 * The newest source file under `path`. Tests are not built into the binary, so a test written or
 * changed leaves it fresh; directory times are left out for the same reason (a new test file
 * changes its directory's), and a source removed changes the files that imported it.
 */
export function newestSourceMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestSourceMtime(join(path, entry)));
  return newest;
}

/** True when the binary exists and is newer than every source file it is built from. */
export function isFresh(binary: string): boolean {
  if (!existsSync(binary)) return false;
  const built = statSync(binary).mtimeMs;
  return INPUTS.every((input) => !existsSync(input) || newestSourceMtime(input) <= built);
}

/** Scales JavaScriptCore's tier-up thresholds until serve sets the normal policy (src/cli/serve.ts). */
const STARTUP_JIT_POLICY = 10;

/**
 * Compiles one target. It writes into a directory of its own and renames, so concurrent builds
 * (parallel test files) never run a half-written file; the file there already has its final name,
 * the one the binary knows itself by. The source map makes stack traces name the sources
 * (src/ops/object.ts:62) rather than columns of the minified bundle.
 */
async function compile(target: TargetName, outfile: string, bytecodeOrder?: string): Promise<string> {
  mkdirSync(DIST, { recursive: true });
  const staging = mkdtempSync(join(DIST, `.build-${process.pid}-`));
  const partial = join(staging, basename(outfile));
  const args = ['build', '--compile', '--minify', '--sourcemap', '--bytecode', '--format=esm', `--target=${TARGETS[target]}`,
    `--compile-jit-policy=${STARTUP_JIT_POLICY}`, '--no-compile-autoload-dotenv', '--no-compile-autoload-bunfig',
    ...(bytecodeOrder !== undefined ? ['--bytecode-order', bytecodeOrder] : []), ENTRY, ...WORKERS, '--outfile', partial];
  try {
    const child = Bun.spawn([process.execPath, ...args], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' });
    const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    if (code !== 0) throw new Error(`bun build for ${target} failed (exit ${code}):\n${out}${err}`);
    renameSync(partial, outfile);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return outfile;
}

/** Builds the targets, laid out by a bytecode order the host recorded with a first build. */
export async function buildTargets(targets: readonly TargetName[], built: (file: string) => void = () => undefined): Promise<void> {
  const host = hostTarget();
  const probe = await compile(host, join(DIST, `.profile-${process.pid}-${Date.now()}`));
  let order: string | undefined;
  try {
    order = await recordBytecodeOrder(probe);
  } finally {
    rmSync(probe, { force: true });
  }
  try {
    for (const target of targets) built(await compile(target, binaryPath(target), order));
  } finally {
    rmSync(order, { force: true });
  }
}

export async function buildTarget(target: TargetName): Promise<string> {
  await buildTargets([target]);
  return binaryPath(target);
}

/**
 * The target's binary (the host's by default), rebuilt only when its sources changed since the last
 * build. Test files running at once ask together: one builds under a lock, the others wait and then
 * find it fresh.
 */
export async function ensureBinary(target: TargetName = hostTarget()): Promise<string> {
  const binary = binaryPath(target);
  if (isFresh(binary)) return binary;
  mkdirSync(DIST, { recursive: true });
  const release = await acquireDirLock(join(DIST, '.build.lock'), () => undefined);
  try {
    return isFresh(binary) ? binary : await buildTarget(target);
  } finally {
    release();
  }
}

export function ensureHostBinary(): Promise<string> {
  return ensureBinary(hostTarget());
}

/** `--target host|all|NAME[,NAME]` (default host), shared with scripts/npm-packages.ts. */
export function parseTargets(argv: readonly string[]): TargetName[] {
  const i = argv.indexOf('--target');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--target='))?.slice('--target='.length);
  if (raw === undefined || raw === 'host') return [hostTarget()];
  if (raw === 'all') return Object.keys(TARGETS).filter(isTarget);
  const names = raw.split(',');
  for (const name of names) {
    if (!isTarget(name)) throw new Error(`unknown --target ${name}; expected host, all or ${Object.keys(TARGETS).join(', ')}`);
  }
  return names.filter(isTarget);
}

async function main(): Promise<void> {
  let targets: TargetName[];
  try {
    targets = parseTargets(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  let started = performance.now();
  await buildTargets(targets, (file) => {
    const mib = (statSync(file).size / 1024 ** 2).toFixed(1);
    process.stdout.write(`${file.slice(ROOT.length + 1)}  ${mib} MiB  ${Math.round(performance.now() - started)} ms\n`);
    started = performance.now();
  });
}

if (import.meta.main) await main();
