import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { consoleStartLine } from './console-config.ts';

describe('console settings', () => {
  it('serve the console on /_ruststack/ as access key test by default', () => {
    expect(loadConfig({}).console).toEqual({ enabled: true, path: '/_ruststack/', accessKeyId: 'test', secret: 'test' });
    expect(loadConfig({ S3_CONSOLE: '0' }).console.enabled).toBe(false);
  });

  it('take a path with or without its trailing slash and refuse one that is not a plain path', () => {
    expect(loadConfig({ S3_CONSOLE_PATH: '/console' }).console.path).toBe('/console/');
    expect(loadConfig({ S3_CONSOLE_PATH: '/admin/s3/' }).console.path).toBe('/admin/s3/');
    for (const bad of ['/', 'console', '/a b/', '/../x/', '/a//b/', '/%2e/']) {
      expect(() => loadConfig({ S3_CONSOLE_PATH: bad }), bad).toThrow(ConfigError);
    }
  });

  it('sign with a listed key: the one named, else test when listed, else the first one', () => {
    const list = 'AKIAFIRST:s1:111111111111;AKIASECOND:s2:222222222222';
    expect(loadConfig({ S3_CREDENTIALS: list }).console).toMatchObject({ accessKeyId: 'AKIAFIRST', secret: 's1' });
    expect(loadConfig({ S3_CREDENTIALS: `${list};test:t3` }).console).toMatchObject({ accessKeyId: 'test', secret: 't3' });
    expect(loadConfig({ S3_CREDENTIALS: list, S3_CONSOLE_ACCESS_KEY: 'AKIASECOND' }).console).toMatchObject({ accessKeyId: 'AKIASECOND', secret: 's2' });
    expect(() => loadConfig({ S3_CREDENTIALS: list, S3_CONSOLE_ACCESS_KEY: 'AKIAOTHER' })).toThrow(/S3_CONSOLE_ACCESS_KEY/);
    expect(loadConfig({ S3_CONSOLE_ACCESS_KEY: '123456789012' }).console).toMatchObject({ accessKeyId: '123456789012', secret: 'test' });
  });
});

describe('consoleStartLine', () => {
  it('names a URL a browser on this machine can open', () => {
    const settings = loadConfig({}).console;
    expect(consoleStartLine('0.0.0.0', 4566, settings)).toBe('web console on http://localhost:4566/_ruststack/ (acting as access key test)');
    expect(consoleStartLine('::1', 4567, settings)).toContain('http://[::1]:4567/_ruststack/');
    expect(consoleStartLine('127.0.0.1', 80, settings)).toContain('http://127.0.0.1:80/');
  });
});
