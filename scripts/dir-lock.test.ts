import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirLock } from './dir-lock.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lockPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rs3-lock-'));
  dirs.push(dir);
  return join(dir, 'x.lock');
}

describe('acquireDirLock', () => {
  it('lets one holder in at a time: the second gets the lock once the first releases it', async () => {
    const lock = lockPath();
    const events: string[] = [];
    const first = await acquireDirLock(lock, () => undefined);
    const second = acquireDirLock(lock, () => undefined).then((release) => {
      events.push('second in');
      release();
    });
    events.push('first out');
    first();
    await second;
    expect(events).toEqual(['first out', 'second in']);
  });

  it('takes over a lock whose owner process is gone', async () => {
    const lock = lockPath();
    mkdirSync(lock);
    // Pids are below 2^22 on Linux: this one cannot be alive.
    writeFileSync(join(lock, 'owner'), '4999999\n');
    const lines: string[] = [];
    const release = await acquireDirLock(lock, (line) => lines.push(line));
    release();
    expect(lines).toEqual([`taking over ${lock}: its owner is gone`]);
  });
});
