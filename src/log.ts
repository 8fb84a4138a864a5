/**
 * The process's logger: consola, reporting through our own sink (src/log-line.ts) rather than
 * consola's default reporter, which writes to process.stdout: initialising Node's stream objects
 * costs ~6 MiB of resident memory in an otherwise idle server. Every tagged child follows the one
 * LOG_LEVEL and LOG_FORMAT, whenever it was created. An error is written as one line (formatError).
 */
import { createConsola, type ConsolaInstance, type LogObject } from 'consola/core';
import type { LogFormat, LogLevel } from './config.ts';
import { consoleSink, formatLine, type LineLevel, type LineSink, type LogFields } from './log-line.ts';

// consola's numeric levels: 0 fatal/error, 1 warn, 2 log, 3 info, 4 debug, 5 trace.
const LEVELS: Record<LogLevel, number> = { error: 0, warn: 1, info: 3, debug: 4, trace: 5 };
const LINE_LEVELS: readonly LineLevel[] = ['error', 'warn', 'info', 'info', 'debug', 'trace'];
let threshold = LEVELS.info;
let format: LogFormat = 'text';
let sink: LineSink = consoleSink;

/** Stack frames a logged error keeps: enough to find the place, few enough for one line. */
const STACK_FRAMES = 5;
const MAX_MESSAGE = 500;
const FRAME = /^\s*at (?:async )?(.+)$/;

/**
 * `Name: message (at f (src/a.ts:1:2) < g (src/b.ts:3:4) ...)` on one line. Bun's console prints
 * an Error with the source lines around the throw: in the compiled binary, kilobytes of minified
 * bundle. The binary carries a source map, so the frames name the sources.
 */
export function formatError(e: unknown): string {
  if (!(e instanceof Error)) return oneLine(String(e));
  const frames: string[] = [];
  for (const line of (e.stack ?? '').split('\n')) {
    const frame = FRAME.exec(line)?.[1];
    if (frame !== undefined && frames.push(frame) === STACK_FRAMES) break;
  }
  const head = oneLine(`${e.name}: ${e.message}`);
  return frames.length === 0 ? head : `${head} (at ${frames.join(' < ')})`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}...` : flat;
}

/** A consola argument as message text: errors on one line, objects as JSON. */
function argText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return formatError(arg);
  if (typeof arg !== 'object' || arg === null) return String(arg);
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

function report(o: LogObject): void {
  if (o.level > threshold) return;
  const level = LINE_LEVELS[o.level] ?? 'trace';
  const msg = o.args.length === 1 ? argText(o.args[0]) : o.args.map(argText).join(' ');
  // Errors and warnings go to stderr, the rest to stdout, as consola's basic reporter does.
  sink(formatLine(format, level, o.tag, msg), o.level < 2);
}

// consola filters by its own level before reporting; ours is applied in report() so that children
// created by withTag() before LOG_LEVEL was read still follow it.
export const log: ConsolaInstance = createConsola({ level: LEVELS.trace, reporters: [{ log: report }] });

export function setLogLevel(level: LogLevel): void {
  threshold = LEVELS[level];
}

export function setLogFormat(next: LogFormat): void {
  format = next;
}

/** Replaces where lines go (tests capture them) and returns the previous sink. */
export function setLogSink(next: LineSink): LineSink {
  const previous = sink;
  sink = next;
  return previous;
}

/** A line with fields (a JSON line keeps them as its own members), subject to LOG_LEVEL. */
export function logLine(level: LineLevel, tag: string, msg: string, fields?: LogFields): void {
  if (LEVELS[level] > threshold) return;
  sink(formatLine(format, level, tag, msg, fields), level === 'error' || level === 'warn');
}
