/**
 * The crash test: the compiled binary with PERSISTENCE=1, under concurrent writes (puts,
 * overwrites, deletes, copies, multipart completes, bucket tagging; versioned and unversioned
 * buckets), is killed with SIGKILL at a random moment, N rounds. After each restart every
 * acknowledged write must be there, bytes hashed, and a write in flight at the kill either fully
 * there or fully absent. Bodies over 64 KiB spill to files, so both the database and the body files
 * are exercised.
 *
 *   npm run crash-test                           # 10 rounds, 6 workers, the host binary (built if stale)
 *   npm run crash-test -- --rounds 30 --workers 8 --binary dist/ruststack-s3-linux-x64
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHostBinary } from '../build.ts';
import { checkKey, settleKey, type KeyModel, type TagModel, type VersionedKeyModel } from './model.ts';
import { S3Http } from './s3-http.ts';

const KEYS_PER_WORKER = 6;
const SPILL_LIMIT = 64 * 1024;

interface Worker {
  readonly bucket: string;
  readonly versioned: boolean;
  readonly keys: Map<string, KeyModel>;
  readonly versionedKeys: Map<string, VersionedKeyModel>;
  readonly tag: TagModel;
  writes: number;
}

interface Server {
  readonly http: S3Http;
  readonly process: Bun.Subprocess<'ignore', 'pipe', 'pipe'>;
  output(): Promise<string>;
}

function body(): { bytes: Uint8Array<ArrayBuffer>; hash: string } {
  const size = Math.random() < 0.8 ? 1 + Math.floor(Math.random() * 4096) : SPILL_LIMIT + Math.floor(Math.random() * 240_000);
  const bytes = new Uint8Array(randomBytes(size));
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

async function startServer(binary: string, dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = Bun.spawn([binary, 'serve'], {
    env: { ...process.env, PERSISTENCE: '1', DATA_DIR: dataDir, GATEWAY_LISTEN: `127.0.0.1:${port}`, S3_MAX_MEMORY_OBJECT_SIZE: String(SPILL_LIMIT), LOG_LEVEL: 'warn' },
    stdin: 'ignore', stdout: 'pipe', stderr: 'pipe',
  });
  const http = new S3Http(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${http.endpoint}/_localstack/health`).then((r) => r.ok, () => false)) {
      return { http, process: child, output: async () => (await new Response(child.stdout).text()) + (await new Response(child.stderr).text()) };
    }
    await Bun.sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not become healthy: ${await new Response(child.stderr).text()}`);
}

/** One write on one of the worker's keys, recorded as pending until acknowledged. */
async function writeOnce(http: S3Http, w: Worker): Promise<void> {
  const key = `k${Math.floor(Math.random() * KEYS_PER_WORKER)}`;
  const roll = Math.random();
  if (roll < 0.1) {
    const value = String(w.writes);
    w.tag.pending = value;
    await http.putTag(w.bucket, value);
    w.tag.acked = value;
    delete w.tag.pending;
    return;
  }
  const op = roll < 0.6 ? 'put' : roll < 0.72 ? 'delete' : roll < 0.86 ? 'multipart' : 'copy';
  const source = `k${Math.floor(Math.random() * KEYS_PER_WORKER)}`;
  const sourceContent = w.versioned ? undefined : w.keys.get(source)?.acked;
  if (op === 'copy' && (w.versioned || sourceContent === null || sourceContent === undefined || source === key)) return;
  const payload = op === 'put' || op === 'multipart' ? body() : undefined;
  const content = op === 'delete' ? null : op === 'copy' ? sourceContent ?? null : payload?.hash ?? null;
  const versionedModel = w.versionedKeys.get(key);
  const model = w.keys.get(key) ?? versionedModel;
  if (model === undefined) throw new Error(`no model for ${key}`);
  model.pending = content;
  let versionId: string | undefined;
  if (op === 'put') versionId = await http.put(w.bucket, key, payload?.bytes ?? new Uint8Array(0));
  else if (op === 'multipart') versionId = await http.multipart(w.bucket, key, payload?.bytes ?? new Uint8Array(0));
  else if (op === 'delete') versionId = await http.delete(w.bucket, key);
  else versionId = await http.copy(w.bucket, key, source);
  if (versionedModel !== undefined) {
    if (versionId === undefined) throw new Error(`${w.bucket}/${key}: a versioned write answered no version id`);
    versionedModel.acked.set(versionId, content);
    delete versionedModel.pending;
  } else {
    const plain = w.keys.get(key);
    if (plain !== undefined) settleKey(plain, content);
  }
  w.writes += 1;
}

async function runWorker(http: S3Http, w: Worker, state: { killed: boolean }, failures: string[]): Promise<void> {
  while (!state.killed) {
    try {
      await writeOnce(http, w);
    } catch (e) {
      if (!state.killed) failures.push(`${w.bucket}: ${e instanceof Error ? e.message : String(e)} (before the kill)`);
      return;
    }
  }
}

async function verifyVersioned(http: S3Http, w: Worker, key: string, model: VersionedKeyModel, problems: string[]): Promise<void> {
  const listed = await http.versions(w.bucket, key);
  for (const [id, content] of model.acked) {
    if (!listed.has(id)) problems.push(`${w.bucket}/${key}: acknowledged version ${id} is missing`);
    else if ((content === null) !== listed.get(id)) problems.push(`${w.bucket}/${key}: version ${id} changed kind`);
    else if (content !== null && (await http.content(w.bucket, key, id)) !== content) problems.push(`${w.bucket}/${key}: version ${id} has other bytes`);
  }
  const extra = [...listed.keys()].filter((id) => !model.acked.has(id));
  if (extra.length > (model.pending === undefined ? 0 : 1)) problems.push(`${w.bucket}/${key}: unexpected versions ${extra.join(', ')}`);
  for (const id of extra) {
    const content = listed.get(id) === true ? null : await http.content(w.bucket, key, id);
    if (content !== model.pending) problems.push(`${w.bucket}/${key}: the unacknowledged version ${id} is torn or foreign`);
    model.acked.set(id, content);
  }
  delete model.pending;
}

async function verify(http: S3Http, workers: readonly Worker[]): Promise<{ problems: string[]; pendingApplied: number; pendingAbsent: number }> {
  const problems: string[] = [];
  let pendingApplied = 0;
  let pendingAbsent = 0;
  for (const w of workers) {
    for (const [key, model] of w.keys) {
      const actual = await http.content(w.bucket, key);
      const problem = checkKey(model, actual);
      if (problem !== undefined) problems.push(`${w.bucket}/${key}: ${problem}`);
      if (model.pending !== undefined && model.pending !== model.acked) actual === model.pending ? pendingApplied++ : pendingAbsent++;
      settleKey(model, actual);
    }
    for (const [key, model] of w.versionedKeys) await verifyVersioned(http, w, key, model, problems);
    const tag = await http.tag(w.bucket);
    if (tag !== w.tag.acked && tag !== w.tag.pending) problems.push(`${w.bucket}: tag ${tag} is neither ${w.tag.acked} nor ${w.tag.pending}`);
    w.tag.acked = tag;
    delete w.tag.pending;
  }
  return { problems, pendingApplied, pendingAbsent };
}

function newWorker(i: number): Worker {
  const versioned = i % 2 === 1;
  const w: Worker = { bucket: `crash-${i}`, versioned, keys: new Map(), versionedKeys: new Map(), tag: { acked: undefined }, writes: 0 };
  for (let k = 0; k < KEYS_PER_WORKER; k++) {
    if (versioned) w.versionedKeys.set(`k${k}`, { acked: new Map() });
    else w.keys.set(`k${k}`, { acked: null });
  }
  return w;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, workers: { type: 'string', default: '6' }, binary: { type: 'string' } } });
  const rounds = Number(values.rounds);
  const binary = values.binary ?? await ensureHostBinary();
  const dataDir = mkdtempSync(join(tmpdir(), 'ruststack-crash-'));
  const workers = Array.from({ length: Number(values.workers) }, (_, i) => newWorker(i));
  const started = performance.now();
  let failures: string[] = [];
  let totals = { writes: 0, applied: 0, absent: 0 };
  try {
    let server = await startServer(binary, dataDir);
    for (const w of workers) await server.http.createBucket(w.bucket, w.versioned);
    for (let round = 1; round <= rounds && failures.length === 0; round++) {
      const state = { killed: false };
      const running = workers.map((w) => runWorker(server.http, w, state, failures));
      await Bun.sleep(200 + Math.random() * 1300);
      state.killed = true;
      server.process.kill('SIGKILL');
      await Promise.all([server.process.exited, ...running]);
      server = await startServer(binary, dataDir);
      const result = await verify(server.http, workers);
      failures = failures.concat(result.problems);
      totals = { writes: workers.reduce((n, w) => n + w.writes, 0), applied: totals.applied + result.pendingApplied, absent: totals.absent + result.pendingAbsent };
      console.log(`round ${round}: ${totals.writes} acknowledged writes so far, ${result.problems.length} problems`);
    }
    server.process.kill('SIGTERM');
    const output = await Promise.race([server.output(), Bun.sleep(5000).then(() => '')]);
    if (/lost their body file/.test(output)) failures.push('the server reported versions whose body file was missing');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${rounds} rounds in ${seconds} s: ${totals.writes} acknowledged writes verified; unacknowledged writes found applied ${totals.applied}, absent ${totals.absent}`);
  if (failures.length > 0) {
    console.error(`FAILED:\n${failures.slice(0, 30).join('\n')}`);
    process.exit(1);
  }
}

await main();
