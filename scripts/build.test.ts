import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newestSourceMtime } from './build.ts';

const root = mkdtempSync(join(tmpdir(), 'rs3-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `path` under root with the given modification time (seconds since the epoch). */
function file(path: string, mtime: number): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), '');
  utimesSync(join(root, path), mtime, mtime);
}

describe('newestSourceMtime: what makes a built binary stale', () => {
  it('is the newest source file below a directory, tests and directory times left out', () => {
    file('src/a.ts', 1_000);
    file('src/deep/b.ts', 2_000);
    file('src/deep/b.test.ts', 9_000);
    file('src/c.test.ts', 8_000);
    // The directories were just created, so their own times are far newer than any file's.
    expect(newestSourceMtime(join(root, 'src'))).toBe(2_000_000);
    file('src/deep/b.ts', 3_000);
    expect(newestSourceMtime(join(root, 'src'))).toBe(3_000_000);
    expect(newestSourceMtime(join(root, 'src/a.ts'))).toBe(1_000_000);
  });
});
