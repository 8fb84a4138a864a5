/**
 * For tests that make the server log on purpose (a failing MD5 worker, an internal error): the
 * lines are kept for the test to assert on instead of being printed. src/log.ts writes through
 * console.log (info and below) and console.error (warnings and errors).
 */
import { vi } from 'vitest';

/** Runs `run` with the log captured; `lines` holds each call's arguments joined by spaces. */
export async function captureLog<T>(run: () => Promise<T> | T): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const keep = (...args: unknown[]): void => {
    lines.push(args.map(String).join(' '));
  };
  const spies = [vi.spyOn(console, 'log').mockImplementation(keep), vi.spyOn(console, 'error').mockImplementation(keep)];
  try {
    return { value: await run(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
