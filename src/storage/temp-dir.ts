/**
 * The per-process directory holding spilled blobs: created on the first spill, removed by
 * `remove()` (the store's clear) and, failing that, when the process exits. What a crash leaves
 * behind is removed by the next server's start (removeAbandonedTempDirs). What runs at every start
 * uses the synchronous calls: they leave less resident in an idle server than the promise-based ones.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Directory names are `ruststack-s3-<pid>-XXXXXX`: the pid says whose they are. */
const PREFIX = 'ruststack-s3-';
const OWNER_PID = /^ruststack-s3-(\d+)-/;

export interface TempDir {
  /** A fresh file path inside the directory, creating the directory if needed. */
  newFile(): Promise<string>;
  /** Deletes the directory and everything in it; the next newFile() creates a new one. */
  remove(): Promise<void>;
}

const live = new Set<string>();
let exitHookInstalled = false;

/** Best effort at exit: a clean shutdown calls remove() first; this catches the rest. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of live) rmSync(dir, { recursive: true, force: true });
  });
}

export function createTempDir(parent: string): TempDir {
  let dir: Promise<string> | undefined;
  let counter = 0;

  async function create(): Promise<string> {
    await mkdir(parent, { recursive: true });
    const path = await mkdtemp(join(parent, `${PREFIX}${process.pid}-`));
    live.add(path);
    installExitHook();
    return path;
  }

  return {
    async newFile() {
      dir ??= create();
      const path = await dir.catch((e: unknown) => {
        dir = undefined; // let a later spill retry (e.g. the parent was unwritable for a moment)
        throw e;
      });
      counter += 1;
      return join(path, `${counter}.blob`);
    },
    async remove() {
      const current = dir;
      dir = undefined;
      const path = await current?.catch(() => undefined);
      if (path === undefined) return;
      live.delete(path);
      await rm(path, { recursive: true, force: true });
    },
  };
}

/**
 * Why temp files cannot be created under `parent` (the error's message), or undefined when they
 * can. Checked at start: otherwise every body over the memory limit would answer 500.
 */
export function tempDirProblem(parent: string): string | undefined {
  try {
    mkdirSync(parent, { recursive: true });
    rmdirSync(mkdtempSync(join(parent, `${PREFIX}${process.pid}-`)));
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Linux lists running processes in /proc; elsewhere signal 0 asks (EPERM: another user's process). */
function isRunning(pid: number, hasProc: boolean): boolean {
  if (pid === process.pid) return true;
  if (hasProc) return existsSync(`/proc/${pid}`);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return !(e instanceof Error && 'code' in e && e.code === 'ESRCH');
  }
}

/** The temp directories under `parent` whose process is gone. */
function abandonedTempDirs(parent: string): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const hasProc = existsSync('/proc/self');
  return names.filter((name) => {
    const pid = OWNER_PID.exec(name)?.[1];
    return pid !== undefined && !isRunning(Number(pid), hasProc) && lstatSync(join(parent, name), { throwIfNoEntry: false })?.isDirectory() === true;
  });
}

/**
 * Removes the temp directories under `parent` whose process is gone (killed or crashed, so no exit
 * hook ran) and returns the names removed; those of running processes are never touched. A pid
 * means something within one PID namespace only: servers in different containers must not share
 * a TMPDIR.
 */
export async function removeAbandonedTempDirs(parent: string): Promise<string[]> {
  const removed = await Promise.all(abandonedTempDirs(parent).map((name) => rm(join(parent, name), { recursive: true })
    .then(() => name, () => undefined)));
  return removed.filter((name) => name !== undefined);
}
