/**
 * The process's logger: consola, writing "[type] [tag] message" lines through Bun's console rather
 * than through consola's default reporter, which writes to process.stdout: initialising Node's
 * stream objects costs ~6 MiB of resident memory in an otherwise idle server. Every tagged child
 * follows the one LOG_LEVEL, whenever it was created.
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

function report(o: LogObject): void {
  if (o.level > threshold) return;
  // Errors and warnings go to stderr, the rest to stdout, as consola's basic reporter does.
  (o.level < 2 ? console.error : console.log)(formatPrefix(o), ...o.args);
}

// consola filters by its own level before reporting; ours is applied in report() so that children
// created by withTag() before LOG_LEVEL was read still follow it.
export const log: ConsolaInstance = createConsola({ level: LEVELS.trace, reporters: [{ log: report }] });

export function setLogLevel(level: LogLevel): void {
  threshold = LEVELS[level];
}
