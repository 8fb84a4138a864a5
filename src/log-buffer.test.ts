import { describe, expect, it } from 'vitest';
import { bufferedSink } from './log-buffer.ts';

function capture(): { writes: [string, boolean][]; sink: (line: string, toStderr: boolean) => void } {
  const writes: [string, boolean][] = [];
  return { writes, sink: (line, toStderr) => void writes.push([line, toStderr]) };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('bufferedSink', () => {
  it('writes the lines of one turn of the event loop in one write', async () => {
    const target = capture();
    const { sink } = bufferedSink(target.sink);
    sink('one', false);
    sink('two', false);
    expect(target.writes).toEqual([]);
    await nextTurn();
    expect(target.writes).toEqual([['one\ntwo', false]]);
    sink('three', false);
    await nextTurn();
    expect(target.writes).toEqual([['one\ntwo', false], ['three', false]]);
  });

  it('writes an error at once, after the lines pending before it', () => {
    const target = capture();
    const { sink } = bufferedSink(target.sink);
    sink('request line', false);
    sink('[error] boom', true);
    expect(target.writes).toEqual([['request line', false], ['[error] boom', true]]);
  });

  it('writes at once past 64 KiB pending, and on flush()', () => {
    const target = capture();
    const out = bufferedSink(target.sink);
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 70; i++) out.sink(line, false);
    expect(target.writes).toHaveLength(1);
    out.flush();
    expect(target.writes).toHaveLength(2);
    expect(target.writes.map(([l]) => l.split('\n').length)).toEqual([66, 4]);
  });
});
