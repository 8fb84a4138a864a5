import { describe, expect, it } from 'vitest';
import { compositeChecksum, multipartEtag } from './multipart.ts';

// Expected values from Python (hashlib + awscrt) on parts 'a'*10, 'b'*20, 'c'.
describe('compositeChecksum', () => {
  it('hashes the concatenated raw part CRCs and appends the part count', () => {
    expect(compositeChecksum('CRC32', ['TBHN8A==', 'itBkLA==', 'Brnfbw=='])).toBe('8FZL2g==-3');
  });

  it('hashes the concatenated raw part SHA256s and appends the part count', () => {
    expect(compositeChecksum('SHA256', [
      'vyy1imj2hNlaO3jvj2Ycmk5bCegsyPnMiMzpBSjK6yc=',
      '775CYg/5n1kppjFt52dAo6VapkH25pU4yDmVFWkz19A=',
      'Ln0sA6lQeuJl7PW1NWiFpTOTogKdJBOUmXJloaJa78Y=',
    ])).toBe('udaqa7Np8a6LXhmruDTi0kBTnYIMBTcpuzuxgpp6flI=-3');
  });
});

describe('multipartEtag', () => {
  it('is the MD5 of the concatenated binary part MD5s with the part count', () => {
    expect(multipartEtag(['e09c80c42fda55f9d992e59ca6b3307d', '085a8cdaee82caf894e995cd72b220bb', '4a8a08f09d37b73795649038408b5f33']))
      .toBe('023060c5b84baa5b60e8465feaf3e789-3');
  });

  it('works for a single part', () => {
    expect(multipartEtag(['e09c80c42fda55f9d992e59ca6b3307d'])).toMatch(/^[0-9a-f]{32}-1$/);
  });
});
