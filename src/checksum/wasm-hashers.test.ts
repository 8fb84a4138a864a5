import { describe, expect, it } from 'vitest';
import { loadWasmHashers, newWasmHasher } from './wasm-hashers.ts';

describe('loadWasmHashers', () => {
  it('instantiates an algorithm on first need only, and nothing for native algorithms', async () => {
    expect(loadWasmHashers(['MD5', 'SHA256'])).toBeUndefined();
    // CRC32, the JS SDK's default for uploads, is Bun.hash.crc32: no WASM instance to load.
    expect(loadWasmHashers(['CRC32'])).toBeUndefined();
    expect(() => newWasmHasher('XXHASH3')).toThrow(/not loaded/);
    const first = loadWasmHashers(['XXHASH3']);
    expect(first).toBeInstanceOf(Promise);
    await first;
    expect(loadWasmHashers(['XXHASH3'])).toBeUndefined();
    const h = newWasmHasher('XXHASH3');
    h.update(new TextEncoder().encode('abc'));
    expect(h.digest()).toHaveLength(8);
    // Others are still not loaded.
    expect(() => newWasmHasher('CRC32C')).toThrow(/not loaded/);
  });
});
