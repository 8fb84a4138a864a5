import { describe, expect, it } from 'vitest';
import { localStackWarnings } from './localstack-settings.ts';

describe('localStackWarnings', () => {
  it('says nothing for settings that are read, harmless or set to what LocalStack does here', () => {
    expect(localStackWarnings({
      SERVICES: 's3', EAGER_SERVICE_LOADING: '1', SKIP_SSL_CERT_DOWNLOAD: '1', S3_SKIP_KMS_KEY_VALIDATION: '1',
      SNAPSHOT_SAVE_STRATEGY: 'ON_SHUTDOWN', ENFORCE_IAM: '0', PROVIDER_OVERRIDE_S3: '', PATH: '/bin',
    })).toEqual([]);
  });

  it('warns once per setting where behaviour differs, naming the setting and its value', () => {
    const lines = localStackWarnings({ SERVICES: 's3,sqs:4576, lambda', S3_SKIP_KMS_KEY_VALIDATION: '0', EDGE_PORT: '4567', ENFORCE_IAM: '1' });
    // ENFORCE_IAM is read (it turns access control on), so it warns of nothing.
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('SERVICES='))).toBe('SERVICES="s3,sqs:4576, lambda": only S3 is served here: requests meant for sqs, lambda get S3\'s answers (errors)');
    expect(lines.find((l) => l.startsWith('S3_SKIP_KMS_KEY_VALIDATION='))).toContain('no KMS here');
    expect(lines.find((l) => l.startsWith('EDGE_PORT='))).toContain('use GATEWAY_LISTEN');
    expect(lines.find((l) => l.startsWith('ENFORCE_IAM='))).toBeUndefined();
  });
});
