/**
 * The request time at S3's precision: whole seconds (LastModified, Initiated and CreationDate end in
 * .000Z). Requests within one second share one Date, which every object written then keeps: one
 * Date per second instead of one per object. Shared, so never mutated (copy it to do arithmetic).
 */
let current: Date | undefined;

export function secondNow(): Date {
  const ms = Math.floor(Date.now() / 1000) * 1000;
  if (current === undefined || current.getTime() !== ms) current = new Date(ms);
  return current;
}
