/** S3_LIFECYCLE_INTERVAL: seconds between lifecycle passes (AWS runs one a day); 0 runs none on its own. */
import { ConfigError } from '../config-error.ts';

export const DEFAULT_LIFECYCLE_INTERVAL_SECONDS = 3600;
/** setInterval holds at most 2^31 - 1 ms. */
const MAX_INTERVAL_SECONDS = 2_147_483;

export function readLifecycleInterval(env: Record<string, string | undefined>): number {
  const raw = env.S3_LIFECYCLE_INTERVAL;
  if (raw === undefined || raw.trim() === '') return DEFAULT_LIFECYCLE_INTERVAL_SECONDS;
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) > MAX_INTERVAL_SECONDS) {
    throw new ConfigError('S3_LIFECYCLE_INTERVAL', raw, `expected a whole number of seconds up to ${MAX_INTERVAL_SECONDS} (0 turns the timer off)`);
  }
  return Number(value);
}
