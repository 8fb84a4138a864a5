import { describe, expect, it } from 'vitest';
import type { Mutable } from './mutable.ts';
import { NO_METADATA, NO_TAGS, type S3Object } from './object.ts';

describe('the shared empty metadata and tags', () => {
  it('are frozen, and their types make editing them (or a version holding them) a type error', () => {
    // @ts-expect-error NO_TAGS is shared by every untagged version: read-only.
    expect(() => NO_TAGS.push({ Key: 'k', Value: 'v' })).toThrow(TypeError);
    // @ts-expect-error NO_METADATA is shared by every version without user metadata: read-only.
    expect(() => { NO_METADATA.k = 'v'; }).toThrow(TypeError);
    const draft: Pick<Mutable<S3Object>, 'tags' | 'metadata'> = { tags: NO_TAGS, metadata: NO_METADATA };
    // @ts-expect-error a writable draft may replace its tags, not edit the shared list.
    expect(() => draft.tags.push({ Key: 'k', Value: 'v' })).toThrow(TypeError);
    draft.tags = [{ Key: 'k', Value: 'v' }];
    expect([NO_TAGS, NO_METADATA]).toEqual([[], {}]);
  });
});
