/** One consola instance per process, at the level LOG_LEVEL asks for. */
import { consola, createConsola, type ConsolaInstance } from 'consola/basic';
import type { LogLevel } from '../config.ts';

// consola's numeric levels: 0 error, 1 warn, 3 info, 4 debug, 5 trace.
const CONSOLA_LEVEL: Record<LogLevel, number> = { error: 0, warn: 1, info: 3, debug: 4, trace: 5 };

/** Plain "[info] ..." lines (the basic reporter): `docker logs` and CI keep them greppable. */
export function createLogger(level: LogLevel): ConsolaInstance {
  // The shared instance the request pipeline logs through follows LOG_LEVEL too.
  consola.level = CONSOLA_LEVEL[level];
  return createConsola({ level: CONSOLA_LEVEL[level], formatOptions: { date: false } });
}
