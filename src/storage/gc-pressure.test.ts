import { afterEach, describe, expect, it, vi } from 'vitest';
import { noteStreamedBytes } from './gc-pressure.ts';

describe('noteStreamedBytes', () => {
  afterEach(() => vi.restoreAllMocks());

  it('collects once per 32 MiB streamed (small heap), counting all bodies together', () => {
    const gc = vi.spyOn(Bun, 'gc').mockImplementation(() => 0);
    vi.spyOn(process, 'memoryUsage').mockReturnValue({ rss: 0, heapTotal: 0, heapUsed: 1024 * 1024, external: 0, arrayBuffers: 0 });
    const mib = 1024 * 1024;
    // Whatever earlier tests streamed, one full interval triggers exactly one collection.
    for (let i = 0; i < 32; i++) noteStreamedBytes(mib);
    const first = gc.mock.calls.length;
    expect(first).toBe(1);
    for (let i = 0; i < 31; i++) noteStreamedBytes(mib);
    for (let i = 0; i < 3; i++) noteStreamedBytes(mib / 2);
    expect(gc.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(gc).toHaveBeenCalledWith(true);
  });

  it('spaces collections by four times the live heap when the heap is large', () => {
    const gc = vi.spyOn(Bun, 'gc').mockImplementation(() => 0);
    const heap = 100 * 1024 * 1024;
    vi.spyOn(process, 'memoryUsage').mockReturnValue({ rss: 0, heapTotal: 0, heapUsed: heap, external: 0, arrayBuffers: 0 });
    noteStreamedBytes(4 * heap); // reaches the current interval: collects, then spaces by 4 x heap
    gc.mockClear();
    noteStreamedBytes(3 * heap);
    expect(gc).not.toHaveBeenCalled();
    noteStreamedBytes(heap);
    expect(gc).toHaveBeenCalledTimes(1);
  });
});
