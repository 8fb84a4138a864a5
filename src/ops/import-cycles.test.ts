import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../../test/helpers/import-graph.ts';

const SRC = resolve(import.meta.dirname, '..');

describe('import cycles', () => {
  it('finds modules importing each other around a loop, a type-only import included, and leaves a chain alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-graph-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport const a = 1;\n");
      writeFileSync(join(dir, 'b.ts'), "import { c } from './c.ts';\nexport type B = number;\n");
      writeFileSync(join(dir, 'c.ts'), "export { a as c } from './a.ts';\n");
      writeFileSync(join(dir, 'd.ts'), "import { a } from './a.ts';\n");
      const cycles = importCycles(importGraph(dir)).map((cycle) => cycle.map((file) => relative(dir, file)));
      expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no import cycle anywhere in src/', () => {
    const cycles = importCycles(importGraph(SRC)).map((cycle) => cycle.map((file) => relative(SRC, file)));
    expect(cycles).toEqual([]);
  });
});
