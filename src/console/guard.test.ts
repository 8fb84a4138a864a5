import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { consoleHostAllowed, consoleRequestAllowed } from './guard.ts';

const config = loadConfig({ LOCALSTACK_HOST: 's3.dev.example:4566', EXTRA_CORS_ALLOWED_ORIGINS: 'https://tools.corp.example' });
const OWN = 'http://localhost:4566';

describe('console guard', () => {
  it('answers local names, addresses, Docker service names and configured hosts', () => {
    for (const host of ['localhost:4566', '127.0.0.1:4566', '[::1]:4566', 's3:4566', 'app.localhost', 'localhost.localstack.cloud:4566',
      's3.dev.example:4566', 'x.s3.dev.example', 'tools.corp.example', '10.0.0.7', null]) {
      expect(consoleHostAllowed(host, config), String(host)).toBe(true);
    }
  });

  it('refuses a public name a page could have rebound to this machine', () => {
    for (const host of ['evil.example:4566', 'localhost.evil.example', '127.0.0.1.nip.io']) expect(consoleHostAllowed(host, config), host).toBe(false);
    expect(consoleHostAllowed('evil.example', loadConfig({ DISABLE_CORS_CHECKS: '1' }))).toBe(true);
  });

  it('lets same-origin pages, typed addresses and non-browser clients through, and refuses other sites', () => {
    const allowed = (h: Record<string, string>) => consoleRequestAllowed(new Headers(h), OWN, config);
    expect(allowed({})).toBe(true);
    expect(allowed({ 'sec-fetch-site': 'same-origin', origin: OWN })).toBe(true);
    expect(allowed({ 'sec-fetch-site': 'none' })).toBe(true);
    expect(allowed({ origin: 'http://localhost.localstack.cloud:4566' })).toBe(true); // a LocalStack default origin
    expect(allowed({ 'sec-fetch-site': 'cross-site' })).toBe(false);
    expect(allowed({ 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' })).toBe(false);
    expect(allowed({ origin: 'https://evil.example' })).toBe(false);
    expect(allowed({ origin: 'null' })).toBe(false);
  });
});
