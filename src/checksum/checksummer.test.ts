import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checksumOf, checksumWhole } from './checksummer.ts';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './types.ts';
import { loadWasmHashers } from './wasm-hashers.ts';
import { loaded } from './loaded.test-helper.ts';

beforeAll(() => loadWasmHashers(CHECKSUM_ALGORITHMS));

/** Deterministic non-trivial bytes (same formula as the oracle script that produced the vectors). */
function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >> 8) * 7) & 0xff;
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);

/**
 * Expected values computed by botocore 1.44.5 + awscrt 0.38.1 (httpchecksum._CHECKSUM_CLS[...].b64digest()),
 * the byte-exact oracle for what boto3 sends; MD5 from Python's hashlib. Inputs of 240/241 bytes
 * straddle XXH3's mid-size boundary, 1025 crosses a stripe block.
 */
const VECTORS: Record<string, { data: Uint8Array; expected: Record<ChecksumAlgorithm, string> }> = {
  empty: { data: new Uint8Array(0), expected: {
    CRC32: 'AAAAAA==', CRC32C: 'AAAAAA==', CRC64NVME: 'AAAAAAAAAAA=', SHA1: '2jmj7l5rSw0yVb/vlWAYkK/YBwk=',
    SHA256: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    SHA512: 'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==',
    MD5: '1B2M2Y8AsgTpgAmY7PhCfg==', XXHASH64: '70bbN1HY6Zk=', XXHASH3: 'LQaABTjTlMI=', XXHASH128: 'maoG0wFHmNhgAcMkRo1Jfw==',
  } },
  check: { data: text('123456789'), expected: {
    CRC32: 'y/Q5Jg==', CRC32C: '4waSgw==', CRC64NVME: 'rosUhgp5mIg=', SHA1: '98O8HYCOBHMq32eZZczDTKeuNEE=',
    SHA256: 'FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=',
    SHA512: '2eZ2LdHI6vbWGzxhkvxAjU1tXxF20MKRabwk5xw/J0rSf81YEbMT1oH35V7ALXPUmclUVba1u1A6z1dPuo/+hQ==',
    MD5: 'JfnnlDI7RTiF9RgfG2JNCw==', XXHASH64: 'jLhB20DmroM=', XXHASH3: 'ctyxi2ehff8=', XXHASH128: 'MxGUd+3l3NXpcWQnaB1YYA==',
  } },
  a: { data: text('a'), expected: {
    CRC32: '6Le+Qw==', CRC32C: 'wdBDMA==', CRC64NVME: 'jC+ERbTL/Dw=', SHA1: 'hvfkN/qlp/zhXR3cuerq6jd2Z7g=',
    SHA256: 'ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=',
    SHA512: 'H0D8ktokFpR1CXnubPWC8tXX0o4YM13gWrxU0FYOD1MChgxlK/CNVgJSql50IQVG82n7u86MEs/HlXsmUv6adQ==',
    MD5: 'DMF1ucDxtqgxw5niaXcmYQ==', XXHASH64: '0k7E8amMbls=', XXHASH3: '5sYyth6WTh8=', XXHASH128: 'qW+vcFrxaDTmxjK2HpZOHw==',
  } },
  p240: { data: pattern(240), expected: {
    CRC32: 'wjphtg==', CRC32C: 'xJOo+A==', CRC64NVME: 'SYE6T2LlY0c=', SHA1: 'KUfMxKG4GNbRgR+H1J1AP1dJpFg=',
    SHA256: 'w7kRE9JzosCBE5+oZPhjhNPCBY6fM10Rx6WCFEua354=',
    SHA512: 'qCp9cvrMgcd9bFqNrJPFGVy7jyucmo5xnpzIumgR9/sXpRk95cIJA+WMpzzOc4Z+tPOxSVDxl2W6TSRln6beQQ==',
    MD5: '', XXHASH64: 'auZgW4a0N2M=', XXHASH3: '4xXVPVEp7t4=', XXHASH128: 'VQuM4HxEvJjAGM5poytafA==',
  } },
  p241: { data: pattern(241), expected: {
    CRC32: '7XXTMQ==', CRC32C: 'O1AwLA==', CRC64NVME: 'MvgA0JpBDaE=', SHA1: 'CX4Wwt63nBLDVywT6kJRINokiJk=',
    SHA256: 'QtfpeiYdZCFRY+k0nQhFLGATg4NPPgDliMY1fH1a6xQ=',
    SHA512: 'BZTLKBAn+80BbE58IXETBRLgFc1ng0E8UdnGbv9YRme+0JHy3jRb781bGQNdSJ+8McUVVBHp859jDA0IYXXD/Q==',
    MD5: '', XXHASH64: 'k/ns2oqmHpc=', XXHASH3: 'GHc8USsAimM=', XXHASH128: 'jn4fL+QVbfkYdzxRKwCKYw==',
  } },
  p1025: { data: pattern(1025), expected: {
    CRC32: 'DwDSOQ==', CRC32C: '80uUoA==', CRC64NVME: 'mOha63QBBxo=', SHA1: 'lEVFm6ujrSBl8oos8JqpGG2lBYU=',
    SHA256: 'F4NQGRNeaVDiqBBR3dtRYk/USrEe3L5ETCgD7DBWfjc=',
    SHA512: 'yLvahLh5bkonwtp0COIca9d1xustKbSJJKlt+uYy3EzeSt74BtCx49iC9F9PkFyGvyZCuPeyD3IXwhK+Y9q8lw==',
    MD5: '', XXHASH64: 'JaBG46woy0E=', XXHASH3: 'x/2YF5bSE3o=', XXHASH128: 'iYq5cB37nXvH/ZgXltITeg==',
  } },
  p100000: { data: pattern(100000), expected: {
    CRC32: 'YrKc4w==', CRC32C: 'YNgXDQ==', CRC64NVME: 'cZE78AMoFUw=', SHA1: 'Ktt2iyWQU5URL4UK1B5soJfrf+g=',
    SHA256: 'NiXkp0Yol6zAApFyBZIVOY0xWLl6KHBk1ts3VIjxR10=',
    SHA512: 'ldx33+fngwLRFobinOPuPGZ8CqsxTAG+U1tcoEFGmF3EaLq4Yc8bq1aeSlnrFOJDsSYsYc7zUjyyPNjzGMr0IQ==',
    MD5: '', XXHASH64: 'g1f3jxb4gso=', XXHASH3: 'AZvxA54+tTA=', XXHASH128: 'uUNariEgNAQBm/EDnj61MA==',
  } },
};

describe('checksumOf', () => {
  it('gives the published check values of "123456789"', () => {
    const data = text('123456789');
    expect(Buffer.from(loaded(checksumOf('CRC32', data)), 'base64').toString('hex')).toBe('cbf43926');
    expect(Buffer.from(loaded(checksumOf('CRC32C', data)), 'base64').toString('hex')).toBe('e3069283');
    expect(Buffer.from(loaded(checksumOf('CRC64NVME', data)), 'base64').toString('hex')).toBe('ae8b14860a799888');
  });

  it('gives the xxHash reference digests of the empty input (seed 0, canonical big-endian)', () => {
    const empty = new Uint8Array(0);
    expect(Buffer.from(loaded(checksumOf('XXHASH64', empty)), 'base64').toString('hex')).toBe('ef46db3751d8e999');
    expect(Buffer.from(loaded(checksumOf('XXHASH3', empty)), 'base64').toString('hex')).toBe('2d06800538d394c2');
    expect(Buffer.from(loaded(checksumOf('XXHASH128', empty)), 'base64').toString('hex')).toBe('99aa06d3014798d86001c324468d497f');
  });

  for (const [name, { data, expected }] of Object.entries(VECTORS)) {
    for (const alg of CHECKSUM_ALGORITHMS) {
      const want = expected[alg];
      if (want === '') continue;
      it(`matches botocore/awscrt for ${alg} of ${name}`, () => {
        expect(loaded(checksumOf(alg, data))).toBe(want);
      });
    }
  }
});

describe('checksumWhole', () => {
  it('gives the botocore/awscrt digests for every algorithm and size, and the MD5 hex', () => {
    for (const { data, expected } of Object.values(VECTORS)) {
      const { md5Hex, checksums } = loaded(checksumWhole(data, CHECKSUM_ALGORITHMS));
      const md5 = createHash('md5').update(data);
      // Vectors without an MD5 ('') were recorded without one: node's MD5 stands in.
      expect(checksums).toEqual({ ...expected, MD5: md5.copy().digest('base64') });
      expect(md5Hex).toBe(md5.digest('hex'));
    }
  });

  it('returns only the MD5 hex when no checksum is requested, and ignores duplicates', () => {
    expect(loaded(checksumWhole(text('123456789'), []))).toEqual({ md5Hex: '25f9e794323b453885f5181f1b624d0b', checksums: {} });
    expect(loaded(checksumWhole(text('123456789'), ['MD5', 'CRC32', 'CRC32'])).checksums).toEqual({ MD5: 'JfnnlDI7RTiF9RgfG2JNCw==', CRC32: 'y/Q5Jg==' });
  });
});
