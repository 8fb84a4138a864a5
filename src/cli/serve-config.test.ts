import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { configFields, listenOrigin, resolveServeConfig } from './serve-config.ts';

describe('resolveServeConfig', () => {
  it('listens where GATEWAY_LISTEN says when no flags are given', () => {
    const config = resolveServeConfig({ GATEWAY_LISTEN: '127.0.0.1:4999' }, {});
    expect([config.host, config.port]).toEqual(['127.0.0.1', 4999]);
  });

  it('lets --host and --port override GATEWAY_LISTEN', () => {
    const config = resolveServeConfig({ GATEWAY_LISTEN: '127.0.0.1:4999' }, { host: '::1', port: '0' });
    expect([config.host, config.port]).toEqual(['::1', 0]);
  });

  it('rejects a non-numeric or out-of-range --port naming the flag', () => {
    for (const port of ['abc', '70000', '-1', '']) {
      expect(() => resolveServeConfig({}, { port })).toThrow(/--port/);
    }
  });

  it('propagates ConfigError for a bad environment variable', () => {
    expect(() => resolveServeConfig({ LOG_LEVEL: 'loud' }, {})).toThrow(ConfigError);
  });
});

describe('configFields', () => {
  it('names the effective configuration, the port as bound', () => {
    const config = resolveServeConfig({ GATEWAY_LISTEN: '[::1]:0', S3_SKIP_SIGNATURE_VALIDATION: '0', LOG_FORMAT: 'json', TMPDIR: '/scratch' }, {});
    expect(configFields(config, [45123])).toEqual({
      listen: '[::1]:45123', hostname: 'localhost.localstack.cloud', virtualHosting: true, signatureValidation: true, enforceAccess: false,
      persistence: false, dataDir: undefined, persistenceFsync: false, tmpDir: '/scratch', maxMemoryObjectSize: 524288,
      defaultRegion: 'us-east-1', allowNonstandardRegions: false, logLevel: 'info', logFormat: 'json',
    });
  });
});

describe('listenOrigin', () => {
  it('names the flags and GATEWAY_LISTEN that made the listen address, or the default', () => {
    expect(listenOrigin({ GATEWAY_LISTEN: 'nonsense' }, {})).toBe('from GATEWAY_LISTEN="nonsense"');
    expect(listenOrigin({}, {})).toBe('from GATEWAY_LISTEN unset, default 0.0.0.0:4566');
    expect(listenOrigin({ GATEWAY_LISTEN: ':1' }, { port: '2' })).toBe('from --port 2, GATEWAY_LISTEN=":1"');
    expect(listenOrigin({ GATEWAY_LISTEN: ':1' }, { host: 'h', port: '2' })).toBe('from --host h, --port 2');
  });
});
