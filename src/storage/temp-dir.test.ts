import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, removeAbandonedTempDirs, tempDirProblem } from './temp-dir.ts';

let parent = '';
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'temp-dir-test-'));
});
afterEach(() => {
  rmSync(parent, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync('true');
  if (child.pid === undefined) throw new Error('could not spawn `true`');
  return child.pid;
}

function leftover(pid: number, suffix: string): string {
  const dir = join(parent, `ruststack-s3-${pid}-${suffix}`);
  mkdirSync(dir);
  writeFileSync(join(dir, '1.blob'), 'spilled');
  return dir;
}

describe('removeAbandonedTempDirs', () => {
  it('removes the spill directories of processes that are gone, with their files', async () => {
    const dead = deadPid();
    leftover(dead, 'aaaaaa');
    expect(await removeAbandonedTempDirs(parent)).toEqual([`ruststack-s3-${dead}-aaaaaa`]);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('keeps the directories of running processes, its own, and anything not named like a spill directory', async () => {
    const own = leftover(process.pid, 'bbbbbb');
    const parents = leftover(process.ppid, 'cccccc');
    const other = join(parent, `ruststack-s3-${deadPid()}`);
    writeFileSync(join(parent, `ruststack-s3-${deadPid()}-file`), 'not a directory');
    mkdirSync(other);
    expect(await removeAbandonedTempDirs(parent)).toEqual([]);
    expect([own, parents, other].every(existsSync)).toBe(true);
  });

  it('finds nothing to remove under a missing parent', async () => {
    expect(await removeAbandonedTempDirs(join(parent, 'missing'))).toEqual([]);
  });

  it('leaves a live store\'s directory alone', async () => {
    const temp = createTempDir(parent);
    const file = await temp.newFile();
    writeFileSync(file, 'x');
    await removeAbandonedTempDirs(parent);
    expect(existsSync(file)).toBe(true);
    await temp.remove();
  });
});

describe('tempDirProblem', () => {
  it('finds none in a writable directory, creating it if missing, and leaves nothing behind', () => {
    const missing = join(parent, 'a', 'b');
    expect(tempDirProblem(missing)).toBeUndefined();
    expect(readdirSync(missing)).toEqual([]);
  });

  it('names the error when the path cannot hold files', () => {
    const file = join(parent, 'file');
    writeFileSync(file, '');
    expect(tempDirProblem(join(file, 'sub'))).toMatch(/ENOTDIR|EEXIST/);
  });
});
