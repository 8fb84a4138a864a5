/**
 * CPU placement and CPU time for the small-operation rounds (Linux).
 *
 * On a small machine the load generator and the server share the cores. Left to the scheduler they
 * preempt each other: on the 2-core CI VM the bare ceiling swung between 14.5k and 22k PUTs/s from
 * one round to the next, and every helper thread a server wakes (JIT, GC) lands on the client's core
 * now and then. With the client pinned to one core and the server (all its threads and children) to
 * the others, each target gets the same cores every time. The server's CPU time per operation is
 * measured too: when the client's core is the bottleneck, ops/s stops telling servers apart and
 * CPU per operation still does.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Placement {
  /** taskset CPU list for the load generator (this process), e.g. "1". */
  readonly client: string;
  /** taskset CPU list for each server, e.g. "0". */
  readonly server: string;
  /** The CPUs this process was allowed at first, restored by unpin. */
  readonly all: string;
}

/** "0-2,5" -> [0, 1, 2, 5]. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [from, to] = part.split('-').map(Number);
    const last = to ?? from;
    if (from === undefined || last === undefined || !Number.isInteger(from) || !Number.isInteger(last)) continue;
    for (let c = from; c <= last; c++) cpus.push(c);
  }
  return cpus;
}

/**
 * Of the CPUs this process may use (a container's cpuset need not start at 0), the last for the
 * client and the rest for the servers; undefined with one CPU or no taskset.
 */
export function placement(): Placement | undefined {
  let all: string;
  try {
    all = /Cpus_allowed_list:\s+(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
  } catch {
    return undefined;
  }
  const cpus = parseCpuList(all);
  const client = cpus.at(-1);
  if (client === undefined || cpus.length < 2 || spawnSync('taskset', ['--version']).status !== 0) return undefined;
  return { client: String(client), server: cpus.slice(0, -1).join(','), all };
}

/**
 * Every thread of `pid` and of its descendants (threads and processes started later inherit the
 * mask); false when taskset fails.
 */
export function pin(pid: number, cpus: string): boolean {
  const ok = spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
  return childrenOf(pid).reduce((all, child) => pin(child, cpus) && all, ok);
}

/** The CPUs the placement started from, again. */
export function unpin(pid: number, cores: Placement): boolean {
  return pin(pid, cores.all);
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * User + system CPU time of a process (all its threads, ended ones included: a server may run each
 * request on a thread of its own) and of its live descendants, in ms; undefined when it is gone.
 * Counted in 10 ms ticks: 0.5 µs per operation over a measured window of 20,000 (10 µs over the
 * 1,000 of --quick, which only checks that the bench runs).
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
