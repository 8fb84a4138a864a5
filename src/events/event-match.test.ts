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
});
