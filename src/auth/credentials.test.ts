import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/thrown.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { accountIdFor, CredentialListError, parseCredentialList } from './credentials.ts';
import { DEFAULT_SECRET, secretLookupFor } from './verify.ts';

const configErrorOf = (env: Record<string, string>): ConfigError => thrown(ConfigError, () => loadConfig(env));

describe('parseCredentialList', () => {
  it('reads key:secret[:account[:user]] entries separated by newlines or semicolons, skipping comments', () => {
    const list = parseCredentialList('# team keys\nAKIAALICE:s3cr/et+1:111111111111:alice\n\nAKIABOB:pw2 ; test:test  # default\n');
    expect([...list]).toEqual([
      ['AKIAALICE', { secret: 's3cr/et+1', accountId: '111111111111', userName: 'alice' }],
      ['AKIABOB', { secret: 'pw2' }],
      ['test', { secret: 'test' }],
    ]);
  });

  it('refuses entries without a secret, bad account ids, duplicates and empty lists', () => {
    for (const text of ['AKIA', 'AKIA:', 'AKIA:s:12345', 'AKIA:s:111111111111:bad name', 'AKIA:s:111111111111:u:x', 'A:s;A:t', '# nothing', 'bad key:s']) {
      expect(() => parseCredentialList(text), text).toThrow(CredentialListError);
    }
  });
});

describe('secrets and accounts from the list', () => {
  const list = parseCredentialList('AKIAALICE:alice-secret:111111111111;123456789012:other');

  it('gives listed keys their secret and no secret to others; without a list every key signs with test', () => {
    const lookup = secretLookupFor(list, '949334387222');
    expect([lookup('AKIAALICE'), lookup('123456789012'), lookup('test')]).toEqual(['alice-secret', 'other', undefined]);
    expect(DEFAULT_SECRET('anything')).toBe('test');
  });

  it("signs LocalStack's internal callers with its internal secret, as the configured internal resource account too", () => {
    for (const lookup of [secretLookupFor(list, '111122223333'), secretLookupFor(undefined, '111122223333')]) {
      expect([lookup('__internal_call__'), lookup('111122223333')]).toEqual(['__internal_call__', '__internal_call__']);
    }
    expect(secretLookupFor(undefined, '111122223333')('949334387222')).toBe('test');
    expect(secretLookupFor(list, '111122223333')('949334387222')).toBeUndefined();
    expect(DEFAULT_SECRET('949334387222')).toBe('__internal_call__');
  });

  it("takes the listed account, else derives it from the key as before", () => {
    expect(accountIdFor('AKIAALICE', list)).toBe('111111111111');
    expect(accountIdFor('123456789012', list)).toBe('123456789012');
    expect(accountIdFor('test', list)).toBe('000000000000');
    expect(accountIdFor(undefined, undefined)).toBe('000000000000');
  });
});

describe('loadConfig: S3_CREDENTIALS and S3_CREDENTIALS_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'creds-'));
  const file = join(dir, 'credentials');
  writeFileSync(file, 'AKIAFILE:from-file:222222222222:ci\n');

  it('has no list by default, and merges the variable with the file', () => {
    expect(loadConfig({}).credentials).toBeUndefined();
    const c = loadConfig({ S3_CREDENTIALS: 'AKIAENV:from-env', S3_CREDENTIALS_FILE: file });
    expect([...(c.credentials?.keys() ?? [])]).toEqual(['AKIAENV', 'AKIAFILE']);
    expect(loadConfig({ S3_CREDENTIALS_FILE: file }).credentials?.get('AKIAFILE')).toEqual({ secret: 'from-file', accountId: '222222222222', userName: 'ci' });
  });

  it('refuses bad lists with a ConfigError naming the variable, never echoing an inline secret', () => {
    const inline = configErrorOf({ S3_CREDENTIALS: 'AKIA:secret:bad' });
    expect(inline.variable).toBe('S3_CREDENTIALS');
    expect(inline.message).not.toContain('secret:bad');
    expect(configErrorOf({ S3_CREDENTIALS_FILE: join(dir, 'missing') }).message).toMatch(/S3_CREDENTIALS_FILE.*ENOENT/);
    expect(configErrorOf({ S3_CREDENTIALS: 'AKIAFILE:x', S3_CREDENTIALS_FILE: file }).variable).toBe('S3_CREDENTIALS_FILE');
  });
});
