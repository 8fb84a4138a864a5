/**
 * bun scripts/bench/lifecycle-pass.ts [--keys 1000000]
 *
 * How long a lifecycle pass over many objects takes and how long it holds the server: a server
 * in this process with KEYS objects put straight into its in-memory store, a pass started through
 * POST /_ruststack/lifecycle/run, and HEAD requests sent one after another meanwhile by a client
 * process of its own (so its sends and receipts do not wait for the pass's slices too). Prints the
 * pass's own figures (total, slices, longest slice) and the requests' latencies, per scenario:
 * nothing due (a scan), every object expiring unversioned (deletes), and versioned (delete markers;
 * a bucket's first delete marker makes its index build the tree of live keys, O(n) at once).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/core/app.ts';
import { startServer } from '../../src/server/http-server.ts';
import type { LifecycleRule } from '../../src/protocol/generated/types.ts';
import { MemoryMetadataStore } from '../../src/state/memory-store.ts';
import { NO_METADATA, NO_TAGS, type S3Object } from '../../src/state/object.ts';
import { createBlobStore } from '../../src/storage/blob-store.ts';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '1000000' } } });
const KEYS = Number(values.keys);
const LAST_MODIFIED = new Date('2026-01-01T00:00:00Z');

interface Scenario {
  readonly name: string;
  readonly rules: LifecycleRule[];
  readonly versioning?: 'Enabled';
  /** A delete marker on another key first: the index's tree of live keys already exists (see ObjectIndex). */
  readonly hadMarker?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'nothing due (scan)', rules: [{ ID: 'later', Status: 'Enabled', Filter: {}, Expiration: { Days: 100_000 } }] },
  { name: 'all expire, unversioned (delete)', rules: [{ ID: 'now', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }] },
  { name: 'all expire, versioned (delete marker), the bucket\'s first', rules: [{ ID: 'now', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }], versioning: 'Enabled' },
  { name: 'all expire, versioned (delete marker), the bucket had one', rules: [{ ID: 'now', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }], versioning: 'Enabled', hadMarker: true },
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
process.stdout.write(JSON.stringify(latencies));
process.exit(0);
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
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
  const object = (key: string, versionId: string): S3Object => ({
    key, versionId, isDeleteMarker: false, lastModified: LAST_MODIFIED, ownerAccountId: '000000000000', size: 1, etag: '"e"',
    system: {}, metadata: NO_METADATA, storageClass: 'STANDARD', tags: NO_TAGS,
  });
  const filled = performance.now();
  for (let i = 0; i < KEYS; i++) state.putVersion(bucket, object(`data/${String(i).padStart(8, '0')}`, scenario.versioning === undefined ? 'null' : `v${i}`));
  state.putVersion(probe, object('p', 'null'));
  if (scenario.hadMarker === true) state.putVersion(bucket, { ...object('~marker', 'm'), isDeleteMarker: true });
  state.setConfig(bucket, 'lifecycle', { rules: scenario.rules, transitionDefaultMinimumObjectSize: 'all_storage_classes_128K' });
  const fillMs = performance.now() - filled;

  const client = Bun.spawn([process.execPath, '-e', CLIENT, `${server.url}/probe/p`], { stdin: 'pipe', stdout: 'pipe' });
  // The client's first requests (connection, JIT) come before the pass.
  await Bun.sleep(300);
  const passStart = Date.now();
  const summary = await fetch(`${server.url}/_ruststack/lifecycle/run?now=2027-01-01T00:00:00Z`, { method: 'POST' })
    .then((r) => r.json() as Promise<Record<string, number>>);
  const passEnd = Date.now();
  await client.stdin.end();
  const sent = JSON.parse(await new Response(client.stdout).text()) as Array<[number, number]>;
  const latencies = sent.filter(([at]) => at >= passStart && at <= passEnd).map(([, ms]) => ms).sort((a, b) => a - b);
  console.log(`\n${scenario.name}: ${KEYS} keys (filled in ${fillMs.toFixed(0)} ms)`);
  console.log(`  pass: ${summary.durationMs} ms total, ${summary.slices} slices, longest slice ${summary.longestSliceMs} ms;`
    + ` expired ${summary.expired}, markers ${summary.deleteMarkersCreated}`);
  console.log(`  HEAD during the pass: ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(2)} ms,`
    + ` p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${(latencies[latencies.length - 1] ?? 0).toFixed(2)} ms`);
  await server.stop(true);
  await app.close();
}

for (const scenario of SCENARIOS) await runScenario(scenario);
