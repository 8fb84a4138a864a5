/** Names of stored body files: unique across restarts (time, then a counter, then randomness). */
import { randomBytes } from 'node:crypto';

const PROCESS_TAG = randomBytes(4).toString('hex');
let counter = 0;

export function newBlobName(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${PROCESS_TAG}-${counter.toString(36)}.blob`;
}
