/**
 * The lower layers stay below the wire: storage, checksums and buffer handling never import the
 * protocol, the pipeline or the operations (their errors are their own, mapped in src/core/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** The `src/` folders each non-test module of `folder` imports from (other than its own). */
function foldersImportedBy(folder: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const name of readdirSync(join(SRC, folder))) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const text = readFileSync(join(SRC, folder, name), 'utf8');
    for (const m of text.matchAll(/from '\.\.\/([a-z-]+)\//g)) {
      const target = m[1] ?? '';
      found.set(target, [...(found.get(target) ?? []), name]);
    }
  }
  return found;
}

/** What each lower layer may import from the rest of src/. */
const ALLOWED: Record<string, readonly string[]> = {
  storage: ['checksum', 'memory'],
  checksum: [],
  memory: [],
};

describe('layering', () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports from src/ only ${allowed.length === 0 ? 'nothing' : allowed.join(', ')}`, () => {
      const strays = [...foldersImportedBy(folder)].filter(([target]) => !allowed.includes(target));
      expect(Object.fromEntries(strays)).toEqual({});
    });
  }
});

describe('test code', () => {
  it('is imported by no server module (test helpers are named *.test-helper.ts)', () => {
    const serverModules = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.test-helper.ts'));
    const importers = serverModules.filter((path) => /from '[^']*\.test(-helper)?\.ts'/.test(readFileSync(join(SRC, path), 'utf8')));
    expect(importers).toEqual([]);
  });
});
