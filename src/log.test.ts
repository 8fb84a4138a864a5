import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatError, formatPrefix, log, setLogLevel } from './log.ts';

describe('log', () => {
  afterEach(() => {
    setLogLevel('info');
    vi.restoreAllMocks();
  });

  it('writes "[type] [tag]" heads, as consola\'s basic reporter', () => {
    expect(formatPrefix({ type: 'info', tag: '' })).toBe('[info]');
    expect(formatPrefix({ type: 'error', tag: 's3' })).toBe('[error] [s3]');
  });

  it('sends errors and warnings to stderr, the rest to stdout', () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    log.withTag('t').warn('careful');
    log.info('hello', 42);
    expect(err).toHaveBeenCalledWith('[warn] [t]', 'careful');
    expect(out).toHaveBeenCalledWith('[info]', 'hello', 42);
  });

  it('one LOG_LEVEL governs children tagged before it was set', () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const child = log.withTag('early');
    setLogLevel('warn');
    child.info('hidden');
    expect(out).not.toHaveBeenCalled();
    setLogLevel('debug');
    child.debug('shown');
    expect(out).toHaveBeenCalledWith('[debug] [early]', 'shown');
  });

  it('writes an error as one line: name, message and a few file:line frames, without source lines', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failure = nested(8);
    log.withTag('s3').error('internal error in PutObject (REQ42):', failure);
    const line = err.mock.calls[0]?.map(String).join(' ') ?? '';
    expect(line).toMatch(/^\[error\] \[s3\] internal error in PutObject \(REQ42\): RangeError: bad id -1 \(at /);
    expect(line).not.toContain('\n');
    expect(line).toContain('log.test.ts:');
    // Five frames of the nine the recursion made.
    expect(line.split(' < ')).toHaveLength(5);
    expect(line.length).toBeLessThan(1000);
  });

  it('flattens and cuts a long multi-line message, and writes thrown non-errors as text', () => {
    const long = formatError(new Error(`first\n${'x'.repeat(5000)}`));
    expect(long).not.toContain('\n');
    expect(long).toMatch(/^Error: first x+\.\.\. \(at /);
    expect(long.length).toBeLessThan(1500);
    expect(formatError('plain\nstring')).toBe('plain string');
  });
});

/** An error thrown `depth` calls deep. */
function nested(depth: number): Error {
  if (depth > 0) return nested(depth - 1);
  try {
    throw new RangeError('bad id -1');
  } catch (e) {
    if (e instanceof Error) return e;
    throw e;
  }
}
