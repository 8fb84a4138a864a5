/** S3_SKIP_KMS_KEY_VALIDATION (on by default, as LocalStack): SSE-KMS key ids are taken as given, no KMS needed. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';

describe('SSE-KMS key ids', () => {
  it('accepts any key id on PutObject and reports it back, with or without S3_SKIP_KMS_KEY_VALIDATION=0', async () => {
    for (const env of [{}, { S3_SKIP_KMS_KEY_VALIDATION: '0' }]) {
      const app = createApp(loadConfig(env));
      await app.handle(new Request('http://localhost:4566/kms-ids', { method: 'PUT' }));
      const kms = { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'not-a-real-key' };
      const put = await app.handle(new Request('http://localhost:4566/kms-ids/k', { method: 'PUT', body: 'x', headers: kms }));
      expect(put.status).toBe(200);
      const head = await app.handle(new Request('http://localhost:4566/kms-ids/k', { method: 'HEAD' }));
      expect(head.headers.get('x-amz-server-side-encryption-aws-kms-key-id')).toBe('not-a-real-key');
      await app.close();
    }
  });
});
