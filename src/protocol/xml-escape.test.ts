import { describe, expect, it } from 'vitest';
import { formatIsoDate } from './wire-values.ts';
import { escapeXml, parseXmlDocument } from './xml.ts';

describe('escapeXml', () => {
  it('escapes as S3 does, leaving other text (unicode included) alone', () => {
    expect(escapeXml('"0f343b0931126a20f133d67c2b018a3b"')).toBe('&quot;0f343b0931126a20f133d67c2b018a3b&quot;');
    expect(escapeXml(`a&b<c>d"e'f\rg`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g');
    expect(escapeXml('&&')).toBe('&amp;&amp;');
    expect(escapeXml('plain/key-ü-😀\n')).toBe('plain/key-ü-😀\n');
    expect(escapeXml('')).toBe('');
  });

  it('writes the C0 controls XML 1.0 forbids as lower-case hex references, as S3 does; tab, LF and DEL stay', () => {
    expect(escapeXml('a\x19\x07')).toBe('a&#x19;&#x7;');
    expect(escapeXml('\x00\x01\x08\x0b\x0c\x0e\x1b\x1f')).toBe('&#x0;&#x1;&#x8;&#xb;&#xc;&#xe;&#x1b;&#x1f;');
    expect(escapeXml('a\tb\nc\x7fd')).toBe('a\tb\nc\x7fd');
    expect(escapeXml('<\x10&')).toBe('&lt;&#x10;&amp;');
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

describe('parseXmlDocument', () => {
  it('refuses a document holding a control character XML 1.0 forbids, raw or as a reference (MalformedXML)', async () => {
    for (const key of ['\x01', '&#x1;', '&#X1F;', '&#x0001;', '&#8;', '&#11;', '&#12;', '&#14;', '&#31;', '&#0;']) {
      await expect(parseXmlDocument(`<Delete><Object><Key>a${key}</Key></Object></Delete>`), key).rejects.toMatchObject({ code: 'MalformedXML' });
    }
  });

  it('reads tab, LF and CR references and other characters as text', async () => {
    const doc = await parseXmlDocument('<Key>&#9;&#xA;&#13;&#x20;&#32;&#127;&#x1F600;</Key>');
    expect(doc).toEqual({ name: 'Key', node: '\t\n\r  \x7f😀' });
  });
});
