/**
 * The per-process directory holding spilled blobs: created on the first spill, removed by
 * `remove()` (the store's clear) and, failing that, when the process exits.
 */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

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
    const path = await mkdtemp(join(parent, `ruststack-s3-${process.pid}-`));
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
