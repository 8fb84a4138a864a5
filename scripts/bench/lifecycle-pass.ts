/**
 * bun scripts/bench/lifecycle-pass.ts [--keys 1000000] [--only <substring of a scenario name>] [--unsettled]
 *
 * How long a lifecycle pass over many objects takes and how long it holds the server: a server
 * in this process with KEYS objects put straight into its in-memory store, a pass started through
 * POST /_ruststack/lifecycle/run, and HEAD requests sent one after another meanwhile by a client
 * process of its own (so its sends and receipts do not wait for the pass's slices too). Prints the
 * pass's own figures (total, slices, longest slice) and the requests' latencies, per scenario:
 * nothing due (a scan), every object expiring unversioned (deletes), and versioned (delete markers).
 * Two scenarios run no pass: a user's first DeleteObject in a versioned bucket (its first delete
 * marker), and the server idle with the objects stored (the collector's own pauses, for comparison).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';
import { startServer } from '../../src/server/http-server.ts';
import type { LifecycleRule } from '../../src/protocol/generated/types.ts';
import { MemoryMetadataStore } from '../../src/state/memory-store.ts';
import { NO_METADATA, NO_TAGS, type S3Object } from '../../src/state/object.ts';
import { createBlobStore } from '../../src/storage/blob-store.ts';

const { values } = parseArgs({
  options: { keys: { type: 'string', default: '1000000' }, only: { type: 'string', default: '' }, unsettled: { type: 'boolean', default: false } },
});
const KEYS = Number(values.keys);
const LAST_MODIFIED = new Date('2026-01-01T00:00:00Z');
/** How long the scenarios without a pass watch the HEAD latencies. */
const WATCH_MS = 2000;

interface Scenario {
  readonly name: string;
  /** pass: a lifecycle pass; delete: one DeleteObject WATCH_MS/10 into the watch; idle: nothing. */
  readonly kind: 'pass' | 'delete' | 'idle';
  readonly rules?: LifecycleRule[];
  readonly versioning?: 'Enabled';
  /** A delete marker on another key first: the bucket's first delete marker is behind it. */
  readonly hadMarker?: boolean;
}

const LATER: LifecycleRule[] = [{ ID: 'later', Status: 'Enabled', Filter: {}, Expiration: { Days: 100_000 } }];
const NOW: LifecycleRule[] = [{ ID: 'now', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }];

const SCENARIOS: Scenario[] = [
  { name: 'idle, no pass (the collector alone)', kind: 'idle', versioning: 'Enabled' },
  { name: 'nothing due (scan)', kind: 'pass', rules: LATER },
  { name: 'all expire, unversioned (delete)', kind: 'pass', rules: NOW },
  { name: 'all expire, versioned (delete marker), the bucket\'s first', kind: 'pass', rules: NOW, versioning: 'Enabled' },
  { name: 'all expire, versioned (delete marker), the bucket had one', kind: 'pass', rules: NOW, versioning: 'Enabled', hadMarker: true },
  { name: 'a user\'s first DeleteObject, versioned (delete marker)', kind: 'delete', versioning: 'Enabled' },
];

/** HEAD requests one after another until stdin closes; then [sent at (epoch ms), latency (ms)] of each, as JSON. */
const CLIENT = `
const url = process.argv[process.argv.length - 1];
const latencies = [];
let stop = false;
process.stdin.on('end', () => { stop = true; });
process.stdin.resume();
while (!stop) {
  const sent = Date.now();
  const t0 = performance.now();
  const res = await fetch(url, { method: 'HEAD' });
  await res.arrayBuffer();
  latencies.push([sent, performance.now() - t0]);
}
// Exit once written: a long watch's output is larger than the pipe holds.
process.stdout.write(JSON.stringify(latencies), () => process.exit(0));
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Requests slower than each bound (ms): the histogram of pauses. */
const BOUNDS = [5, 10, 25, 50, 100];

function latencyLine(sorted: number[]): string {
  const over = BOUNDS.map((b) => `>${b} ms: ${sorted.filter((ms) => ms > b).length}`).join(', ');
  return `${sorted.length} requests, p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms,`
    + ` max ${(sorted[sorted.length - 1] ?? 0).toFixed(2)} ms; ${over}`;
}

/**
 * The server thread's time on a CPU and waiting for one (ms; Linux's schedstat): on a shared machine
 * a pause may be the scheduler's, which the wait shows.
 */
function schedstat(): { run: number; wait: number } | undefined {
  try {
    const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { run: (run ?? 0) / 1e6, wait: (wait ?? 0) / 1e6 };
  } catch {
    return undefined;
  }
}

function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * How long the event loop was held at a time: the gaps between ticks of a 1 ms timer, in wall time
 * and in the server thread's CPU time, which leaves out the time the scheduler gave other processes.
 */
function watchLoop(): () => { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let lastWall = performance.now();
  let lastCpu = threadCpuMs();
  const timer = setInterval(() => {
    const w = performance.now();
    const c = threadCpuMs();
    wall.push(w - lastWall);
    cpu.push(c - lastCpu);
    lastWall = w;
    lastCpu = c;
  }, 1);
  return () => {
    clearInterval(timer);
    return { wall, cpu };
  };
}

function holdsLine(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms, ${BOUNDS.slice(0, 3).map((b) => `>${b} ms: ${sorted.filter((x) => x > b).length}`).join(', ')}`;
}

const object = (key: string, versionId: string): S3Object => ({
  key, versionId, isDeleteMarker: false, lastModified: LAST_MODIFIED, ownerAccountId: '000000000000', size: 1, etag: '"e"',
  system: {}, metadata: NO_METADATA, storageClass: 'STANDARD', tags: NO_TAGS,
});

/** What the scenario does while the client watches: returns its own report line. */
async function act(scenario: Scenario, url: string): Promise<string> {
  if (scenario.kind === 'idle') {
    await Bun.sleep(WATCH_MS);
    return '  idle';
  }
  if (scenario.kind === 'delete') {
    await Bun.sleep(WATCH_MS / 10);
    const t0 = performance.now();
    const res = await fetch(`${url}/bench/data/00000000`, { method: 'DELETE' });
    const took = performance.now() - t0;
    await Bun.sleep(WATCH_MS - WATCH_MS / 10);
    return `  DeleteObject: ${res.status} ${res.headers.get('x-amz-delete-marker') === 'true' ? 'delete marker' : ''} in ${took.toFixed(2)} ms`;
  }
  const summary = await fetch(`${url}/_ruststack/lifecycle/run?now=2027-01-01T00:00:00Z`, { method: 'POST' })
    .then((r) => r.json() as Promise<Record<string, number>>);
  return `  pass: ${summary.durationMs} ms total, ${summary.slices} slices, longest slice ${summary.longestSliceMs} ms;`
    + ` expired ${summary.expired}, markers ${summary.deleteMarkersCreated}`;
}

async function runScenario(scenario: Scenario): Promise<void> {
  const state = new MemoryMetadataStore();
  const config = loadConfig({ GATEWAY_LISTEN: '127.0.0.1:0', LOG_LEVEL: 'warn', S3_LIFECYCLE_INTERVAL: '0', S3_CONSOLE: '0' });
  const blobs = createBlobStore({ maxMemoryObjectSize: config.maxMemoryObjectSize, tmpDir: config.tmpDir });
  const app = createApp(config, { storage: { state, blobs } });
  const server = startServer(app, { host: '127.0.0.1', port: 0 });
  const record = { ownerAccountId: '000000000000', region: 'us-east-1', creationDate: LAST_MODIFIED, configs: {}, mfaDelete: undefined, objectLockEnabled: false } as const;
  const bucket = state.createBucket({ ...record, name: 'bench', versioning: scenario.versioning });
  const probe = state.createBucket({ ...record, name: 'probe', versioning: undefined });
  const filled = performance.now();
  for (let i = 0; i < KEYS; i++) state.putVersion(bucket, object(`data/${String(i).padStart(8, '0')}`, scenario.versioning === undefined ? 'null' : `v${i}`));
  state.putVersion(probe, object('p', 'null'));
  if (scenario.hadMarker === true) state.putVersion(bucket, { ...object('~marker', 'm'), isDeleteMarker: true });
  if (scenario.rules !== undefined) state.setConfig(bucket, 'lifecycle', { rules: scenario.rules, transitionDefaultMinimumObjectSize: 'all_storage_classes_128K' });
  const fillMs = performance.now() - filled;
  // A server's objects arrive over minutes, not in the seconds of the fill: without a full collection
  // here, the collector's first passes over the new heap (pauses of 5-20 ms) land in the watch.
  if (!values.unsettled) Bun.gc(true);

  const client = Bun.spawn([process.execPath, '-e', CLIENT, `${server.url}/probe/p`], { stdin: 'pipe', stdout: 'pipe' });
  // The client's first requests (connection, JIT) come before the watch.
  await Bun.sleep(300);
  const start = Date.now();
  const sched = schedstat();
  const stopWatch = watchLoop();
  const report = await act(scenario, server.url);
  const holds = stopWatch();
  const end = Date.now();
  const schedEnd = schedstat();
  await client.stdin.end();
  const sent = JSON.parse(await new Response(client.stdout).text()) as Array<[number, number]>;
  const latencies = sent.filter(([at]) => at >= start && at <= end).map(([, ms]) => ms).sort((a, b) => a - b);
  console.log(`\n${scenario.name}: ${KEYS} keys (filled in ${fillMs.toFixed(0)} ms)`);
  console.log(report);
  console.log(`  HEAD meanwhile: ${latencyLine(latencies)}`);
  console.log(`  event loop held: ${holdsLine(holds.wall)}; on the server thread's CPU: ${holdsLine(holds.cpu)}`);
  if (sched !== undefined && schedEnd !== undefined) {
    console.log(`  server thread: ${(schedEnd.run - sched.run).toFixed(0)} ms on a CPU, ${(schedEnd.wait - sched.wait).toFixed(0)} ms waiting for one,`
      + ` of ${end - start} ms (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
  }
  await server.stop(true);
  await app.close();
}

for (const scenario of SCENARIOS) if (scenario.name.includes(values.only)) await runScenario(scenario);
