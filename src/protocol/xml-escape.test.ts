import { describe, expect, it } from 'vitest';
import { formatIsoDate } from './wire-values.ts';
import { escapeXml } from './xml.ts';

describe('escapeXml', () => {
  it('escapes as S3 does, leaving other text (unicode included) alone', () => {
    expect(escapeXml('"0f343b0931126a20f133d67c2b018a3b"')).toBe('&quot;0f343b0931126a20f133d67c2b018a3b&quot;');
    expect(escapeXml(`a&b<c>d"e'f\rg`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g');
    expect(escapeXml('&&')).toBe('&amp;&amp;');
    expect(escapeXml('plain/key-ü-😀\n')).toBe('plain/key-ü-😀\n');
    expect(escapeXml('')).toBe('');
  });
});

describe('formatIsoDate', () => {
  it('formats each date, including after a different one', () => {
    const a = new Date('2026-11-24T07:00:00.000Z');
    expect(formatIsoDate(a)).toBe('2026-11-24T07:00:00.000Z');
    expect(formatIsoDate(new Date('2020-01-02T03:04:05.678Z'))).toBe('2020-01-02T03:04:05.678Z');
    expect(formatIsoDate(new Date(a))).toBe('2026-11-24T07:00:00.000Z');
  });
});
