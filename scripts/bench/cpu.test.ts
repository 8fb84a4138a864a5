import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpuList, pin, placement, processTreeCpuMs, unpin } from './cpu.ts';

const allowed = (pid: number): string => /Cpus_allowed_list:\s+(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';

/** A shell running `script`, and the first line it prints. */
async function startChild(script: string): Promise<{ pid: number; line: Promise<string>; kill: () => void }> {
  const proc = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const line = new Promise<string>((done) => {
    let text = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) done(text.slice(0, end));
    });
  });
  return { pid: proc.pid ?? -1, line, kill: () => process.kill(-(proc.pid ?? 0), 'SIGKILL') };
}

describe('bench CPU placement', () => {
  it('reads CPU lists as /proc and taskset write them', () => {
    expect(parseCpuList('0-1')).toEqual([0, 1]);
    expect(parseCpuList('0,2-4,7\n')).toEqual([0, 2, 3, 4, 7]);
    expect(parseCpuList('')).toEqual([]);
  });

  // Measured on a child of its own: this test's process holds every other test file's children
  // (servers, pytest), whose CPU time leaves the tree when they exit.
  it('counts the CPU time of a process and its descendants', async () => {
    // Spins until it has used 200 ms of CPU, not of wall time: other test files share the cores.
    const spin = 'while (process.cpuUsage().user < 200_000); console.log("spun"); await Bun.sleep(30_000);';
    const child = await startChild(`"${process.execPath}" -e '${spin}'`);
    try {
      // sh -> bun: the spinning is the descendant's, counted through sh.
      expect(await child.line).toBe('spun');
      expect(processTreeCpuMs(child.pid) ?? Number.NaN).toBeGreaterThanOrEqual(150);
    } finally {
      child.kill();
    }
    expect(processTreeCpuMs(2 ** 22 + 1)).toBeUndefined();
  });

  it('keeps the CPU time of threads that have ended', async () => {
    // The worker reports its own thread's CPU time; the process's must keep at least that once the
    // thread is gone.
    const worker = `
      const fs = await import("node:fs");
      let x = 0; for (let i = 0; i < 2e8; i++) x = (x + i) | 0;
      const f = fs.readFileSync("/proc/thread-self/stat", "utf8");
      const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
      postMessage((Number(fields[11]) + Number(fields[12])) * 10);`;
    const main = `
      const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(worker)}], { type: "text/javascript" })));
      const own = await new Promise((done) => { w.onmessage = (e) => done(e.data); });
      w.terminate(); await Bun.sleep(50); console.log(own); await Bun.sleep(30_000);`;
    const child = await startChild(`exec "${process.execPath}" -e '${main}'`);
    try {
      const own = Number(await child.line);
      expect(own).toBeGreaterThan(0);
      expect(processTreeCpuMs(child.pid) ?? Number.NaN).toBeGreaterThanOrEqual(own - 10);
    } finally {
      child.kill();
    }
  });

  it('pins a process and its children to the server cores, then frees them', async () => {
    const cores = placement();
    if (cores === undefined) return; // one core or no taskset: the bench runs unpinned
    const parent = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    try {
      const pid = parent.pid ?? -1;
      let child: number | undefined;
      for (let i = 0; i < 100 && child === undefined; i++) {
        const list = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
        if (list !== '') child = Number(list.split(' ')[0]);
        else await Bun.sleep(10);
      }
      expect(child).toBeDefined();
      expect(pin(pid, cores.server)).toBe(true);
      expect(allowed(pid)).toBe(cores.server);
      expect(allowed(child ?? -1)).toBe(cores.server);
      expect(unpin(pid, cores)).toBe(true);
      expect(allowed(child ?? -1)).toBe(cores.all);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
