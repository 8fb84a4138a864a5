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

let hexIds = '';
let hexAt = 0;

/** Sliced from a pooled upper-hex string: one encode per 512 ids instead of three allocations per id. */
export function newRequestId(): string {
  if (hexAt + 16 > hexIds.length) {
    hexIds = takeRandom(4096).toString('hex').toUpperCase();
    hexAt = 0;
  }
  const id = hexIds.slice(hexAt, hexAt + 16);
  hexAt += 16;
  return id;
}

export function newHostId(): string {
  return takeRandom(48).toString('base64');
}
