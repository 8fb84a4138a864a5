/**
 * The workloads. Small objects and listings go through SignedClient (signed and framed as the JS SDK
 * does: SigV4, aws-chunked with a CRC32 trailer on PUT, written straight to kept-alive sockets)
 * because the SDK's middleware caps one process near 2.6k requests/s, which would measure the
 * client; the large object goes through
 * @aws-sdk/client-s3 itself (streamed, checksums as the SDK defaults), with the server's peak RSS.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { rateOf, type Rate } from './stats.ts';
import { SignedClient } from './signed-client.ts';
import { processTreeCpuMs } from './cpu.ts';
import { rssMiB, type Running } from './targets.ts';

export function client(endpoint: string, sockets: number): S3Client {
  return new S3Client({
    endpoint, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }) }),
  });
}

/** Runs `op(i)` with `concurrency` workers for `count` operations or `maxMs`, whichever ends first. */
async function drive(concurrency: number, count: number, maxMs: number, op: (i: number) => Promise<unknown>): Promise<Rate> {
  const latencies: number[] = [];
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && performance.now() - t0 < maxMs) {
      const i = next++;
      const s = performance.now();
      await op(i);
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return rateOf(latencies, performance.now() - t0);
}

export type SmallOp = 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject';
export const SMALL_OPS: readonly SmallOp[] = ['PutObject', 'GetObject', 'HeadObject', 'DeleteObject'];

export interface SmallOpsPlan {
  readonly concurrency: number;
  /** Operations measured per kind (or fewer, when `maxMs` runs out first). */
  readonly count: number;
  readonly maxMs: number;
  /** Operations of the same kind run first and not measured (at most `warmMs`). */
  readonly warmCount: number;
  readonly warmMs: number;
}

export interface SmallOpsRate extends Rate {
  /** The target's CPU time (all its threads and child processes) per measured operation, in µs. */
  readonly serverCpuUs: number | undefined;
  /** This process's (the load generator's) CPU time per measured operation, in µs. */
  readonly clientCpuUs: number;
  /** Event messages the target delivered per operation, warm-up included (targets that send events). */
  readonly eventsPerOp?: number | undefined;
}

/**
 * Each kind of operation is warmed up before it is measured, for every target alike: a server
 * measured in steady state, as a long-running emulator is, rather than while its runtime is still
 * compiling the request path (JavaScriptCore's optimizing tier compiles hot functions only after
 * thousands of calls, and on a 2-core machine that compilation competes with the load generator).
 */
export interface SmallOpsSession {
  /** Warms up and measures one kind. Run PutObject before DeleteObject: the measured DELETEs remove the objects the measured PUTs made. */
  run(op: SmallOp): Promise<SmallOpsRate>;
  /** Closes its connections (a threaded server such as moto keeps a thread on each). */
  close(): void;
}

/** One bucket on one target for one concurrency, whose kinds of operation the caller runs one at a time. */
export async function smallOpsSession(t: Running, plan: SmallOpsPlan): Promise<SmallOpsSession> {
  const c = new SignedClient(t.endpoint);
  const Bucket = `bench-small-${plan.concurrency}-${Date.now()}`;
  await c.createBucket(Bucket);
  await t.setupBucket?.(Bucket);
  const body = new Uint8Array(1024).fill(7);
  const ops = (prefix: string): Record<SmallOp, (i: number) => Promise<unknown>> => ({
    PutObject: (i) => c.put(Bucket, `${prefix}${i % plan.count}`, body),
    GetObject: (i) => c.get(Bucket, `k/${i % 50}`),
    HeadObject: (i) => c.head(Bucket, `k/${i % 50}`),
    DeleteObject: (i) => c.delete(Bucket, `${prefix}${i}`),
  });
  // The warm-up writes and deletes its own keys.
  const warm = ops('w/');
  const measured = ops('k/');
  return {
    async run(op) {
      const events0 = await t.eventsReceived?.();
      const warmed = plan.warmCount > 0 ? (await drive(plan.concurrency, plan.warmCount, plan.warmMs, warm[op])).count : 0;
      const server0 = processTreeCpuMs(t.pid);
      const client0 = process.cpuUsage();
      const rate = await drive(plan.concurrency, plan.count, plan.maxMs, measured[op]);
      const client = process.cpuUsage(client0);
      const server1 = processTreeCpuMs(t.pid);
      const events = events0 === undefined ? undefined : await settledCount(t, events0);
      return {
        ...rate,
        eventsPerOp: events === undefined ? undefined : (events - (events0 ?? 0)) / (warmed + rate.count),
        serverCpuUs: server0 === undefined || server1 === undefined ? undefined : (server1 - server0) * 1000 / rate.count,
        clientCpuUs: (client.user + client.system) / rate.count,
      };
    },
    close: () => c.close(),
  };
}

/** The target's event count once deliveries stop arriving (the queue drains after the load ends). */
async function settledCount(t: Running, floor: number): Promise<number | undefined> {
  let last = floor;
  for (let i = 0; i < 25; i++) {
    await Bun.sleep(200);
    const now = await t.eventsReceived?.();
    if (now === undefined || now === last) return now;
    last = now;
  }
  return last;
}

export interface ListBucket {
  readonly name: string;
  readonly size: number;
  /** Pages start here: the middle of the bucket. */
  readonly startAfter: string;
}

/** A bucket of `size` one-byte objects named like a dataset (`data/g0000123/obj-4`). */
export async function fillListBucket(t: Running, size: number): Promise<ListBucket> {
  const c = new SignedClient(t.endpoint);
  const name = `bench-list-${size}-${Date.now()}`;
  await c.createBucket(name);
  const key = (i: number): string => `data/g${String(Math.floor(i / 10)).padStart(7, '0')}/obj-${i % 10}`;
  const one = new Uint8Array([120]);
  try {
    await drive(32, size, Number.POSITIVE_INFINITY, (i) => c.put(name, key(i), one));
  } finally {
    c.close();
  }
  return { name, size, startAfter: key(Math.floor(size / 2) - 500) };
}

/** Milliseconds of each of `pages` 1000-key ListObjectsV2 pages from the middle of the bucket. */
export async function listPages(t: Running, bucket: ListBucket, pages: number): Promise<number[]> {
  const c = new SignedClient(t.endpoint);
  const out: number[] = [];
  try {
    for (let i = 0; i < pages; i++) {
      const s = performance.now();
      await c.list(bucket.name, bucket.startAfter, 1000);
      out.push(performance.now() - s);
    }
  } finally {
    c.close();
  }
  return out;
}

export interface LargeResult {
  readonly putMBps: number;
  readonly getMBps: number;
  readonly peakRssMiB: number;
}

function pattern(bytes: number): Readable {
  const chunk = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      const n = Math.min(chunk.length, bytes - sent);
      sent += n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/**
 * Writes `mib` MiB to a file in the temp dir and deletes it. This VM hands freed guest memory back to its
 * host, and the first use of such a page costs the kernel a fault into the hypervisor: writing a
 * fresh 1 GiB file took 1.1-2.2 s of kernel time after the VM sat idle, 0.18 s right after another
 * file's pages had been written and freed (touching anonymous memory instead helped little, 0.6-1.3
 * s). A server that stores the body pays this for its page cache; the ceiling, which keeps nothing,
 * never does. Done before every target's large object alike, so each finds the page cache as it is
 * on a machine that does not give memory back.
 */
export function warmPageCache(mib: number): void {
  const path = join(tmpdir(), `bench-warm-${process.pid}.bin`);
  const block = new Uint8Array(1024 * 1024).fill(1);
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < mib; i++) writeSync(fd, block);
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

export async function largeObject(t: Running, mib: number): Promise<LargeResult> {
  const s3 = client(t.endpoint, 4);
  const Bucket = `bench-large-${Date.now()}`;
  const bytes = mib * 1024 * 1024;
  await s3.send(new CreateBucketCommand({ Bucket }));
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMiB(t.pid) ?? 0); }, 20);
  try {
    let s = performance.now();
    await s3.send(new PutObjectCommand({ Bucket, Key: 'large', Body: pattern(bytes), ContentLength: bytes }));
    const putMBps = bytes / 1e6 / ((performance.now() - s) / 1000);
    s = performance.now();
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'large' }));
    let received = 0;
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) received += chunk.byteLength;
    const getMBps = received / 1e6 / ((performance.now() - s) / 1000);
    return { putMBps, getMBps, peakRssMiB: peak };
  } finally {
    clearInterval(sampler);
    s3.destroy();
  }
}
