import { afterEach, describe, expect, it, vi } from 'vitest';
import { secondNow } from './clock.ts';

describe('secondNow', () => {
  afterEach(() => vi.useRealTimers());

  it('is whole seconds and one shared Date per second', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-24T07:00:00.250Z'));
    const a = secondNow();
    vi.setSystemTime(new Date('2026-11-24T07:00:00.900Z'));
    expect(secondNow()).toBe(a);
    expect(a.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    vi.setSystemTime(new Date('2026-11-24T07:00:01.010Z'));
    expect(secondNow().toISOString()).toBe('2026-11-24T07:00:01.000Z');
    expect(a.toISOString()).toBe('2026-11-24T07:00:00.000Z');
  });
});
