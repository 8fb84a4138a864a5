/**
 * The last recorded result (test/conformance/recorded.json, written with docs/COMPATIBILITY.md by
 * `--report`): `--check-recorded` fails a run whose pass rate is below it, so CI notices a
 * regression without anyone reading the report.
 */
import { readFileSync } from 'node:fs';
import type { Summary } from './summary.ts';

export interface Recorded {
  /** localstack/localstack commit the suite came from. */
  readonly commit: string;
  readonly files: readonly string[];
  readonly passed: number;
  readonly runnable: number;
}

function isRecorded(value: unknown): value is Recorded {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.commit === 'string' && Array.isArray(v.files) && v.files.every((f) => typeof f === 'string')
    && typeof v.passed === 'number' && typeof v.runnable === 'number';
}

export function loadRecorded(path: string): Recorded {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isRecorded(value)) throw new Error(`${path}: expected { commit, files, passed, runnable }`);
  return value;
}

export function recordedOf(s: Summary, meta: { commit: string; files: readonly string[] }): Recorded {
  const t = s.totals;
  return { commit: meta.commit, files: [...meta.files], passed: t.passed, runnable: t.passed + t.failed + t.errored };
}

/** Compares pass rates exactly (cross-multiplied counts, no rounding). */
export function compareToRecorded(s: Summary, recorded: Recorded): { ok: boolean; message: string } {
  const now = recordedOf(s, { commit: recorded.commit, files: recorded.files });
  const pct = (p: number, n: number): string => `${n === 0 ? '0.0' : ((p / n) * 100).toFixed(1)}%`;
  const ok = now.passed * recorded.runnable >= recorded.passed * now.runnable;
  const rates = `${now.passed}/${now.runnable} (${pct(now.passed, now.runnable)}) against the recorded `
    + `${recorded.passed}/${recorded.runnable} (${pct(recorded.passed, recorded.runnable)})`;
  return { ok, message: ok ? `pass rate holds: ${rates}` : `pass rate dropped: ${rates}` };
}
