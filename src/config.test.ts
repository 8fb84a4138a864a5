import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseListen } from './config.ts';

describe('loadConfig', () => {
  it('uses LocalStack defaults', () => {
    const c = loadConfig({});
    expect([c.host, c.port, c.hostname, c.defaultRegion]).toEqual(['0.0.0.0', 4566, 'localhost.localstack.cloud', 'us-east-1']);
    expect([c.virtualHosting, c.skipSignatureValidation, c.maxMemoryObjectSize]).toEqual([true, true, 512 * 1024]);
  });

  it('reads GATEWAY_LISTEN, LOCALSTACK_HOST and the switches', () => {
    const c = loadConfig({ GATEWAY_LISTEN: '127.0.0.1:4567,0.0.0.0:443', LOCALSTACK_HOST: 'example.test:4567', S3_SKIP_SIGNATURE_VALIDATION: '0' });
    expect([c.host, c.port, c.hostname, c.skipSignatureValidation]).toEqual(['127.0.0.1', 4567, 'example.test', false]);
    expect(parseListen(':8080')).toEqual({ host: '0.0.0.0', port: 8080 });
  });

  it('keeps every GATEWAY_LISTEN address, IPv6 included, and refuses one listed twice', () => {
    expect(loadConfig({ GATEWAY_LISTEN: '0.0.0.0:4566, [::]:4567,:443' }).listen).toEqual([
      { host: '0.0.0.0', port: 4566 }, { host: '::', port: 4567 }, { host: '0.0.0.0', port: 443 },
    ]);
    expect(() => loadConfig({ GATEWAY_LISTEN: '0.0.0.0:4566,:4566' })).toThrow('0.0.0.0:4566 is listed twice');
    expect(() => loadConfig({ GATEWAY_LISTEN: ' , ' })).toThrow(ConfigError);
  });

  it('refuses invalid values naming the variable', () => {
    for (const [name, value] of [['GATEWAY_LISTEN', 'x:99999'], ['S3_VIRTUAL_HOSTING', 'maybe'], ['LOG_LEVEL', 'loud'], ['DEFAULT_REGION', 'moon'], ['S3_MAX_MEMORY_OBJECT_SIZE', '1k'], ['LOG_FORMAT', 'xml']] as const) {
      expect(() => loadConfig({ [name]: value }), name).toThrow(ConfigError);
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        expect((e as ConfigError).variable).toBe(name);
      }
    }
  });

  it('reads LocalStack\'s LS_LOG and DEBUG when LOG_LEVEL is unset, LOG_LEVEL first', () => {
    expect(loadConfig({ LS_LOG: 'trace-internal' }).logLevel).toBe('trace');
    expect(loadConfig({ LS_LOG: 'WARNING' }).logLevel).toBe('warn');
    expect(loadConfig({ LS_LOG: 'error', DEBUG: '1' }).logLevel).toBe('error');
    expect(loadConfig({ LS_LOG: 'loud', DEBUG: '1' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'info', LS_LOG: 'debug' }).logLevel).toBe('info');
    expect(loadConfig({}).logLevel).toBe('info');
  });

  it('reads LOG_FORMAT: text by default, json for log collectors', () => {
    expect(loadConfig({}).logFormat).toBe('text');
    expect(loadConfig({ LOG_FORMAT: ' JSON ' }).logFormat).toBe('json');
  });

  it('refuses a lone number in GATEWAY_LISTEN, which LocalStack reads as a host, saying how to write a port', () => {
    expect(() => parseListen('4735')).toThrow(ConfigError);
    expect(() => parseListen('4735')).toThrow('write :4735 or 0.0.0.0:4735');
    expect(parseListen('localhost')).toEqual({ host: 'localhost', port: 4566 });
    expect(parseListen('[::1]')).toEqual({ host: '::1', port: 4566 });
  });

  it('reads PERSISTENCE, DATA_DIR and S3_PERSISTENCE_FSYNC', () => {
    const config = loadConfig({ PERSISTENCE: '1', DATA_DIR: '/tmp/x', S3_PERSISTENCE_FSYNC: 'true' });
    expect([config.persistence, config.dataDir, config.persistenceFsync]).toEqual([true, '/tmp/x', true]);
    expect(loadConfig({}).persistence).toBe(false);
  });

  it("reads INTERNAL_RESOURCE_ACCOUNT, LocalStack's 949334387222 when unset or empty", () => {
    expect(loadConfig({ INTERNAL_RESOURCE_ACCOUNT: '111122223333' }).internalResourceAccount).toBe('111122223333');
    expect(loadConfig({ INTERNAL_RESOURCE_ACCOUNT: '' }).internalResourceAccount).toBe('949334387222');
    expect(loadConfig({}).internalResourceAccount).toBe('949334387222');
  });
});

describe('access enforcement switches', () => {
  it('leaves access enforcement off by default', () => {
    expect(loadConfig({}).enforceAccess).toBe(false);
  });

  it('S3_ENFORCE_ACCESS=1 enforces access and turns signature validation on', () => {
    const c = loadConfig({ S3_ENFORCE_ACCESS: '1' });
    expect([c.enforceAccess, c.skipSignatureValidation]).toEqual([true, false]);
  });

  it("honours LocalStack's ENFORCE_IAM when S3_ENFORCE_ACCESS is unset", () => {
    expect(loadConfig({ ENFORCE_IAM: '1' }).enforceAccess).toBe(true);
  });

  it('S3_ENFORCE_ACCESS=0 wins over ENFORCE_IAM=1', () => {
    expect(loadConfig({ ENFORCE_IAM: '1', S3_ENFORCE_ACCESS: '0' }).enforceAccess).toBe(false);
  });

  it('refuses a bad S3_ENFORCE_ACCESS value naming it', () => {
    expect(() => loadConfig({ S3_ENFORCE_ACCESS: 'sometimes' })).toThrow(/S3_ENFORCE_ACCESS/);
  });

  it('refuses access enforcement with S3_SKIP_SIGNATURE_VALIDATION=1: identities must be proven', () => {
    expect(() => loadConfig({ S3_ENFORCE_ACCESS: '1', S3_SKIP_SIGNATURE_VALIDATION: '1' })).toThrow(/needs signatures validated/);
  });
});
