/** S3-style request identifiers: x-amz-request-id (16 upper hex) and x-amz-id-2 (base64). */
import { randomBytes } from '../checksum/digest.ts';

let pool = Buffer.alloc(0);
let offset = 0;

/** Random bytes drawn from a pooled buffer: one syscall per ~400 requests, not one per id. */
function takeRandom(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(16 * 1024);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}

export function newRequestId(): string {
  return takeRandom(8).toString('hex').toUpperCase();
}

export function newHostId(): string {
  return takeRandom(48).toString('base64');
}
