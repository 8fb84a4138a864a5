import { describe, expect, it } from 'vitest';
import { formatHttpDate, formatIsoDate, metadataFromHeaderBytes, toHeaderValue } from './wire-values.ts';

describe('formatHttpDate', () => {
  it('is the IMF-fixdate of the second, whatever was formatted before', () => {
    const dates = [0, 999, 1000, -1, -1500, 1_700_000_000_123, 1_700_000_000_999, 1_700_000_001_000, 253_402_300_799_000].map((ms) => new Date(ms));
    for (const d of [...dates, ...dates]) expect(formatHttpDate(d)).toBe(d.toUTCString());
    expect(formatHttpDate(new Date(784_887_151_000))).toBe('Tue, 15 Nov 1994 08:12:31 GMT');
  });

  it('stays right past the remembered dates', () => {
    for (let s = 0; s < 3000; s += 1) {
      const d = new Date(1_600_000_000_000 + s * 1000 + (s % 1000));
      expect(formatHttpDate(d)).toBe(d.toUTCString());
    }
  });
});

describe('formatIsoDate', () => {
  it('keeps milliseconds', () => {
    expect(formatIsoDate(new Date(1_255_369_830_000))).toBe('2009-10-12T17:50:30.000Z');
    expect(formatIsoDate(new Date(1_255_369_830_007))).toBe('2009-10-12T17:50:30.007Z');
  });
});

describe('toHeaderValue', () => {
  it('keeps Latin-1 and tabs, sends UTF-8 bytes for the rest and turns NUL, CR and LF into spaces', () => {
    expect(toHeaderValue('café\tx')).toBe('café\tx');
    expect(toHeaderValue('日')).toBe('\xe6\x97\xa5');
    expect(toHeaderValue('a\r\nb\u0000c')).toBe('a  b c');
    expect(toHeaderValue('日\n')).toBe('\xe6\x97\xa5 ');
    for (const value of ['a\r\nb', '日\u0000', 'x\ny']) expect(() => new Headers({ h: toHeaderValue(value) })).not.toThrow();
  });
});

describe('metadataFromHeaderBytes', () => {
  it('reads raw UTF-8 header bytes as the characters they spell, once', () => {
    expect(metadataFromHeaderBytes(Buffer.from('café', 'utf8').toString('latin1'))).toBe('café');
    expect(metadataFromHeaderBytes('plain')).toBe('plain');
  });

  it('leaves bytes that are not UTF-8, and strings that are not byte strings, as they are', () => {
    expect(metadataFromHeaderBytes('caf\u00e9')).toBe('caf\u00e9');
    expect(metadataFromHeaderBytes('\u2014\u00c3\u00a9')).toBe('\u2014\u00c3\u00a9');
  });
});
