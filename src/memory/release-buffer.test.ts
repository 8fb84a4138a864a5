import { describe, expect, it } from 'vitest';
import { releaseBuffer } from './release-buffer.ts';

describe('releaseBuffer', () => {
  it('detaches a buffer the view spans whole', () => {
    const view = new Uint8Array(64 * 1024).fill(1);
    const buffer = view.buffer;
    releaseBuffer(view);
    expect(buffer.detached).toBe(true);
    expect(view.byteLength).toBe(0);
  });

  it('leaves a view of part of a buffer alone, and the rest of the buffer readable', () => {
    const whole = new Uint8Array(16).map((_, i) => i);
    releaseBuffer(whole.subarray(4, 8));
    expect(whole.buffer.detached).toBe(false);
    expect([...whole.subarray(0, 4)]).toEqual([0, 1, 2, 3]);
  });

  it('is a no-op on a detached, empty or shared buffer', () => {
    const view = new Uint8Array(8);
    releaseBuffer(view);
    expect(() => releaseBuffer(view)).not.toThrow();
    expect(() => releaseBuffer(new Uint8Array(0))).not.toThrow();
    const shared = new Uint8Array(new SharedArrayBuffer(8));
    releaseBuffer(shared);
    expect(shared.byteLength).toBe(8);
  });

  it('leaves a buffer that cannot be detached (WebAssembly memory) to the collector', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const view = new Uint8Array(memory.buffer);
    expect(() => releaseBuffer(view)).not.toThrow();
    expect(view.byteLength).toBe(65536);
  });
});
