import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

describe('S3_LIFECYCLE_INTERVAL', () => {
  it('defaults to an hour, takes whole seconds, and 0 turns the timer off', () => {
    expect(loadConfig({}).lifecycleIntervalSeconds).toBe(3600);
    expect(loadConfig({ S3_LIFECYCLE_INTERVAL: '60' }).lifecycleIntervalSeconds).toBe(60);
    expect(loadConfig({ S3_LIFECYCLE_INTERVAL: '0' }).lifecycleIntervalSeconds).toBe(0);
  });

  it('refuses what is not a whole number of seconds a timer can hold, naming the variable', () => {
    for (const raw of ['-1', '1.5', 'daily', '9999999999']) {
      expect(() => loadConfig({ S3_LIFECYCLE_INTERVAL: raw })).toThrow(/S3_LIFECYCLE_INTERVAL/);
    }
  });
});
