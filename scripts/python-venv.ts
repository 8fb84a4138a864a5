/**
 * A Python venv built from a pinned requirements file and cached under a key derived from that
 * file and the interpreter, so test runs after the first reuse it. Safe when several processes ask
 * at once: one builds under a lock directory, the others wait for it.
 *
 *   bun scripts/python-venv.ts <requirements.txt> [cache-root]   # prints the venv directory
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { acquireDirLock } from './dir-lock.ts';

export interface PythonVenv {
  readonly dir: string;
  /** The venv's interpreter: run tools as `python -m <module>`. */
  readonly python: string;
}

export interface EnsureVenvOptions {
  /** A pinned requirements file (name==version lines). */
  readonly requirements: string;
  /** The directory holding one venv per key, e.g. <repo>/.cache/client-venv. */
  readonly cacheRoot: string;
  /** The base interpreter; default $PYTHON, else python3. */
  readonly python?: string;
  /** Oldest Python the requirements support. */
  readonly minPython?: readonly [number, number];
  readonly log?: (line: string) => void;
}

const READY_STAMP = '.ready';
// Flags beat pip's config and PIP_* env (this machine sets PIP_DEFAULT_TIMEOUT=180; pip retries 5
// times): with those an unreachable index looks like a hang rather than an error.
const PIP_NETWORK_FLAGS = ['--timeout', '30', '--retries', '2'];

export async function ensurePythonVenv(opts: EnsureVenvOptions): Promise<PythonVenv> {
  const log = opts.log ?? ((line: string) => console.log(`[python-venv] ${line}`));
  const basePython = opts.python ?? (process.env.PYTHON || 'python3');
  const version = await pythonVersion(basePython);
  const [major, minor] = opts.minPython ?? [3, 10];
  if (version[0] < major || (version[0] === major && version[1] < minor)) {
    throw new Error(`${basePython} is Python ${version.join('.')}; this venv needs Python >= ${major}.${minor}`);
  }
  const requirements = readFileSync(opts.requirements, 'utf8');
  const key = venvKey(requirements, version);
  const root = resolve(opts.cacheRoot);
  const dir = join(root, key);
  const venv: PythonVenv = { dir, python: join(dir, 'bin', 'python') };
  if (isReady(dir, key)) return venv;

  mkdirSync(root, { recursive: true });
  const release = await acquireDirLock(`${dir}.lock`, log);
  try {
    if (isReady(dir, key)) return venv; // built by whoever held the lock before us
    await buildVenv(basePython, dir, resolve(opts.requirements), log);
    writeFileSync(join(dir, READY_STAMP), `${key}\n`);
    pruneOtherVenvs(root, key, log);
  } finally {
    release();
  }
  return venv;
}

/** The key changes with the requirements text and the interpreter's version and platform. */
function venvKey(requirements: string, version: readonly number[]): string {
  const material = [requirements, version.join('.'), process.platform, process.arch].join('\n');
  return `py${version[0]}.${version[1]}-${createHash('sha256').update(material).digest('hex').slice(0, 16)}`;
}

function isReady(dir: string, key: string): boolean {
  try {
    return readFileSync(join(dir, READY_STAMP), 'utf8').trim() === key && existsSync(join(dir, 'bin', 'python'));
  } catch {
    return false;
  }
}

async function pythonVersion(python: string): Promise<[number, number, number]> {
  const script = 'import sys; print("%d.%d.%d" % sys.version_info[:3])';
  let out: CommandResult;
  try {
    out = await runCommand([python, '-c', script]);
  } catch (e) {
    throw new Error(`cannot run ${python} (${String(e)}): install Python 3 or set PYTHON to an interpreter`);
  }
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(out.output.trim());
  if (out.code !== 0 || m === null) throw new Error(`${python} did not report its version:\n${out.output}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

async function buildVenv(basePython: string, dir: string, requirements: string, log: (l: string) => void): Promise<void> {
  rmSync(dir, { recursive: true, force: true }); // a half-built venv from an interrupted run
  log(`creating ${dir} (first run only; takes a minute or two)`);
  const venv = await runCommand([basePython, '-m', 'venv', dir]);
  if (venv.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${basePython} -m venv failed (exit ${venv.code}); on Debian install python3-venv:\n${venv.output}`);
  }
  log(`installing pinned packages from ${requirements}`);
  const pip = await runCommand(
    [join(dir, 'bin', 'python'), '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off',
      ...PIP_NETWORK_FLAGS, '-r', requirements],
    { onLine: (line) => (/^(Collecting|Successfully installed)/.test(line) ? log(line.trim()) : undefined) },
  );
  if (pip.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `pip could not install ${requirements} (exit ${pip.code}). Is PyPI reachable from this machine? ` +
        `pip's output ends with:\n${pip.output.slice(-4000)}`,
    );
  }
  log('venv ready');
}

/** Venvs for older requirements are dead weight (~150 MB each); one being built holds its lock. */
function pruneOtherVenvs(root: string, key: string, log: (l: string) => void): void {
  for (const name of readdirSync(root)) {
    if (name === key || name.endsWith('.lock') || existsSync(join(root, `${name}.lock`))) continue;
    if (!existsSync(join(root, name, READY_STAMP))) continue;
    log(`removing outdated venv ${name}`);
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

export interface CommandResult {
  /** The exit code; a death by signal N is 128 + N, as a shell reports it. */
  readonly code: number;
  /** stdout and stderr interleaved as they arrived. */
  readonly output: string;
}

export interface CommandOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  readonly onLine?: (line: string) => void;
  /** Kill the command's whole process group after this long. */
  readonly timeoutMs?: number;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Runs argv to completion; rejects only if it cannot start (e.g. the program does not exist). */
export function runCommand(argv: readonly string[], opts: CommandOptions = {}): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (program === undefined) return Promise.reject(new Error('runCommand needs a program'));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: opts.timeoutMs !== undefined, // its own process group, so a timeout kills grandchildren too
    });
    let output = '';
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      if (opts.onLine === undefined) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => {
      output += `\n[killed after ${opts.timeoutMs} ms]\n`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (partial !== '') opts.onLine?.(partial);
      resolvePromise({ code: code ?? 128 + (signal === null ? 0 : (SIGNAL_NUMBERS[signal] ?? 0)), output });
    });
  });
}

if (import.meta.main) {
  const [requirements, cacheRoot = '.cache/client-venv'] = process.argv.slice(2);
  if (requirements === undefined) {
    console.error('usage: bun scripts/python-venv.ts <requirements.txt> [cache-root]');
    process.exit(2);
  }
  const venv = await ensurePythonVenv({ requirements, cacheRoot, log: (l) => console.error(l) });
  console.log(venv.dir);
}
