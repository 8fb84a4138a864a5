/** When a restored copy of an archived object expires (RestoreObject's Days, as AWS rounds it). */
const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC `days + 1` days after `now`'s date. */
export function restoreExpiry(now: Date, days: number): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight + (days + 1) * DAY_MS);
}
