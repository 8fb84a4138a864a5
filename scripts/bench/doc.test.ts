import { describe, expect, it } from 'vitest';
import { GENERATED_BEGIN, GENERATED_END, withGenerated } from './doc.ts';

describe('withGenerated', () => {
  const block = (n: number): string => `${GENERATED_BEGIN}\n| table ${n} |\n${GENERATED_END}`;

  it('replaces only the generated block', () => {
    const doc = `# Benchmarks\n\nintro\n\n${block(1)}\n\n## Reading these numbers\n\nnotes\n`;
    expect(withGenerated(doc, block(2))).toBe(`# Benchmarks\n\nintro\n\n${block(2)}\n\n## Reading these numbers\n\nnotes\n`);
  });

  it('starts a document when there is none (or no block)', () => {
    expect(withGenerated('', block(1))).toBe(`# Benchmarks\n\n${block(1)}\n`);
  });
});
