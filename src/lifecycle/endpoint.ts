/**
 * `POST /_ruststack/lifecycle/run[?now=<ISO 8601>][&days=<n>]`: a lifecycle pass as of `now`
 * (default: the current time) plus `days`, so a test can see what AWS's daily run would have done
 * 40 days from now. Answers the pass's summary as JSON.
 */
import { log as rootLog } from '../log.ts';
import { DAY_MS } from './rules.ts';
import type { LifecycleRunner } from './runner.ts';

export const LIFECYCLE_RUN_PATH = '/_ruststack/lifecycle/run';
const log = rootLog.withTag('lifecycle');

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** The time a pass evaluates as of, or why the query names none. */
export function asOf(query: URLSearchParams, realNow: number): Date | string {
  let ms = realNow;
  const now = query.get('now');
  if (now !== null) {
    ms = Date.parse(now);
    if (Number.isNaN(ms)) return `invalid now=${JSON.stringify(now)}: expected an ISO 8601 date, e.g. 2030-01-01T00:00:00Z`;
  }
  const days = query.get('days');
  if (days !== null) {
    if (!/^-?\d+(?:\.\d+)?$/.test(days)) return `invalid days=${JSON.stringify(days)}: expected a number of days`;
    ms += Number(days) * DAY_MS;
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'the date is out of range' : date;
}

export async function lifecycleRunResponse(runner: LifecycleRunner, url: URL): Promise<Response> {
  const when = asOf(url.searchParams, Date.now());
  if (typeof when === 'string') return json(400, { status: 'invalid', message: when });
  try {
    return json(200, { status: 'done', ...(await runner.run(when)) });
  } catch (e) {
    log.error('lifecycle pass failed:', e);
    return json(500, { status: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}
