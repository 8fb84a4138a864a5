/**
 * CPU placement and CPU time for the small-operation rounds (Linux).
 *
 * On a small machine the load generator and the server share the cores. Left to the scheduler they
 * preempt each other: on the 2-core CI VM the bare ceiling swung between 14.5k and 22k PUTs/s from
 * one run to the next, and every helper thread a server wakes (JIT, GC) lands on the client's core
 * now and then. With the client pinned to one core and the server (all its threads and children) to
 * the others, each target gets the same cores every time. The server's CPU time per operation is
 * measured too: when the client's core is the bottleneck, ops/s stops telling servers apart and
 * CPU per operation still does.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface Placement {
  /** taskset CPU list for the load generator (this process), e.g. "1". */
  readonly client: string;
  /** taskset CPU list for each server, e.g. "0". */
  readonly server: string;
}

/** The last core for the client, the rest for the server; undefined with one core or no taskset. */
export function placement(): Placement | undefined {
  const n = availableParallelism();
  if (n < 2 || spawnSync('taskset', ['--version']).status !== 0) return undefined;
  return { client: String(n - 1), server: n === 2 ? '0' : `0-${n - 2}` };
}

/**
 * Every thread of `pid` and of its descendants (threads and processes started later inherit the
 * mask); false when taskset fails.
 */
export function pin(pid: number, cpus: string): boolean {
  const ok = spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
  return childrenOf(pid).reduce((all, child) => pin(child, cpus) && all, ok);
}

/** All CPUs again. */
export function unpin(pid: number): boolean {
  return pin(pid, `0-${availableParallelism() - 1}`);
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * User + system CPU time of a process (all its threads, ended ones included: a server may run each
 * request on a thread of its own) and of its live descendants, in ms; undefined when it is gone.
 * Counted in 10 ms ticks: 0.5 µs per operation over a measured window of 20,000.
 */
export function processTreeCpuMs(pid: number): number | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after "(comm) ": state is [0], utime [11], stime [12].
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  let ms = (Number(f[11]) + Number(f[12])) * TICK_MS;
  for (const child of childrenOf(pid)) ms += processTreeCpuMs(child) ?? 0;
  return ms;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (list !== '') out.push(...list.split(' ').map(Number));
    }
  } catch {
    // The process or a thread ended meanwhile.
  }
  return out;
}
