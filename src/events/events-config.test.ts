import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { serviceEndpoint } from './events-config.ts';

describe('S3_EVENTS_* configuration', () => {
  it('is off without endpoints or credentials', () => {
    expect(loadConfig({}).events).toBeUndefined();
  });

  it('uses the shared endpoint for every service unless one has its own, with test credentials', () => {
    const events = loadConfig({ S3_EVENTS_ENDPOINT: 'http://localhost:4566/', S3_EVENTS_SNS_ENDPOINT: 'http://sns:9911' }).events;
    expect(events?.endpoints).toEqual({ sqs: 'http://localhost:4566', sns: 'http://sns:9911', lambda: 'http://localhost:4566', events: 'http://localhost:4566' });
    expect(events?.credentials).toEqual({ accessKeyId: 'test', secretAccessKey: 'test' });
    expect(events !== undefined && serviceEndpoint(events, 'sqs', 'eu-west-1')).toBe('http://localhost:4566');
  });

  it('uses AWS\'s endpoints for services without one when credentials are given', () => {
    const events = loadConfig({ S3_EVENTS_ACCESS_KEY_ID: 'AKID', S3_EVENTS_SECRET_ACCESS_KEY: 'secret', S3_EVENTS_LAMBDA_ENDPOINT: 'http://fn:1' }).events;
    expect(events === undefined ? undefined : [serviceEndpoint(events, 'sqs', 'eu-west-1'), serviceEndpoint(events, 'lambda', 'eu-west-1')])
      .toEqual(['https://sqs.eu-west-1.amazonaws.com', 'http://fn:1']);
  });

  it('refuses bad values naming the variable', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ S3_EVENTS_ENDPOINT: 'localhost:4566' }, 'S3_EVENTS_ENDPOINT'],
      [{ S3_EVENTS_SQS_ENDPOINT: 'ftp://x' }, 'S3_EVENTS_SQS_ENDPOINT'],
      [{ S3_EVENTS_ACCESS_KEY_ID: 'AKID' }, 'S3_EVENTS_SECRET_ACCESS_KEY'],
      [{ S3_EVENTS_ENDPOINT: 'http://x', S3_EVENTS_QUEUE_SIZE: '0' }, 'S3_EVENTS_QUEUE_SIZE'],
      [{ S3_EVENTS_ENDPOINT: 'http://x', S3_EVENTS_MAX_ATTEMPTS: 'many' }, 'S3_EVENTS_MAX_ATTEMPTS'],
    ];
    for (const [env, variable] of cases) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (e) {
        expect((e as ConfigError).variable).toBe(variable);
      }
    }
  });
});
