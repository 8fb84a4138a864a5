/**
 * For tests that make the server log on purpose (a failing MD5 worker, an internal error): the
 * lines go to the test, through the logger's sink (setLogSink), instead of being printed.
 */
import { setLogSink } from '../../src/log.ts';

/** Runs `run` with the log captured: `lines` holds what it logged, one string per line. */
export async function captureLog<T>(run: () => Promise<T> | T): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const previous = setLogSink((line) => void lines.push(line));
  try {
    return { value: await run(), lines };
  } finally {
    setLogSink(previous);
  }
}
