/**
 * A child process run to its end without blocking this one. The notification run keeps moto's
 * server as a child whose output this process reads: while spawnSync waited for pytest, nothing
 * read it, moto's logging blocked on a full pipe with its lock held, and every moto request then
 * hung until the suite's clients timed out (a run of 27 tests took more than half an hour).
 */
import { spawn, type SpawnOptions } from 'node:child_process';

export interface Finished {
  /** The exit code; null when a signal ended it. */
  readonly status: number | null;
  readonly stdout: string;
}

/** Runs `cmd` with its stdout collected (stdin ignored, stderr as `stderr` says, default inherited). */
export function runProcess(cmd: string, args: readonly string[], opts: Pick<SpawnOptions, 'cwd' | 'env'> & { stderr?: 'inherit' | 'ignore' } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', opts.stderr ?? 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => void chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}
