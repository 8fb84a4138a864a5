import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpuList, pin, placement, processTreeCpuMs, unpin } from './cpu.ts';

const allowed = (pid: number): string => /Cpus_allowed_list:\s+(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';

describe('bench CPU placement', () => {
  it('reads CPU lists as /proc and taskset write them', () => {
    expect(parseCpuList('0-1')).toEqual([0, 1]);
    expect(parseCpuList('0,2-4,7\n')).toEqual([0, 2, 3, 4, 7]);
    expect(parseCpuList('')).toEqual([]);
  });

  it('counts the CPU time a process spends', () => {
    const before = processTreeCpuMs(process.pid) ?? Number.NaN;
    const until = performance.now() + 50;
    let spins = 0;
    while (performance.now() < until) spins++;
    expect(spins).toBeGreaterThan(0);
    expect((processTreeCpuMs(process.pid) ?? Number.NaN) - before).toBeGreaterThan(20);
    expect(processTreeCpuMs(2 ** 22 + 1)).toBeUndefined();
  });

  it('keeps the CPU time of threads that have ended', async () => {
    // The worker reports its own thread's CPU time; the process's must keep at least that once the
    // thread is gone. (The process also holds other test threads, which only add to it.)
    const source = `
      const fs = await import('node:fs');
      let x = 0; for (let i = 0; i < 2e8; i++) x = (x + i) | 0;
      const f = fs.readFileSync('/proc/thread-self/stat', 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      postMessage((Number(fields[11]) + Number(fields[12])) * ${1000 / 100});`;
    const before = processTreeCpuMs(process.pid) ?? Number.NaN;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const own = await new Promise<number>((done) => { worker.onmessage = (e: MessageEvent<number>) => done(e.data); });
    worker.terminate();
    await Bun.sleep(50);
    expect(own).toBeGreaterThan(0);
    expect((processTreeCpuMs(process.pid) ?? Number.NaN) - before).toBeGreaterThanOrEqual(own - 10);
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
