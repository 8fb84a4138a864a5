import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { applyRuntimeSetting, RUNTIME_VARIABLES, RuntimeSettingError, runtimeSettings, runtimeValue } from './config-runtime.ts';

describe('runtime settings', () => {
  it('sets a value with the start-up parser and leaves the old Config untouched', () => {
    const before = loadConfig({});
    const after = applyRuntimeSetting(before, 'S3_SKIP_SIGNATURE_VALIDATION', 'false');
    expect([before.skipSignatureValidation, after.skipSignatureValidation]).toEqual([true, false]);
    expect(runtimeValue(after, 'S3_SKIP_SIGNATURE_VALIDATION')).toBe(false);
    expect({ ...after, skipSignatureValidation: true }).toEqual(before);
  });

  it('reads LOCALSTACK_HOST, regions, KMS, USE_SSL and the CORS settings as at start', () => {
    let c = loadConfig({});
    const changes: Record<string, string> = {
      LOCALSTACK_HOST: 'FooBar:4566', ALLOW_NONSTANDARD_REGIONS: '1', S3_SKIP_KMS_KEY_VALIDATION: '0', USE_SSL: 'yes',
      DISABLE_CORS_HEADERS: '1', DISABLE_CORS_CHECKS: '1', DISABLE_CUSTOM_CORS_S3: 'true', DISABLE_PREFLIGHT_PROCESSING: '1',
      EXTRA_CORS_ALLOWED_HEADERS: 'x-a, x-b,', EXTRA_CORS_EXPOSE_HEADERS: 'x-c', EXTRA_CORS_ALLOWED_ORIGINS: 'https://a.test',
    };
    for (const [variable, raw] of Object.entries(changes)) c = applyRuntimeSetting(c, variable, raw);
    expect(c).toEqual(loadConfig(changes));
    expect(runtimeValue(c, 'LOCALSTACK_HOST')).toBe('foobar:4566');
    expect(runtimeValue(c, 'EXTRA_CORS_ALLOWED_HEADERS')).toBe('x-a,x-b');
  });

  it('restores the start default for an empty value', () => {
    const defaults = runtimeSettings(loadConfig({}));
    let c = loadConfig({ S3_SKIP_SIGNATURE_VALIDATION: '0', DISABLE_CORS_CHECKS: '1', LOCALSTACK_HOST: 'example.test', EXTRA_CORS_EXPOSE_HEADERS: 'x-a' });
    for (const variable of RUNTIME_VARIABLES) c = applyRuntimeSetting(c, variable, '');
    expect(runtimeSettings(c)).toEqual(defaults);
  });

  it('refuses an invalid value with the ConfigError naming the variable', () => {
    expect(() => applyRuntimeSetting(loadConfig({}), 'ALLOW_NONSTANDARD_REGIONS', 'maybe')).toThrow(ConfigError);
    expect(() => applyRuntimeSetting(loadConfig({}), 'LOCALSTACK_HOST', 'a b')).toThrow('invalid LOCALSTACK_HOST="a b"');
  });

  it('refuses skipping signatures under access enforcement, as at start', () => {
    const enforced = loadConfig({ S3_ENFORCE_ACCESS: '1' });
    expect(() => applyRuntimeSetting(enforced, 'S3_SKIP_SIGNATURE_VALIDATION', '1')).toThrow(/S3_SKIP_SIGNATURE_VALIDATION.*access enforcement/);
    expect(applyRuntimeSetting(enforced, 'S3_SKIP_SIGNATURE_VALIDATION', '0').skipSignatureValidation).toBe(false);
  });

  it('refuses variables that cannot change at runtime, and names that are no setting', () => {
    for (const variable of ['GATEWAY_LISTEN', 'PERSISTENCE', 'DATA_DIR', 'S3_CREDENTIALS', 'ENABLE_CONFIG_UPDATES', 'S3_ENFORCE_ACCESS']) {
      expect(() => applyRuntimeSetting(loadConfig({}), variable, '1')).toThrow(RuntimeSettingError);
      expect(() => applyRuntimeSetting(loadConfig({}), variable, '1')).toThrow(`${variable} cannot change while the server runs`);
    }
    expect(() => applyRuntimeSetting(loadConfig({}), 'NO_SUCH_SETTING', '1')).toThrow('NO_SUCH_SETTING is not a setting of this server');
    expect(() => runtimeValue(loadConfig({}), 'toString')).toThrow(RuntimeSettingError);
  });

  it('lists every runtime setting with its current value', () => {
    expect(runtimeSettings(loadConfig({ DISABLE_CUSTOM_CORS_S3: '1' }))).toMatchObject({
      S3_SKIP_SIGNATURE_VALIDATION: true, LOCALSTACK_HOST: 'localhost.localstack.cloud:4566', DISABLE_CUSTOM_CORS_S3: true, EXTRA_CORS_ALLOWED_ORIGINS: '',
    });
    expect(Object.keys(runtimeSettings(loadConfig({})))).toEqual(RUNTIME_VARIABLES);
  });
});
