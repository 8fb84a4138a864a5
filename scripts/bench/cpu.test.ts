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
    // A fixed amount of work, not a wall-clock spin: on a loaded machine a spin gets less CPU.
    const work = 'let x = 0; for (let i = 0; i < 3e8; i++) x = (x + i) | 0;';
    const inMain = processTreeCpuMs(process.pid) ?? Number.NaN;
    new Function(work)();
    const mainMs = (processTreeCpuMs(process.pid) ?? Number.NaN) - inMain;
    const before = processTreeCpuMs(process.pid) ?? Number.NaN;
    const worker = new Worker(URL.createObjectURL(new Blob([`${work} postMessage(0);`])));
    await new Promise((done) => { worker.onmessage = done; });
    worker.terminate();
    await Bun.sleep(50);
    expect((processTreeCpuMs(process.pid) ?? Number.NaN) - before).toBeGreaterThanOrEqual(mainMs * 0.7);
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
