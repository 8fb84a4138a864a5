/**
 * Who may drive the console. Its API acts with the console's credentials, so a page of another
 * site must not reach it: cross-site requests are refused as for the reset endpoint, and the Host
 * must be a local name, since a DNS-rebound page (evil.example resolving to 127.0.0.1) is
 * same-origin to itself and passes every Origin check.
 */
import type { Config } from '../config.ts';
import { isDefaultOrigin } from '../cors/defaults.ts';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d*$/, '');
}

function isUnder(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

function originHosts(config: Config): string[] {
  return config.cors.extraAllowedOrigins.flatMap((o) => {
    try {
      return [new URL(o).hostname.toLowerCase()];
    } catch {
      return [];
    }
  });
}

/**
 * IP addresses, `localhost`, single-label names (Docker service names: no public domain can be
 * rebound to them), LOCALSTACK_HOST's domain and the hosts of EXTRA_CORS_ALLOWED_ORIGINS.
 */
export function consoleHostAllowed(host: string | null, config: Config): boolean {
  if (host === null || config.cors.disableChecks) return true;
  const name = hostnameOf(host);
  if (IPV4.test(name) || name.startsWith('[') || !name.includes('.')) return true;
  if (isUnder(name, 'localhost') || isUnder(name, 'localhost.localstack.cloud') || isUnder(name, config.hostname)) return true;
  return config.cors.extraAllowedOrigins.includes('*') || originHosts(config).includes(name);
}

/**
 * Fetch metadata, when sent, must say same-origin (or none: typed in the address bar); an Origin,
 * when sent, must be the console's own or one of LocalStack's default origins.
 */
export function consoleRequestAllowed(headers: Pick<Headers, 'get'>, ownOrigin: string, config: Config): boolean {
  if (config.cors.disableChecks) return true;
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.get('origin');
  return origin === null || origin === ownOrigin || isDefaultOrigin(origin, config);
}
