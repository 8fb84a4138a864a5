/**
 * `lifecycle [--now DATE] [--days N] [--url URL]`: a lifecycle pass on a running server as of a
 * given time (POST /_ruststack/lifecycle/run); prints the pass's summary as JSON. Exit 0 on
 * success, 1 when the server refuses or cannot be reached, 2 for a bad flag.
 */
import { defineCommand } from 'citty';
import { ConfigError } from '../config.ts';
import { LIFECYCLE_RUN_PATH } from '../lifecycle/endpoint.ts';
import { defaultBaseUrl, endpointUrl, type ProbeResult } from './probe.ts';

/** A pass over millions of keys takes seconds: wait for it rather than time out like a probe. */
const RUN_TIMEOUT_MS = 600_000;

export function lifecycleRunUrl(base: string, now: string | undefined, days: string | undefined): string {
  const url = new URL(endpointUrl(base, LIFECYCLE_RUN_PATH));
  if (now !== undefined) url.searchParams.set('now', now);
  if (days !== undefined) url.searchParams.set('days', days);
  return url.href;
}

export async function runLifecycle(url: string, timeoutMs = RUN_TIMEOUT_MS): Promise<ProbeResult> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    return { ok: false, reason: `cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const text = await res.text();
  if (res.status !== 200) return { ok: false, reason: `${url} answered HTTP ${res.status}: ${text}` };
  return { ok: true, detail: text };
}

export const lifecycleCommand = defineCommand({
  meta: { name: 'lifecycle', description: 'Run a lifecycle pass on a running server, as of now or a given time' },
  args: {
    now: { type: 'string', description: 'evaluate as of this ISO 8601 time (default: the current time)' },
    days: { type: 'string', description: 'days added to that time, e.g. 40' },
    url: { type: 'string', description: 'server base URL (default: from GATEWAY_LISTEN)' },
  },
  async run({ args }) {
    let url: string;
    try {
      url = lifecycleRunUrl(args.url ?? defaultBaseUrl(), args.now, args.days);
    } catch (e) {
      const what = e instanceof ConfigError ? e.message : `invalid --url ${JSON.stringify(args.url)}`;
      process.stderr.write(`lifecycle: ${what}\n`);
      process.exit(2);
    }
    const result = await runLifecycle(url);
    if (result.ok) {
      process.stdout.write(`${result.detail}\n`);
      process.exit(0);
    }
    process.stderr.write(`lifecycle: ${result.reason}\n`);
    process.exit(1);
  },
});
