/**
 * `health` and `reset`: one HTTP call each to a running server, for Docker HEALTHCHECK, scripts and
 * CI. Exit 0 on success; otherwise one line saying why and exit 1.
 */
import { defineCommand } from 'citty';
import { ConfigError, parseListen } from '../config.ts';
import { connectableHost } from '../server/http-server.ts';

export const PROBE_TIMEOUT_MS = 2_000;
const HEALTH_PATH = '/_localstack/health';
const RESET_PATH = '/_localstack/state/reset';
const HEALTHY_STATES = new Set(['running', 'available']);

export type ProbeResult = { ok: true; detail: string } | { ok: false; reason: string };

/** Where the local server listens, from GATEWAY_LISTEN (a wildcard host becomes loopback). */
export function defaultBaseUrl(env: Record<string, string | undefined> = process.env): string {
  const { host, port } = parseListen(env.GATEWAY_LISTEN ?? '0.0.0.0:4566');
  return `http://${connectableHost(host)}:${port}`;
}

/** A bare base URL gets the endpoint's path; a URL that already has a path is used as given. */
export function endpointUrl(base: string, path: string): string {
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = path;
  return url.href;
}

async function call(url: string, method: string, timeoutMs: number): Promise<Response | string> {
  try {
    return await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      return `no answer from ${url} within ${timeoutMs} ms`;
    }
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
    return `cannot reach ${url}: ${code ?? (e instanceof Error ? e.message : String(e))}`;
  }
}

function s3State(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('services' in body)) return undefined;
  const services = body.services;
  if (typeof services !== 'object' || services === null || !('s3' in services)) return undefined;
  return typeof services.s3 === 'string' ? services.s3 : undefined;
}

export async function probeHealth(base: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const url = endpointUrl(base, HEALTH_PATH);
  const res = await call(url, 'GET', timeoutMs);
  if (typeof res === 'string') return { ok: false, reason: res };
  if (res.status !== 200) return { ok: false, reason: `${url} answered HTTP ${res.status}` };
  const body: unknown = await res.json().catch(() => undefined);
  const state = s3State(body);
  if (state === undefined) return { ok: false, reason: `${url} answered without services.s3` };
  if (!HEALTHY_STATES.has(state)) return { ok: false, reason: `s3 is ${state}` };
  return { ok: true, detail: `s3 ${state} at ${url}` };
}

export async function probeReset(base: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const url = endpointUrl(base, RESET_PATH);
  const res = await call(url, 'POST', timeoutMs);
  if (typeof res === 'string') return { ok: false, reason: res };
  await res.body?.cancel();
  if (res.status !== 200) return { ok: false, reason: `${url} answered HTTP ${res.status}` };
  return { ok: true, detail: `state reset at ${url}` };
}

function probeCommand(name: string, description: string, probe: typeof probeHealth) {
  return defineCommand({
    meta: { name, description },
    args: {
      url: { type: 'string', description: 'server base URL (default: from GATEWAY_LISTEN)' },
    },
    async run({ args }) {
      let base: string;
      try {
        base = args.url ?? defaultBaseUrl();
        new URL(base);
      } catch (e) {
        const what = e instanceof ConfigError ? e.message : `invalid --url ${JSON.stringify(args.url)}`;
        process.stderr.write(`${name}: ${what}\n`);
        process.exit(2);
      }
      const result = await probe(base);
      if (result.ok) {
        process.stdout.write(`${result.detail}\n`);
        process.exit(0);
      }
      process.stderr.write(`${name}: ${result.reason}\n`);
      process.exit(1);
    },
  });
}

export const healthCommand = probeCommand('health', 'Exit 0 when the server answers healthy (Docker HEALTHCHECK)', probeHealth);
export const resetCommand = probeCommand('reset', 'Drop every bucket and object on a running server', probeReset);
