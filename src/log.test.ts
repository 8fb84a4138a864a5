import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LineSink } from './log-line.ts';
import { formatError, log, logLine, setLogFormat, setLogLevel, setLogSink } from './log.ts';

describe('log', () => {
  let lines: [string, boolean][];
  let previous: LineSink;
  beforeEach(() => {
    lines = [];
    previous = setLogSink((line, toStderr) => void lines.push([line, toStderr]));
  });
  afterEach(() => {
    setLogLevel('info');
    setLogFormat('text');
    setLogSink(previous);
  });

  it('writes "[level] [tag] message" lines: errors and warnings to stderr, the rest to stdout', () => {
    log.withTag('t').warn('careful');
    log.info('hello', 42, { a: 1 });
    expect(lines).toEqual([['[warn] [t] careful', true], ['[info] hello 42 {"a":1}', false]]);
  });

  it('one LOG_LEVEL governs children tagged before it was set', () => {
    const child = log.withTag('early');
    setLogLevel('warn');
    child.info('hidden');
    logLine('info', 'x', 'hidden too');
    expect(lines).toEqual([]);
    setLogLevel('debug');
    child.debug('shown');
    expect(lines).toEqual([['[debug] [early] shown', false]]);
  });

  it('writes every line as one JSON object with LOG_FORMAT=json, fields included', () => {
    setLogFormat('json');
    log.withTag('s3').error('internal error in PutObject (REQ42):', new RangeError('bad'));
    logLine('info', '', 'configuration', { listen: '0.0.0.0:4566', signatureValidation: false });
    const parsed = lines.map(([line]) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({ level: 'error', tag: 's3', msg: expect.stringMatching(/^internal error in PutObject \(REQ42\): RangeError: bad \(at /) });
    expect(parsed[1]).toMatchObject({ level: 'info', msg: 'configuration', listen: '0.0.0.0:4566', signatureValidation: false });
    expect(lines.map(([, toStderr]) => toStderr)).toEqual([true, false]);
  });

  it('writes an error as one line: name, message and a few file:line frames, without source lines', () => {
    const failure = nested(8);
    log.withTag('s3').error('internal error in PutObject (REQ42):', failure);
    const line = lines[0]?.[0] ?? '';
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
