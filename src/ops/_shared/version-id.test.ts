import { isRope } from 'bun:jsc';
import { describe, expect, it } from 'vitest';
import { issuedAt, newVersionId } from './version-id.ts';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('version ids', () => {
  it('are 32 URL-safe characters that sort by creation, within a millisecond too', () => {
    const ids = [newVersionId(T), newVersionId(T), newVersionId(T), newVersionId(T + 1), newVersionId(T + 62 ** 3)];
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{32}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(issuedAt)).toEqual([T, T, T, T + 1, T + 62 ** 3]);
  });

  it('still accepts the ids the concatenating generator issued (stored by PERSISTENCE)', () => {
    expect(['0Vd1TxT60000lrS1NFOhYfc2OTXulmcX', '0Vd1TxT60001xGD6ce3plnkaShE51SSc', '0Vd1TxT700004T5lHO1iEoyylc2GDD99'].map(issuedAt))
      .toEqual([T, T, T + 1]);
  });

  it('recognise an id that was not ours', () => {
    const id = newVersionId(T);
    const tampered = `${id.slice(0, 20)}${id[20] === 'a' ? 'b' : 'a'}${id.slice(21)}`;
    for (const other of [tampered, 'null', `${id}x`, id.slice(1), `${id.slice(0, 31)}-`]) expect(issuedAt(other)).toBeNaN();
  });

  // A rope is a cell per piece, each marked by every collection for as long as the version lives.
  it('are one flat string, not a rope', () => {
    let concatenated = '';
    for (const c of 'a rope of pieces') concatenated += c;
    expect(isRope(concatenated)).toBe(true);
    expect(isRope(newVersionId())).toBe(false);
  });
});
