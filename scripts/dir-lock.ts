/**
 * A lock between processes (and test workers) doing the same slow build: a venv, the binary.
 * mkdir is atomic; the owner's pid inside tells a live lock from one a killed run left behind.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK_TIMEOUT_MS = 15 * 60_000;
const LOCK_POLL_MS = 500;
// mkdir then write owner is not atomic: an owner-less lock this old was left by a crash.
const OWNERLESS_STALE_MS = 60_000;

/**
 * mkdir is atomic, so exactly one process creates the lock directory; the others wait for it to go.
 * A lock whose owner pid is dead (a killed test run) is taken over. Returns the release function.
 */
export async function acquireDirLock(lockDir: string, log: (l: string) => void): Promise<() => void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let noticeAt = 0;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'owner'), `${process.pid}\n`);
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) throw e;
    }
    const owner = lockOwner(lockDir);
    if (owner === 'stale') {
      log(`taking over ${lockDir}: its owner is gone`);
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${lockDir} (pid ${owner}); delete it if no build is running`);
    }
    if (Date.now() >= noticeAt) {
      log(`waiting for pid ${owner} to release ${lockDir}`);
      noticeAt = Date.now() + 15_000;
    }
    await sleep(LOCK_POLL_MS);
  }
}

/** The owner's pid, 'stale' if it is dead, or 'unknown' if it is still writing its pid. */
function lockOwner(lockDir: string): number | 'stale' | 'unknown' {
  let text: string;
  try {
    text = readFileSync(join(lockDir, 'owner'), 'utf8');
  } catch {
    try {
      return Date.now() - statSync(lockDir).mtimeMs > OWNERLESS_STALE_MS ? 'stale' : 'unknown';
    } catch {
      return 'unknown'; // released between our mkdir and stat: the next mkdir will tell
    }
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : 'stale';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
}
