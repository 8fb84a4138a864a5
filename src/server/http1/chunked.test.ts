import { describe, expect, it } from 'vitest';
import { ChunkedDecoder } from './chunked.ts';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (parts: readonly Uint8Array[]): string => parts.map((p) => Buffer.from(p).toString('latin1')).join('');

describe('ChunkedDecoder', () => {
  const body = '5\r\nhello\r\n6;name=value\r\n world\r\n0\r\ntrailer: x\r\n\r\nNEXT';

  it('decodes chunks, drops extensions and trailers, and hands back what follows', () => {
    const d = new ChunkedDecoder();
    const out = d.feed(bytes(body));
    expect(text(out.data)).toBe('hello world');
    expect(d.done).toBe(true);
    expect(text(out.rest === undefined ? [] : [out.rest])).toBe('NEXT');
  });

  it('gives the same bytes however the input is split', () => {
    for (let size = 1; size < 8; size++) {
      const d = new ChunkedDecoder();
      const data: Uint8Array[] = [];
      const all = bytes(body);
      for (let i = 0; i < all.length && !d.done; i += size) data.push(...d.feed(all.subarray(i, i + size)).data);
      expect({ size, got: text(data) }).toEqual({ size, got: 'hello world' });
    }
  });

  it('throws on bad framing: a bad size, data longer than its size, a bare LF, an endless size line', () => {
    expect(() => new ChunkedDecoder().feed(bytes('z\r\n'))).toThrow();
    expect(() => new ChunkedDecoder().feed(bytes('1\r\nab\r\n'))).toThrow();
    expect(() => new ChunkedDecoder().feed(bytes('1\nab'))).toThrow();
    expect(() => new ChunkedDecoder().feed(bytes('1'.repeat(5000)))).toThrow();
  });
});
