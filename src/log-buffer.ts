/**
 * A sink that gathers lines and writes them once per turn of the event loop: one write per request
 * line costs more than building the line. Errors and warnings go out at once, after what is pending,
 * so the order of lines is kept.
 */
import type { LineSink } from './log-line.ts';

/** Past this many characters pending, write now rather than at the end of the turn. */
const MAX_PENDING = 64 * 1024;

export interface BufferedSink {
  readonly sink: LineSink;
  /** Writes what is pending (at exit: a line is otherwise lost with the process). */
  flush(): void;
}

export function bufferedSink(target: LineSink): BufferedSink {
  let pending = '';
  let scheduled = false;
  function flush(): void {
    scheduled = false;
    if (pending === '') return;
    const lines = pending;
    pending = '';
    target(lines, false);
  }
  const sink: LineSink = (line, toStderr) => {
    if (toStderr) {
      flush();
      target(line, true);
      return;
    }
    pending = pending === '' ? line : `${pending}\n${line}`;
    if (pending.length >= MAX_PENDING) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return { sink, flush };
}
