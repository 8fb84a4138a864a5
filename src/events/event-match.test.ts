import { describe, expect, it } from 'vitest';
import { keyFilterOf, matchesEvent, matchesKey } from './event-match.ts';
import { encodeEventKey } from './s3-record.ts';
import { nextSequencer } from './object-event.ts';

describe('event matching', () => {
  it('matches exact names and category wildcards', () => {
    expect(matchesEvent(['s3:ObjectCreated:*'], 'ObjectCreated:Copy')).toBe(true);
    expect(matchesEvent(['s3:ObjectCreated:Put'], 'ObjectCreated:Copy')).toBe(false);
    expect(matchesEvent(['s3:ObjectRemoved:Delete'], 'ObjectRemoved:DeleteMarkerCreated')).toBe(false);
    expect(matchesEvent(['s3:LifecycleTransition'], 'LifecycleTransition')).toBe(true);
    expect(matchesEvent(['s3:ObjectCreated:*'], 'LifecycleTransition')).toBe(false);
  });

  it('reads filter rules case-insensitively and matches keys by prefix and suffix', () => {
    const filter = keyFilterOf({ Key: { FilterRules: [{ Name: 'Prefix' as never, Value: 'up/' }, { Name: 'suffix', Value: '.txt' }] } });
    expect(filter).toEqual({ prefix: 'up/', suffix: '.txt' });
    expect(['up/a.txt', 'up/a.bin', 'a/up/a.txt'].map((k) => matchesKey(filter, k))).toEqual([true, false, false]);
    expect(matchesKey(keyFilterOf(undefined), 'anything')).toBe(true);
  });

  it('URL-encodes keys as AWS does in records', () => {
    expect(encodeEventKey('a@b')).toBe('a%40b');
    expect(encodeEventKey('dir/a b+c=é')).toBe('dir/a+b%2Bc%3D%C3%A9');
  });

  it('gives increasing sequencers, also within one millisecond', () => {
    const now = new Date();
    const s = [nextSequencer(now), nextSequencer(now), nextSequencer(now)];
    expect([...s].sort()).toEqual(s);
    expect(new Set(s).size).toBe(3);
  });

  it('writes sequencers as 18 upper hex digits of the counter, past 4096 events in one millisecond too', () => {
    const now = new Date(Date.now() + 60_000);
    const first = nextSequencer(now);
    const base = Number.parseInt(first, 16);
    expect(first).toBe((now.getTime() * 4096).toString(16).toUpperCase().padStart(18, '0'));
    for (let i = 1; i <= 5000; i++) {
      expect(nextSequencer(now)).toBe((base + i).toString(16).toUpperCase().padStart(18, '0'));
    }
    const later = new Date(now.getTime() + 10);
    expect(nextSequencer(later)).toBe((later.getTime() * 4096).toString(16).toUpperCase().padStart(18, '0'));
  });
});
