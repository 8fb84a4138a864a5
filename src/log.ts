/**
 * The process's logger: consola, writing "[type] [tag] message" lines through Bun's console rather
 * than through consola's default reporter, which writes to process.stdout: initialising Node's
 * stream objects costs ~6 MiB of resident memory in an otherwise idle server. Every tagged child
 * follows the one LOG_LEVEL, whenever it was created. An error is written as one line (formatError).
 */
import { createConsola, type ConsolaInstance, type LogObject } from 'consola/core';
import type { LogLevel } from './config.ts';

// consola's numeric levels: 0 fatal/error, 1 warn, 2 log, 3 info, 4 debug, 5 trace.
const LEVELS: Record<LogLevel, number> = { error: 0, warn: 1, info: 3, debug: 4, trace: 5 };
let threshold = LEVELS.info;

/** "[info]" or "[info] [s3]": the head of a line, as consola's basic reporter writes it. */
export function formatPrefix(o: Pick<LogObject, 'type' | 'tag'>): string {
  return o.tag ? `[${o.type}] [${o.tag}]` : `[${o.type}]`;
}

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

function report(o: LogObject): void {
  if (o.level > threshold) return;
  const args = o.args.map((arg: unknown) => (arg instanceof Error ? formatError(arg) : arg));
  // Errors and warnings go to stderr, the rest to stdout, as consola's basic reporter does.
  (o.level < 2 ? console.error : console.log)(formatPrefix(o), ...args);
}

// consola filters by its own level before reporting; ours is applied in report() so that children
// created by withTag() before LOG_LEVEL was read still follow it.
export const log: ConsolaInstance = createConsola({ level: LEVELS.trace, reporters: [{ log: report }] });

export function setLogLevel(level: LogLevel): void {
  threshold = LEVELS[level];
}
