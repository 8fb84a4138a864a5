/**
 * The server's output, read line by line: `serve` prints `ruststack-s3 ready on http://HOST:PORT`
 * (at LOG_LEVEL info, in text or JSON lines) and then a bare `Ready.` at every level
 * (src/cli/serve.ts). Reading never stops, since a server whose pipe fills up blocks on its next log line.
 */
import type { Readable } from 'node:stream';

const KEEP_CHARS = 8 * 1024;
const READY_LINE = /ready on http:\/\/(?:\[[^\]]*\]|[^\s:/,"]+):(\d+)/;

export interface ServerOutput {
  /** Resolves at `Ready.` with the port the ready line named, or undefined when LOG_LEVEL hid that line. */
  readonly ready: Promise<number | undefined>;
  /** The last few KiB of stdout and stderr, for error messages. */
  tail(): string;
}

export function watchOutput(stdout: Readable, stderr: Readable, forward: boolean): ServerOutput {
  let kept = '';
  let pending = '';
  let port: number | undefined;
  let onReady: (port: number | undefined) => void = () => undefined;
  let seenReady = false;
  const ready = new Promise<number | undefined>((resolve) => {
    onReady = resolve;
  });
  const keep = (text: string): void => {
    kept = (kept + text).slice(-KEEP_CHARS);
  };
  stdout.setEncoding('utf8');
  stderr.setEncoding('utf8');
  stdout.on('data', (text: string) => {
    if (forward) process.stdout.write(text);
    keep(text);
    if (seenReady) return;
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = READY_LINE.exec(line);
      if (match?.[1] !== undefined && port === undefined) port = Number(match[1]);
      if (line.trim() === 'Ready.') {
        seenReady = true;
        onReady(port);
        return;
      }
    }
  });
  stderr.on('data', (text: string) => {
    if (forward) process.stderr.write(text);
    keep(text);
  });
  return { ready, tail: () => kept.trim() };
}
