import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('LocalStack settings in loadConfig', () => {
  it('defaults as LocalStack: CORS checks and custom S3 CORS on, no extras, plain URLs, KMS key ids not validated', () => {
    const c = loadConfig({});
    expect(c.cors).toEqual({
      disableHeaders: false, disableChecks: false, disableCustomS3: false, disablePreflight: false,
      extraAllowedHeaders: [], extraExposeHeaders: [], extraAllowedOrigins: [],
    });
    expect([c.useSsl, c.tlsCertPath, c.skipKmsKeyValidation]).toEqual([false, undefined, true]);
  });

  it('reads the CORS switches and comma lists, dropping empty entries', () => {
    const c = loadConfig({
      DISABLE_CORS_HEADERS: '1', DISABLE_CORS_CHECKS: 'true', DISABLE_CUSTOM_CORS_S3: '1', DISABLE_PREFLIGHT_PROCESSING: '1',
      EXTRA_CORS_ALLOWED_HEADERS: 'x-a, x-b,', EXTRA_CORS_EXPOSE_HEADERS: 'x-c', EXTRA_CORS_ALLOWED_ORIGINS: ' https://a.test ,,http://b.test:8080',
    });
    expect(c.cors).toEqual({
      disableHeaders: true, disableChecks: true, disableCustomS3: true, disablePreflight: true,
      extraAllowedHeaders: ['x-a', 'x-b'], extraExposeHeaders: ['x-c'], extraAllowedOrigins: ['https://a.test', 'http://b.test:8080'],
    });
  });

  it('reads USE_SSL, CUSTOM_SSL_CERT_PATH and S3_SKIP_KMS_KEY_VALIDATION', () => {
    const c = loadConfig({ USE_SSL: '1', CUSTOM_SSL_CERT_PATH: ' /certs/server.pem ', S3_SKIP_KMS_KEY_VALIDATION: '0' });
    expect([c.useSsl, c.tlsCertPath, c.skipKmsKeyValidation]).toEqual([true, '/certs/server.pem', false]);
  });

  it('refuses a switch that is neither true nor false, naming it', () => {
    for (const name of ['USE_SSL', 'DISABLE_CORS_CHECKS', 'DISABLE_CUSTOM_CORS_S3', 'S3_SKIP_KMS_KEY_VALIDATION']) {
      expect(() => loadConfig({ [name]: 'maybe' }), name).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: 'maybe' })).toThrow(name);
    }
  });
});
