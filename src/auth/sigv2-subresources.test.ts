import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../protocol/generated/model.ts';
import { modelQueryFlags, SIGV2_SUBRESOURCES } from './sigv2-subresources.ts';

describe('SIGV2_SUBRESOURCES', () => {
  it("holds every value-less query key of the model's request URIs", () => {
    const uris = Object.values(OPERATIONS).map((op) => op.requestUri).filter((uri) => uri.includes('?'));
    for (const uri of uris) {
      for (const part of (uri.split('?')[1] ?? '').split('&')) {
        if (!part.includes('=')) expect(SIGV2_SUBRESOURCES.has(part), uri).toBe(true);
      }
    }
    expect(modelQueryFlags()).toEqual(expect.arrayContaining(['publicAccessBlock', 'ownershipControls', 'encryption', 'intelligent-tiering', 'legal-hold', 'retention']));
  });

  it('keeps the valued sub-resources and response overrides, and leaves out plain parameters', () => {
    for (const name of ['versionId', 'uploadId', 'partNumber', 'response-content-type']) expect(SIGV2_SUBRESOURCES.has(name), name).toBe(true);
    for (const name of ['list-type', 'prefix', 'x-id', 'max-keys']) expect(SIGV2_SUBRESOURCES.has(name), name).toBe(false);
  });
});
