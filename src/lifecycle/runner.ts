/**
 * Runs lifecycle passes: every S3_LIFECYCLE_INTERVAL seconds as of the real time, and on demand
 * as of any time (the internal endpoint), one pass at a time.
 */
import { log as rootLog } from '../log.ts';
import type { LifecycleDeps } from './apply.ts';
import { runLifecyclePass, type LifecycleSummary } from './run.ts';

const log = rootLog.withTag('lifecycle');

export class LifecycleRunner {
  readonly #deps: LifecycleDeps;
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  /** The last pass started: the next one waits for it. */
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #closed = false;

  /** `intervalSeconds` 0: no timer, passes run only on demand. */
  constructor(deps: LifecycleDeps, intervalSeconds: number) {
    this.#deps = deps;
    if (intervalSeconds > 0) {
      this.#timer = setInterval(() => this.#scheduled(), intervalSeconds * 1000);
      this.#timer.unref();
    }
  }

  /** A pass as of `now`, after any pass already running. */
  run(now: Date): Promise<LifecycleSummary> {
    this.#pending++;
    const pass = this.#tail.then(() => runLifecyclePass(this.#deps, now, { stopped: () => this.#closed }));
    this.#tail = pass.catch(() => undefined).finally(() => this.#pending--);
    return pass;
  }

  /** A timer tick while a pass still runs adds nothing: the next tick comes soon enough. */
  #scheduled(): void {
    if (this.#pending > 0 || this.#closed) return;
    this.run(new Date()).then((summary) => {
      const changed = summary.expired + summary.noncurrentExpired + summary.deleteMarkersRemoved + summary.transitioned + summary.aborted;
      if (changed > 0) log.info(`pass over ${summary.keys} keys: ${JSON.stringify(summary)}`);
    }, (e: unknown) => log.error('lifecycle pass failed:', e));
  }

  /** Stops the timer and ends a running pass at its next slice. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#tail;
  }
}
