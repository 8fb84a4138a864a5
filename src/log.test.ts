import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatPrefix, log, setLogLevel } from './log.ts';

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
});
